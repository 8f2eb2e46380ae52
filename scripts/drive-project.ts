/**
 * Drives one community project through every stage on the running stack, over the HTTP API, so a
 * person can watch it in the console and in the Temporal Web UI: proposal (screening, board vote)
 * → partner matching → funding → execution → impact evaluation → closed. Each act prints one line:
 * who did what, and the project's stage and open step after it.
 *
 *   make up          # in one terminal
 *   npm run drive    # in another (DONGHANH_URL, default http://localhost:8080)
 *
 * The one thing not done over HTTP is the start: the citizens' feedback window lasts
 * `feedback_window` (10 working days in the demo data), so the script starts its project with the
 * function the API uses (startProject, on TEMPORAL_ADDRESS, default 127.0.0.1:7233) and a workflow
 * input giving this project alone a 20-second window (`slaOverrides`). No policy is written.
 * `--policy-window` starts it without that input: the window then lasts as long as the policy says.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseConfig } from '../domain/config';
import type { Role } from '../domain/roles';
import { startProject } from '../api/project-commands';
import { connectTemporalClient } from '../platform/temporal';

const BASE = (process.env.DONGHANH_URL ?? 'http://localhost:8080').replace(/\/+$/, '');
const POLICY_WINDOW = process.argv.includes('--policy-window');
const FEEDBACK_WINDOW_SECONDS = 20;
const PASSWORD = 'DongHanh@2026';
const PEOPLE = {
  coordinator: 'dieuphoi@donghanh.vn',
  coordinator2: 'dieuphoi2@donghanh.vn',
  chair: 'chutich.bdp@donghanh.vn',
  boardBusiness: 'doanhnghiep.bdp@donghanh.vn',
  cultureLead: 'totruong.vanhoa@donghanh.vn',
  allianceLead: 'lienminh@donghanh.vn',
  coop: 'doitac@donghanh.vn',
  school: 'truongthcs@donghanh.vn',
  auditor: 'giamsat@donghanh.vn',
} as const;
type Person = keyof typeof PEOPLE;
const SCHOOL = 'Trường THCS Ba Đình';
const COOP = 'HTX Xanh Ba Đình';
const FINAL = ['closed', 'rejected', 'cancelled', 'withdrawn'];
const TEMPORAL_UI = process.env.TEMPORAL_UI_URL ?? `http://localhost:${process.env.TEMPORAL_UI_PORT ?? 8233}`;

interface Project {
  id: string; code: string; title: string; stage: string; workflowId: string;
  activeStep: { id: string; type: string; dueAt: string | null } | null;
  candidates: { capability: string; partnerId: string; partnerName: string; rank: number; score: number; reasons: string[] }[];
  invitations: { id: string; partnerName: string; capability: string; status: string }[];
  pledgedVnd: number; nonStateShare: number | null; feedbackClosesAt: string | null;
  feedback: { count: number; averageRating: number | null };
  outcome: string | null; recommendation: string | null;
}

class ApiError extends Error {
  constructor(readonly request: string, readonly status: number, readonly body: unknown) {
    super(`${request} → ${status} ${JSON.stringify(body)}`);
  }
}

/** One HTTP call; every POST carries a fresh Idempotency-Key. Error answers throw. */
async function http<T>(method: 'GET' | 'POST', path: string, opts: { token?: string; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = { 'Accept-Language': 'en' };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  if (method === 'POST') headers['Idempotency-Key'] = randomUUID();
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(BASE + path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const text = await res.text();
  let data: unknown = text;
  try { data = text ? JSON.parse(text) : null; } catch { /* not JSON: keep the text */ }
  if (!res.ok) throw new ApiError(`${method} ${path}${opts.body === undefined ? '' : ` ${JSON.stringify(opts.body, (k, v) => (k === 'password' ? '***' : v))}`}`, res.status, data);
  return data as T;
}

const tokens = {} as Record<Person, string>;
const names = {} as Record<Person, string>;
const ids = {} as Record<Person, { userId: string; role: Role; displayName: string }>;
let project: Project;

const vnd = (n: number) => `${n.toLocaleString('vi-VN')} ₫`;
const where = (p: Project) => `${p.stage} · ${p.activeStep?.type ?? '(no open step)'}`;
function say(who: Person | 'citizen', what: string, p: Project = project): void {
  const name = who === 'citizen' ? 'Người dân' : names[who];
  console.log(`  ${name.padEnd(22)} ${what.padEnd(58)} → ${where(p)}`);
}

const read = () => http<Project>('GET', `/api/projects/${project.id}`, { token: tokens.coordinator });
/**
 * A stage command or decision; the answer is the project as it now is. When the answer shows no
 * open step, the engine is usually opening the next one: give it a moment, so the line shows it.
 */
async function command(who: Person, path: string, body: unknown): Promise<Project> {
  project = (await http<{ project: Project }>('POST', path, { token: tokens[who], body })).project;
  for (let i = 0; i < 8 && !project.activeStep && !FINAL.includes(project.stage); i += 1) {
    await sleep(250);
    project = await read();
  }
  return project;
}

/** Polls the project (every `everyMs`) until `ready`; the engine moves on just after a command answers. */
async function waitFor(ready: (p: Project) => boolean, what: string, everyMs = 500, timeoutMs = 30_000, tick?: (p: Project) => void): Promise<Project> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    project = await read();
    if (ready(project)) return project;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; the project is at ${where(project)}`);
    tick?.(project);
    await sleep(everyMs);
  }
}
const stepOpen = (type: string) => waitFor((p) => p.activeStep?.type === type, `the ${type} step to open`);

/** Decides the open step of `type` (its id has ':' in it, hence the encoding). */
async function decide(who: Person, type: string, body: Record<string, unknown>): Promise<Project> {
  const step = (await stepOpen(type)).activeStep!;
  return command(who, `/api/steps/${encodeURIComponent(step.id)}/decisions`, body);
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log(`Driving one community project through every stage on ${BASE}:`);
  console.log('  proposal (screening → board vote) → partner matching → funding → execution → impact evaluation → closed\n');
  await fetch(`${BASE}/readyz`).then((r) => { if (!r.ok) throw new Error(`readyz answered ${r.status}`); }).catch((err) => {
    throw new Error(`The stack is not ready at ${BASE} (${(err as Error).message}). Start it with \`make up\` first.`);
  });
  if (POLICY_WINDOW) console.log('Started without its own durations (--policy-window): the feedback window lasts as long as the policy says.\n');
  else console.log(`This project alone gets a ${FEEDBACK_WINDOW_SECONDS}-second feedback window (a workflow input); the SLA policies stay as they are.\n`);

  for (const who of Object.keys(PEOPLE) as Person[]) {
    const session = await http<{ token: string; user: { id: string; role: Role; displayName: string } }>('POST', '/api/auth/login', { body: { email: PEOPLE[who], password: PASSWORD } });
    tokens[who] = session.token;
    names[who] = session.user.displayName;
    ids[who] = { userId: session.user.id, role: session.user.role, displayName: session.user.displayName };
  }

  // 1–3. Proposal: a coordinator proposes it, the other one screens it (no one screens their own proposal), the board votes.
  const stamp = new Date().toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour12: false });
  // Started as the API starts a proposal, with this project's own feedback window as a workflow input.
  const config = parseConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const client = await connectTemporalClient(config.temporal).catch((err: Error) => {
    throw new Error(`Cannot reach Temporal at ${config.temporal.address} (${err.message}): set TEMPORAL_ADDRESS.`);
  });
  const code = `BD-DRIVE-${new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)}`;
  try {
    const started = await startProject(client, config.temporal.taskQueue, {
      projectId: randomUUID(),
      code,
      unitCode: 'BD',
      title: `Tủ sách cộng đồng cho thiếu nhi (${stamp})`,
      summary: 'Mở tủ sách và giờ đọc cuối tuần cho thiếu nhi tại trường THCS, do tình nguyện viên của hợp tác xã hỗ trợ.',
      category: 'culture', leadTeamCode: 'BD-CUL', requestedBudgetVnd: 80_000_000, requiredCapabilities: ['venue', 'volunteers'],
      indicators: [{ code: 'READERS', name: 'Trẻ em đến đọc mỗi tháng', unit: 'người', baseline: 0, target: 200 }],
      proposer: ids.coordinator,
      submittedAt: new Date().toISOString(),
      ...(POLICY_WINDOW ? {} : { slaOverrides: { feedback_window: { durationValue: FEEDBACK_WINDOW_SECONDS, durationUnit: 'seconds' as const } } }),
    });
    project = { id: started.projectId } as Project;
  } finally {
    await client.connection.close();
  }
  project = await read();
  const links = { console: `${BASE}/#/projects/${project.id}/show`, temporal: `${TEMPORAL_UI}/namespaces/default/workflows/${encodeURIComponent(project.workflowId)}` };
  console.log(`Project ${project.code} "${project.title}"\n  watch it: ${links.console}\n            ${links.temporal}\n`);
  say('coordinator', 'proposed the project (80 M₫, culture, lead team BD-CUL)');
  await decide('coordinator2', 'screening', { choice: 'accept', rationale: 'Hồ sơ đầy đủ' });
  say('coordinator2', 'accepted it at screening (the proposer may not screen her own proposal)');
  await decide('chair', 'board_review', { choice: 'approve', rationale: 'Phù hợp nhu cầu đọc của thiếu nhi' });
  say('chair', 'voted approve (board review)');
  await decide('boardBusiness', 'board_review', { choice: 'approve', rationale: 'Chi phí hợp lý, có đối tác địa phương' });
  say('boardBusiness', 'voted approve (board review)');

  // 4–5. Partner matching: ranked candidates, invitations, partners accept.
  await waitFor((p) => p.activeStep?.type === 'partner_matching' && p.candidates.length > 0, 'partner candidates');
  for (const c of project.candidates.filter((c) => c.rank === 1)) console.log(`    top candidate for ${c.capability}: ${c.partnerName} (score ${c.score}: ${c.reasons.join('; ')})`);
  const partnerId = (name: string) => project.candidates.find((c) => c.partnerName === name)?.partnerId ?? fail(`${name} is not among the candidates`);
  const invites = [{ capability: 'venue', partner: SCHOOL, who: 'school' as const }, { capability: 'volunteers', partner: COOP, who: 'coop' as const }];
  for (const i of invites) {
    await command('coordinator', `/api/projects/${project.id}/invitations`, { partnerId: partnerId(i.partner), capability: i.capability });
    say('coordinator', `invited ${i.partner} for ${i.capability}`);
  }
  for (const i of invites) {
    const invitation = project.invitations.find((x) => x.partnerName === i.partner && x.capability === i.capability && x.status === 'invited') ?? fail(`no open invitation for ${i.partner}`);
    await command(i.who, `/api/invitations/${invitation.id}/response`, { accept: true, resources: i.capability === 'venue' ? 'Thư viện trường, sáng thứ Bảy và Chủ nhật' : '6 tình nguyện viên đọc sách cùng các em' });
    say(i.who, `accepted the invitation for ${i.capability}`);
  }

  // 6–8. Funding: plan and milestones, pledges (R6: ≥ 70 % non-state), the lead team approves (≤ 100 M₫).
  await stepOpen('funding_approval');
  const due = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  await command('cultureLead', `/api/projects/${project.id}/plan`, {
    lines: [{ label: 'Sách và giá sách', amountVnd: 50_000_000 }, { label: 'Bàn ghế, đèn đọc', amountVnd: 20_000_000 }, { label: 'Truyền thông, khai trương', amountVnd: 10_000_000 }],
    milestones: [
      { code: 'M1', title: 'Lắp đặt tủ sách', ownerTeamCode: 'BD-CUL', dueDate: due(30) },
      { code: 'M2', title: 'Khai trương giờ đọc cuối tuần', ownerTeamCode: 'BD-CUL', dueDate: due(45) },
    ],
  });
  say('cultureLead', 'set the budget plan (3 lines, 80 M₫) and milestones M1, M2');
  const pledges: [Person, Record<string, unknown>][] = [
    ['coordinator', { source: 'state', amountVnd: 20_000_000, note: 'Ngân sách phường' }],
    ['coop', { source: 'in_kind', amountVnd: 30_000_000, note: 'Sách và giá sách tái chế' }],
    ['coordinator', { source: 'community', amountVnd: 30_000_000, note: 'Quyên góp của cư dân' }],
  ];
  for (const [who, body] of pledges) {
    await command(who, `/api/projects/${project.id}/pledges`, body);
    say(who, `pledged ${vnd(body.amountVnd as number)} (${body.source}): total ${vnd(project.pledgedVnd)}, non-state ${((project.nonStateShare ?? 0) * 100).toFixed(0)} %`);
  }
  await decide('cultureLead', 'funding_approval', { choice: 'approve', rationale: 'Đủ nguồn, xã hội hóa 75 %' });
  say('cultureLead', 'approved the funding');

  // 9. Execution: both milestones completed with evidence.
  for (const code of ['M1', 'M2']) {
    await waitFor((p) => p.stage === 'execution' && p.activeStep?.type === 'execution', 'the execution step');
    await command('cultureLead', `/api/projects/${project.id}/milestones/${code}/completion`, { evidence: [`https://example.org/tu-sach/${code.toLowerCase()}.jpg`] });
    say('cultureLead', `completed milestone ${code} with evidence`);
  }

  // 10–11. Impact evaluation: citizens' feedback while the window is open, the lead team reports.
  await stepOpen('impact_reporting');
  console.log(`    feedback window open until ${project.feedbackClosesAt}`);
  for (const [rating, comment] of [[5, 'Con tôi rất thích giờ đọc cuối tuần'], [5, 'Sách mới, chỗ ngồi thoáng'], [4, 'Mong có thêm sách tiếng Anh']] as const) {
    await http('POST', `/api/public/projects/${encodeURIComponent(project.code)}/feedback`, { body: { rating, comment } });
    say('citizen', `sent feedback ${rating}★ "${comment}" (202)`);
  }
  await command('cultureLead', `/api/projects/${project.id}/indicators/READERS/actuals`, { actual: 230, evidence: ['https://example.org/tu-sach/so-muon-sach.pdf'] });
  say('cultureLead', 'recorded READERS = 230 (target 200)');
  await decide('cultureLead', 'impact_reporting', { choice: 'submit' });
  say('cultureLead', 'submitted the impact report (verified once feedback closes)');

  // 12. Verification waits for the feedback window to close.
  const countdown = (p: Project) => {
    const left = p.feedbackClosesAt ? Math.max(0, Math.ceil((Date.parse(p.feedbackClosesAt) - Date.now()) / 1000)) : NaN;
    const line = `    waiting for the feedback window to close: ${Number.isNaN(left) ? '?' : left} s left (${p.feedback.count} feedback so far)`;
    if (process.stdout.isTTY) process.stdout.write(`\r${line}   `);
    else console.log(line);
  };
  const closesIn = Date.parse(project.feedbackClosesAt ?? '') - Date.now();
  if (!(closesIn < 15 * 60_000)) fail(`The feedback window closes at ${project.feedbackClosesAt} (the feedback_window policy); run without --policy-window for a short window. The console shows the project waiting there.`);
  await waitFor((p) => p.activeStep?.type === 'impact_verification', 'impact verification (after the feedback window)', 2000, closesIn + 60_000, countdown);
  if (process.stdout.isTTY) process.stdout.write('\n');
  console.log(`    feedback window closed: ${project.feedback.count} feedback, average ${project.feedback.averageRating ?? '–'}★`);
  await decide('allianceLead', 'impact_verification', { choice: 'accept', rationale: 'Đã đối chiếu sổ mượn sách và ý kiến người dân' });
  say('allianceLead', 'verified the impact report (accept)');

  // 13. The board chair signs off: the project closes.
  await decide('chair', 'board_signoff', { choice: 'sign_off', rationale: 'Vượt mục tiêu, người dân hài lòng', outcome: 'achieved', recommendation: 'scale_up' });
  if (project.stage !== 'closed') await waitFor((p) => p.stage === 'closed', 'the project to close');
  say('chair', 'signed off');
  console.log(`    outcome: ${project.outcome}, recommendation: ${project.recommendation}\n`);

  // 14. The ledger's hash chain, and where to look.
  const verdict = await http<Record<string, unknown>>('GET', '/api/ledger/verify', { token: tokens.auditor });
  console.log(`Ledger verify (${names.auditor}): ${JSON.stringify(verdict)}`);
  console.log(`Console      ${links.console}`);
  console.log(`Temporal UI  ${links.temporal}`);
  console.log(`\n${project.code} reached ${project.stage} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

function fail(message: string): never {
  throw new Error(message);
}

main().catch((err) => {
  if (err instanceof ApiError) {
    const e = (err.body as { error?: { code?: string; message?: string; fields?: unknown } })?.error;
    console.error(`\n✗ ${err.request}\n  → ${err.status} ${e ? `${e.code}: ${e.message}${e.fields && Object.keys(e.fields).length ? ` ${JSON.stringify(e.fields)}` : ''}` : JSON.stringify(err.body)}`);
  } else {
    console.error(`\n✗ ${err instanceof Error ? err.message : String(err)}`);
  }
  if (project) console.error(`  project ${project.code} is at ${where(project)}`);
  process.exit(1);
});
