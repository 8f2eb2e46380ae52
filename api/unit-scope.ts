import { Router, type Request } from 'express';
import type { Knex } from 'knex';
import { unitsOf } from '../domain/access';
import { accountOf } from './auth';
import { HttpError } from './http-errors';
import { BOARD_MEMBER_ID, CODE, INT_ID, SERIAL, STEP_ID, UUID } from './path-params';

/**
 * Unit scope (R18): a signed-in person sees and acts on the rows of their own units only
 * (domain/access.ts `unitsOf`). Two places apply it, so no route has to remember:
 * - every list of api/lists.ts declares where its rows' unit is (`unit`), applied by api/list-params.ts;
 * - every route that names one thing by id (a project, a step, an invitation…) passes the check below
 *   first: a thing of another unit answers 404 exactly as one that does not exist, so nobody learns
 *   that it does.
 */

/** The units of the signed-in person making this request. */
export function unitsOfRequest(req: Request): readonly string[] {
  const { role, unitCode } = accountOf(req);
  return unitsOf({ role, unitCode });
}

export interface UnitTarget {
  /** Express path under /api with the one parameter that names the thing; the check covers it and everything below it. */
  path: string;
  /** The id's form; any other value is left to the route (which answers 404 or 400 itself). */
  form: RegExp;
  /** The unit the thing belongs to, or undefined when there is no such thing. */
  unitOf(db: Knex, id: string): Promise<{ unit_code: string } | undefined>;
}

/** Everything a path names by id, and where its unit is. A test fails on an id route missing here. */
export const UNIT_TARGETS: readonly UnitTarget[] = [
  { path: '/projects/:id', form: UUID, unitOf: (db, id) => db('projects').where({ id }).first('unit_code') },
  { path: '/steps/:id', form: STEP_ID, unitOf: (db, id) => db('steps as s').join('projects as p', 'p.id', 's.project_id').where('s.id', id).first('p.unit_code') },
  { path: '/invitations/:id', form: UUID, unitOf: (db, id) => db('invitations as i').join('projects as p', 'p.id', 'i.project_id').where('i.id', id).first('p.unit_code') },
  { path: '/pledges/:id', form: UUID, unitOf: (db, id) => db('pledges as pl').join('projects as p', 'p.id', 'pl.project_id').where('pl.id', id).first('p.unit_code') },
  { path: '/ledger/:id', form: SERIAL, unitOf: (db, id) => db('decision_ledger as l').join('projects as p', 'p.id', 'l.project_id').where('l.seq', id).first('p.unit_code') },
  { path: '/users/:id', form: UUID, unitOf: (db, id) => db('users').where({ id }).first('unit_code') },
  { path: '/partners/:id', form: UUID, unitOf: (db, id) => db('partners').where({ id }).first('unit_code') },
  // A declaration belongs to the unit of the person who holds the conflict.
  { path: '/units/:id', form: CODE, unitOf: (db, id) => db('units').where({ code: id }).first('code as unit_code') },
  { path: '/public-comments/:id', form: INT_ID, unitOf: (db, id) => db('public_comments as c').join('projects as p', 'p.id', 'c.project_id').where('c.id', Number(id)).first('p.unit_code') },
  { path: '/board-members/:id', form: BOARD_MEMBER_ID, unitOf: (db, id) => db('boards').where({ id: id.split(':')[0] }).first('unit_code') },
  { path: '/conflicts-of-interest/:id', form: INT_ID, unitOf: (db, id) => db('conflicts_of_interest as c').join('users as u', 'u.id', 'c.user_id').where('c.id', Number(id)).first('u.unit_code') },
];

/**
 * Mounted after authentication and before every route: another unit's thing is not found. Partner
 * accounts are the exception: a partner works with the units that invite it (R12 impact zones), and
 * what it sees is held to its own partner instead (its invitations, pledges, commitments).
 */
export function unitScope(db: Knex): Router {
  const router = Router();
  for (const target of UNIT_TARGETS) {
    const param = /:(\w+)/.exec(target.path)![1]!;
    router.use(target.path, async (req, _res, next) => {
      const id = req.params[param];
      if (typeof id !== 'string' || !target.form.test(id) || accountOf(req).role === 'partner') return next();
      const row = await target.unitOf(db, id);
      next(row && !unitsOfRequest(req).includes(row.unit_code) ? HttpError.of(404, 'not_found') : undefined);
    });
  }
  return router;
}

/**
 * A partner a project may work with: one of the project's unit, or one the engine proposed for it or
 * that was invited to it (matching ranks partners of neighbouring units too, R12). Any other is as
 * unknown as a missing one.
 */
export function partnerAvailableTo(db: Knex, project: { id: string; unit_code: string }, partnerId: string): Promise<{ capabilities: string[] } | undefined> {
  return db('partners as pa')
    .where('pa.id', partnerId)
    .where((w) =>
      w
        .where('pa.unit_code', project.unit_code)
        .orWhereExists(db('match_candidates as m').whereRaw('m.partner_id = pa.id').where('m.project_id', project.id).select(db.raw('1')))
        .orWhereExists(db('invitations as i').whereRaw('i.partner_id = pa.id').where('i.project_id', project.id).select(db.raw('1'))),
    )
    .first('pa.capabilities');
}
