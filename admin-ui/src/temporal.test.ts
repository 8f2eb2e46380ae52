import { workflowUrl } from './temporal';

describe('workflowUrl', () => {
  it('points at the workflow in the default namespace', () => {
    expect(workflowUrl('http://localhost:8233/', 'project-P-BEN-NGHE-2025-0001')).toBe(
      'http://localhost:8233/namespaces/default/workflows/project-P-BEN-NGHE-2025-0001',
    );
  });
});
