import { startHarness, type Harness } from '../support/harness';
import { lifecycleDriver } from '../support/lifecycle-driver';

/**
 * A returned proposal resubmitted with changes (issue 12): the workflow records only what differs,
 * before and after, in the ledger entry of the resubmission, and the read model shows the new
 * proposal; a changed proposal on any other step is refused at its field.
 */
describe('POST /api/steps/:id/decisions: resubmit with a changed proposal', () => {
  let h: Harness;
  let d: ReturnType<typeof lifecycleDriver>;

  beforeAll(async () => {
    h = await startHarness();
    d = lifecycleDriver(h);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('records the changes in the ledger and applies them to the project', async () => {
    const created = await d.propose({ title: 'Sân chơi cho trẻ em khu tập thể', requestedBudgetVnd: 80_000_000 }, 'teamLead');
    const returned = await d.decide('coordinator', created.activeStep.id, { choice: 'return', rationale: 'Giảm kinh phí và thêm chỉ số hài lòng' });
    expect(returned.status).toBe(200);
    const resubmission = returned.body.project.activeStep;
    expect(resubmission.type).toBe('resubmission');

    const indicators = [
      { code: 'READERS', name: 'Trẻ em đến đọc mỗi tháng', unit: 'người', baseline: 0, target: 200 },
      { code: 'SATISFACTION', name: 'Mức hài lòng của người dân', unit: '%', baseline: 40, target: 80 },
    ];
    const res = await d.decide('teamLead', resubmission.id, {
      choice: 'resubmit',
      proposal: { title: 'Sân chơi cho trẻ em khu tập thể', summary: (await d.detail(created.id)).summary, requestedBudgetVnd: 60_000_000, indicators },
    });
    expect(res.status).toBe(200);
    expect(res.body.project.requestedBudgetVnd).toBe(60_000_000);
    expect(res.body.project.indicators.map((i: { code: string }) => i.code)).toEqual(['READERS', 'SATISFACTION']);

    const entry = await h.db('decision_ledger').where({ step_id: resubmission.id, choice: 'resubmit' }).first('details');
    // Only what differs: the title and summary were sent unchanged.
    expect(Object.keys(entry.details.changes).sort()).toEqual(['indicators', 'requestedBudgetVnd']);
    expect(entry.details.changes.requestedBudgetVnd).toEqual({ before: 80_000_000, after: 60_000_000 });
    expect(entry.details.changes.indicators.before).toHaveLength(1);

    // The screening resumes; the project the coordinator screens is the changed one.
    const project = await d.detail(created.id);
    expect(project.activeStep.type).toBe('screening');
    expect(project.requestedBudgetVnd).toBe(60_000_000);
  });

  it('refuses a changed proposal on a step that is not a resubmission, naming the field', async () => {
    const created = await d.propose({}, 'teamLead');
    const res = await d.decide('coordinator', created.activeStep.id, { choice: 'accept', proposal: { requestedBudgetVnd: 1 } });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.error.fields)).toEqual(['proposal']);
    expect(await h.db('decision_ledger').where({ step_id: created.activeStep.id }).count('* as n').first().then((r) => Number(r?.n))).toBe(0);
  });
});
