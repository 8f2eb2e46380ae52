import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { Actor } from '../domain/roles';
import type { ProjectLifecycleInput } from '../domain/project';
import { decideStep, startProject, workflowIdFor } from '../api/project-commands';
import { DEMO_UNIT, DEMO_USERS } from './reference-data';

const DEMO_PROPOSALS: Omit<ProjectLifecycleInput, 'projectId' | 'proposer' | 'submittedAt' | 'unitCode'>[] = [
  { code: 'BD-DEMO-01', title: 'Sàn việc làm cộng đồng tháng 12', summary: 'Phiên giao dịch việc làm tại nhà văn hóa phường, kết nối 20 doanh nghiệp với người lao động địa phương (R7).', category: 'livelihood', leadTeamCode: 'BD-ECO', requestedBudgetVnd: 120_000_000 },
  { code: 'BD-DEMO-02', title: 'Không gian sáng tạo ngõ 12 Đội Cấn', summary: 'Cải tạo khoảng đất trống thành không gian đọc và sáng tạo cho thanh thiếu niên, do tổ dân phố đề xuất.', category: 'public_space', leadTeamCode: 'BD-CUL', requestedBudgetVnd: 350_000_000 },
  { code: 'BD-DEMO-03', title: 'Sinh kế xanh: phân loại rác tại nguồn', summary: 'Thí điểm phân loại rác tại nguồn ở 3 tổ dân phố, hợp tác xã thu gom và tái chế, đo khối lượng rác giảm.', category: 'environment', leadTeamCode: 'BD-ENV', requestedBudgetVnd: 90_000_000 },
];

async function actorFor(db: Knex, key: string): Promise<Actor> {
  const demo = DEMO_USERS.find((u) => u.key === key)!;
  const row = await db('users').whereRaw('lower(email) = ?', [demo.email]).first('id');
  return { userId: row.id, role: demo.role, displayName: demo.displayName };
}

/** Demo projects started through the real workflow, in three different states. Idempotent. */
export async function seedDemoProjects({ db, client, taskQueue }: { db: Knex; client: Client; taskQueue: string }): Promise<string[]> {
  const coordinator = await actorFor(db, 'coordinator');
  const teamLead = await actorFor(db, 'teamLead');
  const created: string[] = [];
  for (const proposal of DEMO_PROPOSALS) {
    if (await db('projects').where({ code: proposal.code }).first('id')) continue;
    const state = await startProject(client, taskQueue, {
      ...proposal,
      projectId: randomUUID(),
      unitCode: DEMO_UNIT.code,
      proposer: proposal.code === 'BD-DEMO-03' ? teamLead : coordinator,
      submittedAt: new Date().toISOString(),
    });
    created.push(proposal.code);
    const stepId = state.activeStep?.stepId;
    if (!stepId) continue;
    const workflowId = workflowIdFor(proposal.code);
    if (proposal.code === 'BD-DEMO-02') {
      await decideStep(client, workflowId, `demo:${stepId}`, { stepId, actor: coordinator, choice: 'accept', rationale: 'Hồ sơ đầy đủ; phù hợp quy hoạch không gian công cộng', evidence: [] });
    }
    if (proposal.code === 'BD-DEMO-03') {
      await decideStep(client, workflowId, `demo:${stepId}`, { stepId, actor: coordinator, choice: 'return', rationale: 'Bổ sung số liệu khối lượng rác hiện tại (đường cơ sở)', evidence: [] });
    }
  }
  return created;
}
