import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ROLES, type Role } from '../../domain/roles';
import { ROUTES, allows } from '../../api/access';
import { DEMO_USERS } from '../../scripts/reference-data';
import { renderAccessDoc } from '../../scripts/write-access-doc';
import { startHarness, type Harness } from '../support/harness';

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

  it.each(cases)('%s %s as %s (allowed: %s)', async (method, path, role, allowed) => {
    const url = path.replace(':id', method === 'POST' ? 'project-none:screening:1' : '00000000-0000-0000-0000-000000000000');
    const token = await h.tokenFor(keyOf(role));
    const req =
      method === 'GET'
        ? h.api().get(url)
        : method === 'DELETE'
          ? h.api().delete(url).set('Idempotency-Key', randomUUID())
          : h.api()[method === 'PATCH' ? 'patch' : 'post'](url).set('Idempotency-Key', randomUUID()).send({});
    const res = await req.set('Authorization', `Bearer ${token}`);
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
