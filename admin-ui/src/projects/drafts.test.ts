import { createDraftStore } from './drafts';

function memoryStorage() {
  const items = new Map<string, string>();
  return { items, getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), removeItem: (k: string) => void items.delete(k) };
}

describe('decision drafts', () => {
  it('keeps the typed words per step until cleared', () => {
    const storage = memoryStorage();
    const drafts = createDraftStore(storage);
    drafts.write('project-BD-1:screening:1', { rationale: 'Thiếu dự toán chi tiết', evidence: '', conflictOfInterest: null, proposal: { title: 'x' } as never });
    expect(drafts.read('project-BD-1:screening:1')).toEqual({ rationale: 'Thiếu dự toán chi tiết' });
    expect(drafts.read('project-BD-2:screening:1')).toBeUndefined();
    drafts.clear('project-BD-1:screening:1');
    expect(drafts.read('project-BD-1:screening:1')).toBeUndefined();
  });

  it('forgets a draft emptied by its author, and reads garbage as none', () => {
    const storage = memoryStorage();
    const drafts = createDraftStore(storage, 'p');
    drafts.write('s', { rationale: 'a' });
    drafts.write('s', { rationale: '' });
    expect(storage.items.size).toBe(0);
    storage.setItem('p:s', '{oops');
    expect(drafts.read('s')).toBeUndefined();
    storage.setItem('p:s', JSON.stringify({ rationale: 7, evidence: 'https://example.org/a' }));
    expect(drafts.read('s')).toEqual({ evidence: 'https://example.org/a' });
  });
});
