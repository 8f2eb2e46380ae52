import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import { ROLES, type Role } from '../../domain/roles';
import { PUBLIC_ROUTES, ROUTES, allows } from '../../api/access';
import { DEMO_USERS } from '../../scripts/reference-data';
import { renderAccessDoc } from '../../scripts/write-access-doc';
import { startHarness, type Harness } from '../support/harness';

/** What the walk below reads of Express's router stack (router 2's Layer and Route). */
interface Layer {
  rawPath?: string | RegExp;
  route?: { path: string | RegExp; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every route the app registers, as "METHOD /path": Express's router stack walked, mount paths included. */
function registeredRoutes(app: Express): string[] {
  const found: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        // A router's '/' answers at its mount path: `api.use('/me', router)` with `router.get('/')` is GET /api/me.
        const path = layer.route.path === '/' && prefix ? prefix : `${prefix}${String(layer.route.path)}`;
        for (const method of Object.keys(layer.route.methods)) found.push(`${method === '_all' ? 'ALL' : method.toUpperCase()} ${path}`);
      } else if (Array.isArray(layer.handle?.stack)) {
        if (typeof layer.rawPath !== 'string') throw new Error(`a router mounted at ${String(layer.rawPath)}: give it a plain path so this test can name its routes`);
        walk(layer.handle.stack, prefix + (layer.rawPath === '/' ? '' : layer.rawPath));
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return found;
}

/** The console's pages outside /api (the built console, or the line saying it is not built): no data. */
const CONSOLE_PAGES = ['GET /^\\/(?!api\\/).*/', 'GET /'];

/**
 * The most sensitive routes and who may call them, written out by hand from DOMAIN.md rather than
 * read from ACCESS, so a change to the role table that opens one of them fails here.
 */
const SENSITIVE: Record<string, readonly Role[]> = {
  'POST /api/users': ['admin'],
  'PATCH /api/users/:id': ['admin'],
  'POST /api/sla-policies': ['admin'],
  'POST /api/quorum-rules': ['admin'],
  'POST /api/steps/:id/decisions': ['coordinator', 'team_lead', 'board_member'],
  'POST /api/projects/:id/cancellation': ['board_member'],
  'POST /api/invitations/:id/response': ['partner'],
  'GET /api/ledger/export': ['admin', 'auditor'],
  'GET /api/admin-changes': ['admin', 'auditor'],
};

/** Every route × every role, both sides of each boundary, against the real app. */
describe('role × route matrix', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const keyOf = (role: Role) => DEMO_USERS.find((u) => u.role === role)!.key;
  const cases = ROUTES.flatMap((route) => ROLES.map((role) => [route.method, route.path, role, allows(role, route.permission)] as const));
  const call = async (method: string, path: string, role: Role) => {
    const url = path.replace(':id', method === 'POST' ? 'project-none:screening:1' : '00000000-0000-0000-0000-000000000000');
    const token = await h.tokenFor(keyOf(role));
    const req =
      method === 'GET'
        ? h.api().get(url)
        : method === 'DELETE'
          ? h.api().delete(url).set('Idempotency-Key', randomUUID())
          : h.api()[method === 'PATCH' ? 'patch' : 'post'](url).set('Idempotency-Key', randomUUID()).send({});
    return req.set('Authorization', `Bearer ${token}`);
  };

  it('the access table lists every route Express registers, and no route it does not', () => {
    const registered = registeredRoutes(h.app).filter((r) => !CONSOLE_PAGES.includes(r));
    const table = [...ROUTES, ...PUBLIC_ROUTES].map((r) => `${r.method} ${r.path}`);
    // The walk reached the routers mounted under /api, not only the app's own few routes.
    expect(registered).toEqual(expect.arrayContaining(['GET /healthz', 'POST /api/auth/login', 'POST /api/projects/:id/invitations', 'GET /api/ledger/export']));
    expect({ missingFromTable: registered.filter((r) => !table.includes(r)), notRegistered: table.filter((r) => !registered.includes(r)) }).toEqual({ missingFromTable: [], notRegistered: [] });
  });

  it.each(Object.entries(SENSITIVE).flatMap(([route, allowed]) => ROLES.map((role) => [route, role, allowed.includes(role)] as const)))(
    'sensitive: %s as %s (allowed: %s)',
    async (route, role, allowed) => {
      const [method, path] = route.split(' ') as [string, string];
      const res = await call(method, path, role);
      if (allowed) expect([200, 201, 400, 404]).toContain(res.status);
      else expect([res.status, res.body.error?.code]).toEqual([403, 'forbidden']);
    },
  );

  it.each(cases)('%s %s as %s (allowed: %s)', async (method, path, role, allowed) => {
    const res = await call(method, path, role);
    if (allowed) {
      // Past the role check: the route answers with data, a validation error or not-found, never 401/403.
      expect([200, 201, 400, 404]).toContain(res.status);
    } else {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
  });

  it.each(ROUTES.map((r) => [r.method, r.path] as const))('%s %s refuses a missing token with 401', async (method, path) => {
    const url = path.replace(':id', 'x');
    const res = method === 'GET' ? await h.api().get(url) : method === 'DELETE' ? await h.api().delete(url) : await h.api()[method === 'PATCH' ? 'patch' : 'post'](url).send({});
    expect(res.status).toBe(401);
  });

  it('docs/access.md matches the enforced table', () => {
    expect(readFileSync(join(__dirname, '..', '..', 'docs', 'access.md'), 'utf8')).toBe(renderAccessDoc());
  });
});
