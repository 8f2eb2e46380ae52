import { Router, type Request } from 'express';
import type { Knex } from 'knex';
import {
  BoardMemberCreateBody,
  BoardMemberEndBody,
  ConflictOfInterestBody,
  PartnerCreateBody,
  PartnerUpdateBody,
  QuorumRuleVersionBody,
  ConsultationPolicyVersionBody,
  SlaPolicyVersionBody,
  UnitUpdateBody,
  UserCreateBody,
  UserUpdateBody,
} from '../../domain/schemas';
import { actorOf, hashPassword, revokeSessions } from '../auth';
import { requireRole } from '../access';
import { HttpError } from '../http-errors';
import { idempotencyKeyOf, idempotencyKeys } from '../idempotency';
import { listContext, visibleRows, type ListContext, type ListDef } from '../list-params';
import { ADMIN_CHANGE_UNITS, LISTS } from '../lists';
import { BOARD_MEMBER_ID, CODE, INT_ID, pathParam, UUID } from '../path-params';
import { VIETNAM_TODAY_SQL } from '../account';
import type { ApiDeps } from '../deps';
import { wakeEligibilityReviewer } from '../../platform/eligibility-reviewer';

/**
 * Reference data kept by admins (R18): users, partners, seats on the board (R4), conflicts of
 * interest (R21) and new versions of SLA policies and quorum rules. Each change is a decision too:
 * it writes one `admin_changes` row (who, with which role, when, the row before and after) in the
 * same transaction. Every command carries an Idempotency-Key; a retry by the same person answers the
 * first result. A change that may change who decides (users, board seats, conflicts of interest)
 * also queues a review of the unit's open steps.
 */

/** Every kind of row the trail records; each must say where its unit is (api/lists.ts ADMIN_CHANGE_UNITS). */
type Entity = keyof typeof ADMIN_CHANGE_UNITS;
type Bilingual = { en: string; vi: string };

const fieldError = (status: number, code: string, field: string, message: Bilingual) => new HttpError(status, code, message, { [field]: message });

const ERRORS = {
  emailTaken: { en: 'Another account already uses this email.', vi: 'Email này đã được tài khoản khác sử dụng.' },
  partnerNameTaken: { en: 'A partner with this name is already registered in the unit.', vi: 'Đơn vị đã có đối tác đăng ký với tên này.' },
  unknownUnit: { en: 'No such unit.', vi: 'Không có đơn vị này.' },
  unknownTeam: { en: 'No such team in the unit.', vi: 'Không có tổ này trong đơn vị.' },
  unknownPartner: { en: 'No registered partner with this id.', vi: 'Không có đối tác đăng ký với mã này.' },
  unknownUser: { en: 'No user with this id.', vi: 'Không có người dùng với mã này.' },
  unknownProject: { en: 'No project with this id.', vi: 'Không có dự án với mã này.' },
  partnerRequired: { en: 'A partner account names its partner.', vi: 'Tài khoản đối tác phải gắn với một đối tác.' },
  teamRequired: { en: 'A team lead names their team.', vi: 'Tổ trưởng phải gắn với một tổ.' },
  ownAccount: { en: 'You cannot switch off or demote your own admin account; ask another admin.', vi: 'Bạn không thể tự khóa hoặc hạ quyền tài khoản quản trị của mình; hãy nhờ quản trị viên khác.' },
  conflictDeclared: { en: 'This conflict of interest is already declared.', vi: 'Xung đột lợi ích này đã được khai báo.' },
  notYours: { en: 'A board member declares and withdraws only their own conflicts of interest.', vi: 'Thành viên Ban điều phối chỉ khai báo và rút xung đột lợi ích của chính mình.' },
  chairNotInUnit: { en: 'The chair must be an active user of this unit.', vi: 'Chủ tịch phải là người dùng đang hoạt động của đơn vị này.' },
  noBoard: { en: 'The unit has no coordination board.', vi: 'Đơn vị chưa có Ban điều phối.' },
  memberNotInUnit: { en: 'A seat is held by an active board-member account of this unit.', vi: 'Ghế chỉ dành cho tài khoản thành viên Ban điều phối đang hoạt động của đơn vị này.' },
  alreadyMember: { en: 'This person already holds a seat on the board.', vi: 'Người này đang giữ một ghế trong Ban điều phối.' },
  chairTaken: { en: 'The board already has a chair; end that seat first.', vi: 'Ban điều phối đã có chủ tịch; hãy kết thúc ghế đó trước.' },
  seatEnded: { en: 'This seat has already ended.', vi: 'Ghế này đã kết thúc.' },
  untilBeforeSince: { en: 'The last day cannot be before the seat began.', vi: 'Ngày cuối không thể trước ngày bắt đầu giữ ghế.' },
  sinceInFuture: { en: 'A seat begins today or earlier; seat the person on the day they join.', vi: 'Ghế bắt đầu từ hôm nay hoặc trước đó; hãy bổ nhiệm vào đúng ngày người đó tham gia.' },
  recordedByAdmin: { en: 'An admin recorded this conflict of interest for you; ask an admin to withdraw it.', vi: 'Xung đột lợi ích này do quản trị viên ghi nhận thay bạn; hãy nhờ quản trị viên rút lại.' },
} as const satisfies Record<string, Bilingual>;

/** Whether a failed statement broke the named unique constraint. */
const violates = (err: unknown, constraint: string) => (err as { code?: string })?.code === '23505' && (err as { constraint?: string })?.constraint === constraint;
const REPLAY_CONSTRAINT = 'admin_changes_actor_user_id_idempotency_key_unique';

interface Change {
  entityId: string;
  before: object | null;
  after: object | null;
  /** The unit whose open steps must have their deciders re-evaluated (issue 13), queued with the change. */
  reviewUnitCode?: string;
}

/**
 * Runs one change and its audit row in a transaction. A retry with the same key (same person)
 * changes nothing and answers `replayed` with the entity id the first one recorded.
 */
async function audited(
  db: Knex,
  req: Request,
  entity: Entity,
  action: 'create' | 'update' | 'delete',
  change: (trx: Knex.Transaction) => Promise<Change>,
): Promise<{ entityId: string; replayed: boolean; reviewQueued?: boolean }> {
  const actor = actorOf(req);
  const key = idempotencyKeyOf(req);
  const earlier = async (q: Knex = db) => {
    const row = await q('admin_changes').where({ actor_user_id: actor.userId, idempotency_key: key }).first('entity', 'entity_id', 'action');
    // The trail outlives the bound keys (api/idempotency.ts): a key it holds for another kind of change is still refused.
    if (row && (row.entity !== entity || row.action !== action)) throw HttpError.of(422, 'idempotency_key_reused');
    return row;
  };
  const first = await earlier();
  if (first) return { entityId: first.entity_id, replayed: true };
  try {
    return await db.transaction(async (trx) => {
      // The same command sent twice at once waits here for the first, then answers its result.
      await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?), hashtext(?))', [`admin_changes:${actor.userId}`, key]);
      const replay = await earlier(trx);
      if (replay) return { entityId: replay.entity_id, replayed: true };
      const done = await change(trx);
      const [audit] = await trx('admin_changes')
        .insert({
          entity,
          entity_id: done.entityId,
          action,
          actor_user_id: actor.userId,
          actor_role: actor.role,
          idempotency_key: key,
          before: done.before === null ? null : JSON.stringify(done.before),
          after: done.after === null ? null : JSON.stringify(done.after),
        })
        .returning('id');
      // In the same transaction: a change that commits is re-evaluated even if this process dies next.
      if (done.reviewUnitCode) {
        await trx('eligibility_reviews').insert({ unit_code: done.reviewUnitCode, entity, entity_id: done.entityId, admin_change_id: audit.id, actor_user_id: actor.userId });
      }
      return { entityId: done.entityId, replayed: false, reviewQueued: Boolean(done.reviewUnitCode) };
    });
  } catch (err) {
    // The unique key stays the last word should anything write an audit row outside this lock.
    if (violates(err, REPLAY_CONSTRAINT)) {
      const row = await earlier();
      if (row) return { entityId: row.entity_id, replayed: true };
    }
    throw err;
  }
}

/** One row in a list's shape (never a password hash), found by a condition among the rows the caller may see. */
async function rowOf(def: ListDef, ctx: ListContext, where: (q: Knex.QueryBuilder) => void): Promise<Record<string, unknown> | undefined> {
  const full = ctx;
  const q = visibleRows(def, full);
  where(q);
  const row = await q.first();
  return row ? ((await def.toRows([row], full))[0] as Record<string, unknown>) : undefined;
}

export function adminRoutes({ db, config, temporal, log }: ApiDeps): Router {
  const router = Router();
  /**
   * A change that may change who decides queues its review in its own transaction; the nudge after
   * the commit only makes the reviewer look now. If it fails, the reviewer's next poll finds the row.
   */
  const auditedChange: typeof audited = async (...args) => {
    const result = await audited(...args);
    if (result.reviewQueued) {
      await wakeEligibilityReviewer(temporal, config.temporal.taskQueue).catch((err) => log.warn({ err }, 'could not nudge the eligibility reviewer; its next poll takes the change'));
    }
    return result;
  };
  const keys = idempotencyKeys(db, config.jwt.secret);
  const users: ListDef = LISTS.users;
  const partners: ListDef = LISTS.partners;
  const conflicts: ListDef = LISTS.conflictsOfInterest;
  const slaPolicies: ListDef = LISTS.slaPolicies;
  const quorumRules: ListDef = LISTS.quorumRules;
  const consultationPolicies: ListDef = LISTS.consultationPolicies;
  const units: ListDef = LISTS.units;

  const userRow = (trx: Knex, ctx: ListContext, id: string) => rowOf(users, { ...ctx, db: trx }, (q) => void q.where('u.id', id));
  const partnerRow = (trx: Knex, ctx: ListContext, id: string) => rowOf(partners, { ...ctx, db: trx }, (q) => void q.where('pa.id', id));

  async function checkTeam(trx: Knex, unitCode: string, teamCode: string | null | undefined): Promise<void> {
    if (teamCode && !(await trx('teams').where({ code: teamCode, unit_code: unitCode }).first('code'))) throw fieldError(422, 'unknown_team', 'teamCode', ERRORS.unknownTeam);
  }
  /** A partner of the caller's units; one of another unit is as unknown as a missing one (R18). */
  async function checkPartner(trx: Knex, ctx: ListContext, partnerId: string | null | undefined): Promise<void> {
    if (partnerId && !(await trx('partners').where({ id: partnerId }).whereIn('unit_code', [...ctx.actor.units]).first('id'))) throw fieldError(422, 'unknown_partner', 'partnerId', ERRORS.unknownPartner);
  }
  /** A unit the caller administers: another unit is as unknown as a missing one (R18). */
  async function checkUnit(trx: Knex, ctx: ListContext, unitCode: string): Promise<void> {
    if (!ctx.actor.units.includes(unitCode) || !(await trx('units').where({ code: unitCode }).first('code'))) throw fieldError(422, 'unknown_unit', 'unitCode', ERRORS.unknownUnit);
  }
  const emailTaken = async (trx: Knex, email: string, except?: string) => {
    const q = trx('users').whereRaw('lower(email) = ?', [email.toLowerCase()]);
    if (except) q.whereNot('id', except);
    if (await q.first('id')) throw fieldError(409, 'email_taken', 'email', ERRORS.emailTaken);
  };
  /** The two unique rules a concurrent request could still break between the check and the write. */
  const asConflict = (err: unknown): never => {
    if (violates(err, 'users_email_lower_unique')) throw fieldError(409, 'email_taken', 'email', ERRORS.emailTaken);
    if (violates(err, 'partners_unit_name_unique')) throw fieldError(409, 'partner_name_taken', 'name', ERRORS.partnerNameTaken);
    throw err;
  };

  router.post('/users', requireRole('users.manage'), async (req, res) => {
    const { body } = await keys.command(req, UserCreateBody);
    const ctx = await listContext(db, req);
    const passwordHash = await hashPassword(body.password);
    const { entityId } = await auditedChange(db, req, 'users', 'create', async (trx) => {
      const unitCode = body.unitCode ?? ctx.actor.unitCode;
      await checkUnit(trx, ctx, unitCode);
      await emailTaken(trx, body.email);
      await checkTeam(trx, unitCode, body.teamCode);
      await checkPartner(trx, ctx, body.partnerId);
      const [created] = await trx('users')
        .insert({
          email: body.email,
          display_name: body.displayName,
          password_hash: passwordHash,
          role: body.role,
          unit_code: unitCode,
          team_code: body.teamCode ?? null,
          partner_id: body.partnerId ?? null,
          active: body.active,
          updated_at: trx.fn.now(),
          updated_by: ctx.actor.userId,
        })
        .returning('id')
        .catch(asConflict);
      // A new lead, coordinator or board member may be the decider an open step of the unit lacks.
      return { entityId: created.id, before: null, after: (await userRow(trx, ctx, created.id))!, reviewUnitCode: unitCode };
    });
    res.status(201).location(`/api/users/${entityId}`).json(await userRow(db, ctx, entityId));
  });

  router.patch('/users/:id', requireRole('users.manage'), async (req, res) => {
    const id = pathParam(req, 'id', UUID);
    const { body } = await keys.command(req, UserUpdateBody);
    const ctx = await listContext(db, req);
    const passwordHash = body.password ? await hashPassword(body.password) : undefined;
    await auditedChange(db, req, 'users', 'update', async (trx) => {
      const current = await trx('users').where({ id }).forUpdate().first('id', 'role', 'unit_code', 'team_code', 'partner_id', 'active');
      if (!current) throw HttpError.of(404, 'not_found');
      if (id === ctx.actor.userId && (body.active === false || (body.role && body.role !== 'admin'))) throw fieldError(422, 'own_account', body.active === false ? 'active' : 'role', ERRORS.ownAccount);
      if (body.email) await emailTaken(trx, body.email, id);
      await checkTeam(trx, current.unit_code, body.teamCode);
      await checkPartner(trx, ctx, body.partnerId);
      const role = body.role ?? current.role;
      const partnerId = body.partnerId === undefined ? current.partner_id : body.partnerId;
      const teamCode = body.teamCode === undefined ? current.team_code : body.teamCode;
      if (role === 'partner' && !partnerId) throw fieldError(422, 'partner_required', 'partnerId', ERRORS.partnerRequired);
      if (role === 'team_lead' && !teamCode) throw fieldError(422, 'team_required', 'teamCode', ERRORS.teamRequired);
      const before = (await userRow(trx, ctx, id))!;
      await trx('users')
        .where({ id })
        .update({
          ...(body.email !== undefined ? { email: body.email } : {}),
          ...(body.displayName !== undefined ? { display_name: body.displayName } : {}),
          ...(body.role !== undefined ? { role: body.role } : {}),
          ...(body.teamCode !== undefined ? { team_code: body.teamCode } : {}),
          ...(body.partnerId !== undefined ? { partner_id: body.partnerId } : {}),
          ...(body.active !== undefined ? { active: body.active } : {}),
          ...(passwordHash ? { password_hash: passwordHash } : {}),
          updated_at: trx.fn.now(),
          updated_by: ctx.actor.userId,
        })
        .catch(asConflict);
      // A switched-off account, one whose password was reset or whose role changed keeps no session alive.
      if (body.active === false || passwordHash || role !== current.role) await revokeSessions(trx, { user_id: id });
      const after = { ...(await userRow(trx, ctx, id))!, ...(passwordHash ? { passwordChanged: true } : {}) };
      // Appointed or removed as a lead, moved between teams, switched on or off: who decides may change.
      const decidesOtherwise = role !== current.role || teamCode !== current.team_code || partnerId !== current.partner_id || (body.active !== undefined && body.active !== current.active);
      return { entityId: id, before, after, ...(decidesOtherwise ? { reviewUnitCode: current.unit_code } : {}) };
    });
    res.json(await userRow(db, ctx, id));
  });

  router.post('/partners', requireRole('partners.manage'), async (req, res) => {
    const { body } = await keys.command(req, PartnerCreateBody);
    const ctx = await listContext(db, req);
    const { entityId } = await auditedChange(db, req, 'partners', 'create', async (trx) => {
      const unitCode = body.unitCode ?? ctx.actor.unitCode;
      await checkUnit(trx, ctx, unitCode);
      if (await trx('partners').where({ unit_code: unitCode }).whereRaw('lower(name) = ?', [body.name.toLowerCase()]).first('id')) throw fieldError(409, 'partner_name_taken', 'name', ERRORS.partnerNameTaken);
      const [created] = await trx('partners')
        .insert({ unit_code: unitCode, name: body.name, kind: body.kind, capabilities: [...new Set(body.capabilities)], contact_email: body.contactEmail ?? null, updated_at: trx.fn.now(), updated_by: ctx.actor.userId })
        .returning('id')
        .catch(asConflict);
      return { entityId: created.id, before: null, after: (await partnerRow(trx, ctx, created.id))! };
    });
    res.status(201).location(`/api/partners/${entityId}`).json(await partnerRow(db, ctx, entityId));
  });

  router.patch('/partners/:id', requireRole('partners.manage'), async (req, res) => {
    const id = pathParam(req, 'id', UUID);
    const { body } = await keys.command(req, PartnerUpdateBody);
    const ctx = await listContext(db, req);
    await auditedChange(db, req, 'partners', 'update', async (trx) => {
      const current = await trx('partners').where({ id }).forUpdate().first('id', 'unit_code');
      if (!current) throw HttpError.of(404, 'not_found');
      if (body.name && (await trx('partners').where({ unit_code: current.unit_code }).whereRaw('lower(name) = ?', [body.name.toLowerCase()]).whereNot({ id }).first('id'))) {
        throw fieldError(409, 'partner_name_taken', 'name', ERRORS.partnerNameTaken);
      }
      const before = (await partnerRow(trx, ctx, id))!;
      await trx('partners')
        .where({ id })
        .update({
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.kind !== undefined ? { kind: body.kind } : {}),
          ...(body.capabilities !== undefined ? { capabilities: [...new Set(body.capabilities)] } : {}),
          ...(body.contactEmail !== undefined ? { contact_email: body.contactEmail } : {}),
          updated_at: trx.fn.now(),
          updated_by: ctx.actor.userId,
        })
        .catch(asConflict);
      return { entityId: id, before, after: (await partnerRow(trx, ctx, id))! };
    });
    res.json(await partnerRow(db, ctx, id));
  });

  const conflictRow = (trx: Knex, ctx: ListContext, id: number) => rowOf(conflicts, { ...ctx, db: trx }, (q) => void q.where('c.id', id));

  router.post('/conflicts-of-interest', requireRole('conflicts.declare'), async (req, res) => {
    const { body } = await keys.command(req, ConflictOfInterestBody);
    const ctx = await listContext(db, req);
    const userId = body.userId ?? ctx.actor.userId;
    // R21: a member speaks for themselves; only an admin records someone else's declaration.
    if (ctx.actor.role !== 'admin' && userId !== ctx.actor.userId) throw new HttpError(403, 'forbidden', ERRORS.notYours, { userId: ERRORS.notYours });
    const { entityId } = await auditedChange(db, req, 'conflicts_of_interest', 'create', async (trx) => {
      // People, projects and partners of another unit are as unknown as missing ones (R18).
      const units = [...ctx.actor.units];
      if (!(await trx('users').where({ id: userId }).whereIn('unit_code', units).first('id'))) throw fieldError(422, 'unknown_user', 'userId', ERRORS.unknownUser);
      if (body.projectId && !(await trx('projects').where({ id: body.projectId }).whereIn('unit_code', units).first('id'))) throw fieldError(422, 'unknown_project', 'projectId', ERRORS.unknownProject);
      await checkPartner(trx, ctx, body.partnerId);
      const same = await trx('conflicts_of_interest')
        .where({ user_id: userId })
        .andWhere((q) => (body.projectId ? q.where('project_id', body.projectId) : q.where('partner_id', body.partnerId!)))
        .first('id');
      if (same) throw fieldError(409, 'conflict_declared', body.projectId ? 'projectId' : 'partnerId', ERRORS.conflictDeclared);
      const [created] = await trx('conflicts_of_interest')
        .insert({ user_id: userId, project_id: body.projectId ?? null, partner_id: body.partnerId ?? null, reason: body.reason, declared_by: ctx.actor.userId })
        .returning('id');
      const { unit_code: reviewUnitCode } = await trx('users').where({ id: userId }).first('unit_code');
      return { entityId: String(created.id), before: null, after: (await conflictRow(trx, ctx, created.id))!, reviewUnitCode };
    });
    res.status(201).location(`/api/conflicts-of-interest/${entityId}`).json(await conflictRow(db, ctx, Number(entityId)));
  });

  router.delete('/conflicts-of-interest/:id', requireRole('conflicts.declare'), async (req, res) => {
    const id = pathParam(req, 'id', INT_ID);
    await keys.command(req);
    const ctx = await listContext(db, req);
    await auditedChange(db, req, 'conflicts_of_interest', 'delete', async (trx) => {
      const before = await conflictRow(trx, ctx, Number(id));
      if (!before) throw HttpError.of(404, 'not_found');
      // R21: a member withdraws only what they declared themselves, never what an admin recorded against them.
      if (ctx.actor.role !== 'admin' && before.userId !== ctx.actor.userId) throw new HttpError(403, 'forbidden', ERRORS.notYours);
      if (ctx.actor.role !== 'admin' && before.declaredBy !== ctx.actor.userId) throw new HttpError(403, 'forbidden', ERRORS.recordedByAdmin);
      // Open steps of the unit are re-evaluated without it; the declaration stays in the trail.
      await trx('conflicts_of_interest').where({ id: Number(id) }).delete();
      const { unit_code: reviewUnitCode } = await trx('users').where({ id: before.userId as string }).first('unit_code');
      return { entityId: id, before, after: null, reviewUnitCode };
    });
    res.status(204).end();
  });

  router.post('/sla-policies', requireRole('policies.manage'), async (req, res) => {
    const { body } = await keys.command(req, SlaPolicyVersionBody);
    const ctx = await listContext(db, req);
    const { entityId } = await auditedChange(db, req, 'sla_policies', 'create', async (trx) => {
      if (body.responsibleTeamCode && !(await trx('teams').where({ code: body.responsibleTeamCode }).first('code'))) {
        throw fieldError(422, 'unknown_team', 'responsibleTeamCode', ERRORS.unknownTeam);
      }
      // Versions of one step type are numbered one after another, even when two admins append at once.
      await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`sla_policies:${body.stepType}`]);
      const [latest] = await trx('sla_policies').where({ step_type: body.stepType }).max<{ max: number | null }[]>({ max: 'version' });
      const version = (latest?.max ?? 0) + 1;
      await trx('sla_policies').insert({
        step_type: body.stepType,
        version,
        responsible_team_code: body.responsibleTeamCode,
        duration_value: body.durationValue,
        duration_unit: body.durationUnit,
        at_risk_ratio: body.atRiskRatio,
        escalation_ladder: JSON.stringify(body.escalationLadder),
        active_from: body.activeFrom ?? trx.fn.now(),
        created_by: ctx.actor.userId,
      });
      const after = await rowOf(slaPolicies, { ...ctx, db: trx }, (q) => void q.where({ 'sp.step_type': body.stepType, 'sp.version': version }));
      return { entityId: `${body.stepType}:${version}`, before: null, after: after! };
    });
    const [stepType, version] = entityId.split(':');
    res.status(201).json(await rowOf(slaPolicies, ctx, (q) => void q.where({ 'sp.step_type': stepType, 'sp.version': Number(version) })));
  });

  router.post('/quorum-rules', requireRole('policies.manage'), async (req, res) => {
    const { body } = await keys.command(req, QuorumRuleVersionBody);
    const ctx = await listContext(db, req);
    const { entityId } = await auditedChange(db, req, 'quorum_rules', 'create', async (trx) => {
      await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', ['quorum_rules']);
      const [latest] = await trx('quorum_rules').max<{ max: number | null }[]>({ max: 'version' });
      const version = (latest?.max ?? 0) + 1;
      await trx('quorum_rules').insert({
        version,
        min_voters: body.minVoters,
        majority: body.majority,
        require_non_government: body.requireNonGovernment,
        abstentions_count_as_present: body.abstentionsCountAsPresent,
        active_from: body.activeFrom ?? trx.fn.now(),
        created_by: ctx.actor.userId,
      });
      const after = await rowOf(quorumRules, { ...ctx, db: trx }, (q) => void q.where('qr.version', version));
      return { entityId: String(version), before: null, after: after! };
    });
    res.status(201).json(await rowOf(quorumRules, ctx, (q) => void q.where('qr.version', Number(entityId))));
  });

  // R22: the consultation policy (threshold, window) is versioned like the SLA: projects screened after active_from follow the new one.
  router.post('/consultation-policies', requireRole('policies.manage'), async (req, res) => {
    const { body } = await keys.command(req, ConsultationPolicyVersionBody);
    const ctx = await listContext(db, req);
    const { entityId } = await auditedChange(db, req, 'consultation_policies', 'create', async (trx) => {
      await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', ['consultation_policies']);
      const [latest] = await trx('consultation_policies').max<{ max: number | null }[]>({ max: 'version' });
      const version = (latest?.max ?? 0) + 1;
      await trx('consultation_policies').insert({
        version,
        threshold_vnd: body.thresholdVnd,
        window_working_days: body.windowWorkingDays,
        reason: body.reason,
        active_from: body.activeFrom ?? trx.fn.now(),
        recorded_by: ctx.actor.userId,
      });
      const after = await rowOf(consultationPolicies, { ...ctx, db: trx }, (q) => void q.where('cp.version', version));
      return { entityId: String(version), before: null, after: after! };
    });
    res.status(201).json(await rowOf(consultationPolicies, ctx, (q) => void q.where('cp.version', Number(entityId))));
  });

  // The unit's chair: escalation level 3 (unit_chair) and the last fallback of the separation-of-duties rule reach this person.
  router.patch('/units/:id', requireRole('users.manage'), async (req, res) => {
    const code = pathParam(req, 'id', CODE);
    const { body } = await keys.command(req, UnitUpdateBody);
    const ctx = await listContext(db, req);
    const unitRow = (trx: Knex) => rowOf(units, { ...ctx, db: trx }, (q) => void q.where('un.code', code));
    await audited(db, req, 'units', 'update', async (trx) => {
      const current = await trx('units').where({ code }).forUpdate().first('code');
      if (!current) throw HttpError.of(404, 'not_found');
      if (body.chairUserId && !(await trx('users').where({ id: body.chairUserId, unit_code: code, active: true }).first('id'))) {
        throw fieldError(422, 'chair_not_in_unit', 'chairUserId', ERRORS.chairNotInUnit);
      }
      const before = (await unitRow(trx))!;
      const patch: Record<string, unknown> = {};
      if (body.chairUserId !== undefined) patch.chair_user_id = body.chairUserId;
      if (body.iatiOrgId !== undefined) patch.iati_org_id = body.iatiOrgId;
      await trx('units').where({ code }).update(patch);
      return { entityId: code, before, after: (await unitRow(trx))! };
    });
    res.json(await unitRow(db));
  });

  const boardMembers: ListDef = LISTS.boardMembers;
  const memberRow = (trx: Knex, ctx: ListContext, boardId: string, userId: string) => rowOf(boardMembers, { ...ctx, db: trx }, (q) => void q.where({ 'm.board_id': boardId, 'm.user_id': userId }));

  // R4, issue 13: seating a person on the unit's board, or ending a seat, changes who votes on the board's open steps.
  router.post('/board-members', requireRole('boards.manage'), async (req, res) => {
    const { body } = await keys.command(req, BoardMemberCreateBody);
    const ctx = await listContext(db, req);
    const { entityId } = await auditedChange(db, req, 'board_members', 'create', async (trx) => {
      // A person of another unit is as unknown as a missing one (R18); only a board member's account votes.
      const user = await trx('users').where({ id: body.userId, active: true, role: 'board_member' }).whereIn('unit_code', [...ctx.actor.units]).first('id', 'unit_code');
      if (!user) throw fieldError(422, 'member_not_in_unit', 'userId', ERRORS.memberNotInUnit);
      const board = await trx('boards').where({ unit_code: user.unit_code }).forUpdate().first('id');
      if (!board) throw fieldError(422, 'no_board', 'userId', ERRORS.noBoard);
      const today: string = (await trx.raw(`SELECT to_char(${VIETNAM_TODAY_SQL}, 'YYYY-MM-DD') AS day`)).rows[0].day;
      const since = body.since ?? today;
      // The engine counts a seat until its last day and from the moment it is on file, so it begins today at the latest.
      if (since > today) throw fieldError(422, 'since_in_future', 'since', ERRORS.sinceInFuture);
      if (body.until && body.until < since) throw fieldError(422, 'until_before_since', 'until', ERRORS.untilBeforeSince);
      const held = (until: string | null) => until === null || until >= today;
      const current = await trx('board_members').where({ board_id: board.id, user_id: user.id }).forUpdate().first(trx.raw(`to_char(until, 'YYYY-MM-DD') AS until`));
      if (current && held(current.until)) throw fieldError(409, 'already_member', 'userId', ERRORS.alreadyMember);
      if (body.isChair && held(body.until)) {
        const chair = await trx('board_members').where({ board_id: board.id, is_chair: true }).andWhere((q) => q.whereNull('until').orWhere('until', '>=', trx.raw(VIETNAM_TODAY_SQL))).first('user_id');
        if (chair) throw fieldError(409, 'chair_taken', 'isChair', ERRORS.chairTaken);
      }
      // A seat that ended is taken again on the same row; the trail keeps the earlier one.
      const before = current ? (await memberRow(trx, ctx, board.id, user.id))! : null;
      const values = { seat: body.seat, is_chair: body.isChair, since, until: body.until };
      if (current) await trx('board_members').where({ board_id: board.id, user_id: user.id }).update(values);
      else await trx('board_members').insert({ board_id: board.id, user_id: user.id, ...values });
      return { entityId: `${board.id}:${user.id}`, before, after: (await memberRow(trx, ctx, board.id, user.id))!, reviewUnitCode: user.unit_code };
    });
    const [boardId, userId] = entityId.split(':') as [string, string];
    res.status(201).location(`/api/board-members/${encodeURIComponent(entityId)}`).json(await memberRow(db, ctx, boardId, userId));
  });

  router.patch('/board-members/:id', requireRole('boards.manage'), async (req, res) => {
    const id = pathParam(req, 'id', BOARD_MEMBER_ID);
    const [boardId, userId] = id.split(':') as [string, string];
    const { body } = await keys.command(req, BoardMemberEndBody);
    const ctx = await listContext(db, req);
    await auditedChange(db, req, 'board_members', 'update', async (trx) => {
      const current = await trx('board_members as m')
        .join('boards as b', 'b.id', 'm.board_id')
        .where({ 'm.board_id': boardId, 'm.user_id': userId })
        .whereIn('b.unit_code', [...ctx.actor.units])
        .forUpdate()
        .first('b.unit_code', trx.raw(`to_char(m.since - 1, 'YYYY-MM-DD') AS day_before`), trx.raw(`(m.until IS NULL OR m.until >= ${VIETNAM_TODAY_SQL}) AS held`));
      if (!current) throw HttpError.of(404, 'not_found');
      if (!current.held) throw fieldError(409, 'seat_ended', 'until', ERRORS.seatEnded);
      // The day before it began ends a seat taken by mistake as if it had never been held.
      if (body.until < current.day_before) throw fieldError(422, 'until_before_since', 'until', ERRORS.untilBeforeSince);
      const before = (await memberRow(trx, ctx, boardId, userId))!;
      await trx('board_members').where({ board_id: boardId, user_id: userId }).update({ until: body.until });
      // The reason lives in the trail, beside the row as it now is.
      return { entityId: id, before, after: { ...(await memberRow(trx, ctx, boardId, userId))!, reason: body.reason }, reviewUnitCode: current.unit_code };
    });
    res.json(await memberRow(db, ctx, boardId, userId));
  });

  return router;
}
