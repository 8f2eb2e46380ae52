import { createHmac } from 'node:crypto';
import { Router, type Request } from 'express';
import { rateLimit } from 'express-rate-limit';
import { COMMENTABLE_STAGES, spamReason } from '../../domain/citizen-voice';
import { CommentAnswerBody, CommentHideBody, PublicCommentBody, PublicProposalBody } from '../../domain/schemas';
import type { ProjectLifecycleInput } from '../../domain/project';
import { startProject } from '../project-commands';
import { projectDetail } from '../read-model';
import { reserveProjectCode } from './projects';
import { requireRole } from '../access';
import { accountOf, actorOf } from '../auth';
import { HttpError } from '../http-errors';
import { idempotencyKeys } from '../idempotency';
import { CODE, INT_ID, pathParam } from '../path-params';
import type { ApiDeps } from '../deps';

type Bilingual = { en: string; vi: string };

export const VOICE_ERRORS = {
  closed: { en: 'This project takes comments while it is in consultation, under way or closed.', vi: 'Dự án chỉ nhận góp ý khi đang lấy ý kiến, đang triển khai hoặc đã kết thúc.' },
  spam: { en: 'This looks like an automatic message; write your comment yourself, with at most two links.', vi: 'Nội dung giống tin nhắn tự động; hãy tự viết góp ý, với tối đa hai đường dẫn.' },
  duplicate: { en: 'You already sent this comment on this project today.', vi: 'Bạn đã gửi góp ý này cho dự án hôm nay.' },
  unknownTeam: { en: 'Choose one of the ward\'s teams.', vi: 'Hãy chọn một tổ của phường.' },
  notTheTeam: { en: 'Only a lead of the project\'s own team or its proposer answers its comments.', vi: 'Chỉ tổ trưởng của tổ phụ trách dự án hoặc người đề xuất trả lời góp ý của dự án.' },
  noComment: { en: 'There is no comment text to answer: only ratings were sent.', vi: 'Không có nội dung góp ý để trả lời: người gửi chỉ chấm điểm.' },
  answered: { en: 'This comment has already been answered.', vi: 'Góp ý này đã được trả lời.' },
  hidden: { en: 'This comment is hidden.', vi: 'Góp ý này đã bị ẩn.' },
} as const satisfies Record<string, Bilingual>;

const keyed = (secret: string, ...parts: string[]) => createHmac('sha256', secret).update(`public-comment\n${parts.join('\n')}`).digest('hex');

function toComment(row: Record<string, any>) {
  const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
  return {
    id: Number(row.id),
    projectId: row.project_id as string,
    ratings: { access: row.access, procedure: row.procedure, officers: row.officers, result: row.result, handling: row.handling },
    comment: (row.comment ?? null) as string | null,
    submittedAt: iso(row.submitted_at)!,
    answer: (row.answer ?? null) as string | null,
    answeredBy: (row.answered_by ?? null) as string | null,
    answeredAt: iso(row.answered_at),
    hiddenReason: (row.hidden_reason ?? null) as string | null,
    hiddenBy: (row.hidden_by ?? null) as string | null,
    hiddenAt: iso(row.hidden_at),
  };
}
export type PublicCommentRecord = ReturnType<typeof toComment>;

/**
 * Residents' comments without an account (R8, R19): on any project under way or closed, whether or
 * not its evaluation window is open (the workflow's feedback route stays as it was). Mounted before
 * authentication; 30 requests a minute per address on each route.
 */
export function publicCommentRoutes({ db, config, temporal }: ApiDeps): Router {
  const router = Router();
  const keys = idempotencyKeys(db, config.jwt.secret);
  // 30 requests a minute per address, each route its own count (like public feedback's).
  const perAddress = () => rateLimit({ windowMs: 60_000, limit: 30, standardHeaders: 'draft-8', legacyHeaders: false, handler: (_req, _res, next) => next(HttpError.of(429, 'rate_limited')) });
  const commentLimit = perAddress();
  const proposalLimit = perAddress();

  router.post('/projects/:code/comments', commentLimit, async (req, res) => {
    const code = pathParam(req, 'code', CODE);
    const { key, body } = await keys.command(req, PublicCommentBody);
    const spam = spamReason(body);
    if (spam) throw new HttpError(422, 'spam_refused', VOICE_ERRORS.spam, spam === 'honeypot' ? { website: VOICE_ERRORS.spam } : { comment: VOICE_ERRORS.spam });
    const project = await db('projects').where({ code }).first('id', 'stage');
    if (!project) throw HttpError.of(404, 'not_found');
    // R22: a plan in consultation takes comments too, while its step is open.
    const inConsultation = project.stage === 'proposal' && Boolean(await db('steps').where({ project_id: project.id, type: 'consultation', status: 'active' }).first('id'));
    if (!(COMMENTABLE_STAGES as readonly string[]).includes(project.stage) && !inConsultation) throw new HttpError(409, 'comments_closed', VOICE_ERRORS.closed);
    const sender = keyed(config.jwt.secret, 'sender', req.ip ?? 'unknown');
    const submission = keyed(config.jwt.secret, 'submission', req.ip ?? 'unknown', key);

    const saved = await db.transaction(async (trx) => {
      // The same key again (a retry) answers the first comment; the same text again from the same sender is refused.
      await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`public_comments:${sender}`]);
      const earlier = await trx('public_comments').where({ submission_hash: submission }).first();
      if (earlier) return earlier;
      if (body.comment) {
        const same = await trx('public_comments')
          .where({ project_id: project.id, sender_hash: sender, comment: body.comment })
          .where('submitted_at', '>', trx.raw("now() - interval '24 hours'"))
          .first('id');
        if (same) throw new HttpError(409, 'duplicate_comment', VOICE_ERRORS.duplicate, { comment: VOICE_ERRORS.duplicate });
      }
      const [row] = await trx('public_comments')
        .insert({ project_id: project.id, ...body.ratings, comment: body.comment ?? null, sender_hash: sender, submission_hash: submission })
        .returning('*');
      return row;
    });
    res.status(201).json({ id: Number(saved.id), submittedAt: new Date(saved.submitted_at).toISOString() });
  });

  /**
   * A residents' proposal (R19): name and phone, no account. The project's proposer is the unit's
   * portal account (inactive, it never signs in); the contact stays with the staff.
   */
  router.post('/proposals', proposalLimit, async (req, res) => {
    const { key, body } = await keys.command(req, PublicProposalBody);
    if (spamReason({ website: body.website })) throw new HttpError(422, 'spam_refused', VOICE_ERRORS.spam, { website: VOICE_ERRORS.spam });
    const team = await db('teams').where({ code: body.leadTeamCode }).first('code', 'unit_code');
    if (!team) throw new HttpError(422, 'unknown_team', VOICE_ERRORS.unknownTeam, { leadTeamCode: VOICE_ERRORS.unknownTeam });
    const portal = await portalAccount(db, team.unit_code);
    const { code, projectId } = await reserveProjectCode(db, portal.id, team.unit_code, keyed(config.jwt.secret, 'proposal', req.ip ?? 'unknown', key));
    const input: ProjectLifecycleInput = {
      projectId,
      code,
      unitCode: team.unit_code,
      leadTeamCode: team.code,
      title: body.title,
      summary: body.summary,
      category: body.category,
      requestedBudgetVnd: body.requestedBudgetVnd,
      ...(body.beneficiaries ? { beneficiaries: body.beneficiaries } : {}),
      origin: 'residents',
      proposer: { userId: portal.id, role: portal.role, displayName: body.name },
      submittedAt: new Date().toISOString(),
    };
    const started = await startProject(temporal, config.temporal.taskQueue, input, config.commandTimeoutMs);
    if (started.projectId !== projectId) throw HttpError.of(409, 'conflict');
    await db('resident_proposals').insert({ project_id: projectId, contact_name: body.name, contact_phone: body.phone }).onConflict('project_id').ignore();
    const detail = await projectDetail(db, projectId);
    res.status(201).json({ code, stage: detail?.stage ?? 'proposal' });
  });

  return router;
}

/** The unit's portal account: the proposer of residents' proposals; inactive, with no usable password. */
async function portalAccount(db: ApiDeps['db'], unitCode: string): Promise<{ id: string; role: 'coordinator' }> {
  const email = `cu-dan.${unitCode.toLowerCase()}@portal.invalid`;
  await db.raw(
    `INSERT INTO users (email, display_name, password_hash, role, unit_code, active) VALUES (?, ?, '!', 'coordinator', ?, false)
     ON CONFLICT ((lower(email))) DO NOTHING`,
    [email, 'Người dân (cổng thông tin)', unitCode],
  );
  const row = await db('users').whereRaw('lower(email) = ?', [email]).first('id');
  return { id: row.id, role: 'coordinator' };
}

/**
 * Who answers a comment: a lead of the project's own team; its proposer (R22: the proposer answers the
 * consultation's comments); for a residents' proposal, a coordinator acting for the residents.
 */
function mayAnswer(actor: { userId: string; role: string }, teamCode: string | null, project: { lead_team_code: string; proposer_user_id: string; origin: string }): boolean {
  if (actor.role === 'team_lead' && teamCode === project.lead_team_code) return true;
  if (actor.userId === project.proposer_user_id) return true;
  return project.origin === 'residents' && actor.role === 'coordinator';
}

/** A comment on a project of the caller's own unit; another unit's is as good as missing. */
async function commentOf(req: Request, db: ApiDeps['db']) {
  const id = pathParam(req, 'id', INT_ID);
  const row = await db('public_comments as c').join('projects as p', 'p.id', 'c.project_id').where('c.id', id).first('c.*', 'p.lead_team_code', 'p.unit_code', 'p.proposer_user_id', 'p.origin');
  if (!row || row.unit_code !== accountOf(req).unitCode) throw HttpError.of(404, 'not_found');
  return row;
}

/** The staff's side: the lead team answers a comment in public; a coordinator hides one with a reason. */
export function commentRoutes({ db, config }: ApiDeps): Router {
  const router = Router();
  const keys = idempotencyKeys(db, config.jwt.secret);

  router.get('/public-comments', requireRole('comments.list'), async (req, res) => {
    const { unitCode } = accountOf(req);
    const actor = actorOf(req);
    const rows = await db('public_comments as c')
      .join('projects as p', 'p.id', 'c.project_id')
      .where('p.unit_code', unitCode)
      .orderBy([{ column: 'c.submitted_at', order: 'desc' }, { column: 'c.id', order: 'desc' }])
      .limit(500)
      .select('c.*', 'p.code as project_code', 'p.title as project_title', 'p.lead_team_code', 'p.proposer_user_id', 'p.origin');
    res.json(
      rows.map((r) => ({
        ...toComment(r),
        projectCode: r.project_code as string,
        projectTitle: r.project_title as string,
        leadTeamCode: r.lead_team_code as string,
        mayAnswer: mayAnswer(actor, accountOf(req).teamCode, r),
      })),
    );
  });

  router.post('/public-comments/:id/answer', requireRole('comments.answer'), async (req, res) => {
    const { body } = await keys.command(req, CommentAnswerBody);
    const comment = await commentOf(req, db);
    const actor = actorOf(req);
    const { teamCode } = accountOf(req);
    if (!mayAnswer(actor, teamCode, comment)) throw new HttpError(403, 'forbidden', VOICE_ERRORS.notTheTeam);
    if (!comment.comment) throw new HttpError(409, 'nothing_to_answer', VOICE_ERRORS.noComment);
    if (comment.hidden_at) throw new HttpError(409, 'comment_hidden', VOICE_ERRORS.hidden);
    // Only the first answer is written; the same answer sent again by its author is a retry.
    const [row] = await db('public_comments').where({ id: comment.id }).whereNull('answer').update({ answer: body.answer, answered_by: actor.userId, answered_at: db.fn.now() }).returning('*');
    if (row) return void res.json(toComment(row));
    const now = await db('public_comments').where({ id: comment.id }).first();
    if (now.answered_by === actor.userId && now.answer === body.answer) return void res.json(toComment(now));
    throw new HttpError(409, 'already_answered', VOICE_ERRORS.answered);
  });

  router.post('/public-comments/:id/hide', requireRole('comments.moderate'), async (req, res) => {
    const { body } = await keys.command(req, CommentHideBody);
    const comment = await commentOf(req, db);
    const actor = actorOf(req);
    const [row] = await db('public_comments').where({ id: comment.id }).whereNull('hidden_at').update({ hidden_reason: body.reason, hidden_by: actor.userId, hidden_at: db.fn.now() }).returning('*');
    if (row) return void res.json(toComment(row));
    const now = await db('public_comments').where({ id: comment.id }).first();
    if (now.hidden_by === actor.userId && now.hidden_reason === body.reason) return void res.json(toComment(now));
    throw new HttpError(409, 'comment_hidden', VOICE_ERRORS.hidden);
  });

  return router;
}

/** Visible comments with text and no answer yet on a project (R22: the consultation waits for them). */
export async function unansweredComments(db: ApiDeps['db'], projectId: string): Promise<number> {
  const row = await db('public_comments').where({ project_id: projectId }).whereNull('hidden_at').whereNull('answer').whereNotNull('comment').whereRaw("btrim(comment) <> ''").count<{ count: string }[]>('* as count').first();
  return Number(row?.count ?? 0);
}
