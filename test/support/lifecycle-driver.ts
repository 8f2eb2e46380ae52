import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { sampleProposal, type Harness } from './harness';

/**
 * Policies in seconds for every step of the later stages (the dev server has no time skipping). The
 * feedback window is short enough to wait for its close, and long enough for a test on a loaded
 * machine to land feedback in it first.
 */
export async function secondsPolicies(db: Knex, overrides: Record<string, number> = {}): Promise<void> {
  const types = ['partner_matching', 'invitation_response', 'funding_approval', 'execution', 'change_request', 'impact_reporting', 'feedback_window', 'impact_verification', 'board_signoff'];
  const defaults: Record<string, number> = { feedback_window: 10 };
  await db('sla_policies').insert(
    types.map((t) => ({
      step_type: t,
      version: 10,
      duration_value: overrides[t] ?? defaults[t] ?? 120,
      duration_unit: 'seconds',
      at_risk_ratio: 0.5,
      escalation_ladder: '[]',
    })),
  );
  // Tests of the later stages approve projects of any budget without a consultation (R22);
  // test/workflow/consultation.test.ts covers the consultation under the real policy.
  await db('consultation_policies')
    .insert({ version: 10, threshold_vnd: 1_000_000_000_000, window_working_days: 10, reason: 'tests of the later stages: no consultation', active_from: '2025-07-01T00:00:00+07:00' })
    .onConflict('version')
    .ignore();
}

/** Drives the API as the demo users do; each call asserts nothing, so tests state what they expect. */
export function lifecycleDriver(h: Harness) {
  const post = async (as: string, path: string, body: object) =>
    h.api().post(path).set('Authorization', `Bearer ${await h.tokenFor(as)}`).set('Idempotency-Key', randomUUID()).send(body);
  const partnerId = async (name: string): Promise<string> => (await h.db('partners').where({ name }).first('id')).id;

  const d = {
    post,
    partnerId,
    async propose(overrides: Record<string, unknown> = {}, as = 'coordinator') {
      const res = await post(as, '/api/projects', sampleProposal({ requiredCapabilities: ['venue', 'volunteers'], indicators: [{ code: 'READERS', name: 'Trẻ em đến đọc mỗi tháng', unit: 'người', baseline: 0, target: 200 }], ...overrides }));
      if (res.status !== 201) throw new Error(`propose: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { id: string; code: string; workflowId: string; activeStep: { id: string } };
    },
    decide: (as: string, stepId: string, body: object) => post(as, `/api/steps/${encodeURIComponent(stepId)}/decisions`, body),
    command: (as: string, projectId: string, path: string, body: object) => post(as, `/api/projects/${projectId}/${path}`, body),
    async detail(projectId: string) {
      const res = await h.api().get(`/api/projects/${projectId}`).set('Authorization', `Bearer ${await h.tokenFor('coordinator')}`);
      return res.body;
    },
    openStep(project: { steps: { type: string; status: string; id: string; decider?: string | null }[] }, type: string) {
      return project.steps.find((s) => s.type === type && s.status === 'active');
    },
    /** Screening accepted (by the other coordinator: no one screens their own proposal) and the board's approval: the project is at partner matching. */
    async approved(overrides: Record<string, unknown> = {}) {
      const created = await d.propose(overrides);
      const accepted = await d.decide('coordinator2', created.activeStep.id, { choice: 'accept' });
      const reviewId = accepted.body.project.activeStep.id;
      await d.decide('boardChair', reviewId, { choice: 'approve', rationale: 'Phù hợp kế hoạch năm' });
      const second = await d.decide('boardBusiness', reviewId, { choice: 'approve' });
      if (second.body.project?.stage !== 'partner_matching') throw new Error(`approval: ${JSON.stringify(second.body)}`);
      return second.body.project;
    },
    /** Invites a partner and has it accept; answers the project after the response. */
    async commit(projectId: string, partnerKey: string, partnerName: string, capability: string) {
      const invited = await d.command('coordinator', projectId, 'invitations', { partnerId: await partnerId(partnerName), capability });
      if (invited.status !== 200) throw new Error(`invite: ${invited.status} ${JSON.stringify(invited.body)}`);
      const inv = invited.body.project.invitations.find((i: { partnerName: string; capability: string; status: string }) => i.partnerName === partnerName && i.capability === capability && i.status === 'invited');
      const res = await post(partnerKey, `/api/invitations/${inv.id}/response`, { accept: true, resources: `${capability}: cam kết cho dự án` });
      if (res.status !== 200) throw new Error(`respond: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.project;
    },
  };
  return d;
}

export const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
