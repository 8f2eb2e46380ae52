import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ROLES, type Role } from '../../domain/roles';
import * as bodies from '../../domain/schemas';
import { PledgeBody } from '../../domain/schemas';
import { ACCESS, ROUTES } from '../../api/access';
import { LISTS } from '../../api/lists';
import type { ListDef } from '../../api/list-params';
import { openApiPath } from '../../api/openapi';
import { CommandResultSchema, DecisionSchema, ProjectDetailSchema, ProjectSchema } from '../../contract/projects';
import { HealthSchema, MeSchema, ReadinessSchema, SessionSchema, TeamSchema } from '../../contract/session';
import { ChainVerdictSchema } from '../../contract/ledger';
import { DEMO_PASSWORD, DEMO_USERS } from '../../scripts/reference-data';
import { startHarness, type Harness } from '../support/harness';
import { inDays, lifecycleDriver } from '../support/lifecycle-driver';

type Json = Record<string, any>;

/** The OpenAPI document and its page, served by the real app; checked against ROUTES, ACCESS, the zod schemas and real answers. */
describe('OpenAPI document and docs page', () => {
  let h: Harness;
  let doc: Json;
  beforeAll(async () => {
    h = await startHarness();
    const res = await h.api().get('/api/openapi.json');
    expect(res.status).toBe(200);
    doc = res.body;
  });
  afterAll(async () => {
    await h?.stop();
  });

  const resolve = (node: any): any => {
    if (typeof node?.$ref !== 'string') return node;
    const parts = node.$ref.replace(/^#\//, '').split('/');
    return resolve(parts.reduce((n: any, p: string) => n?.[p.replace(/~1/g, '/').replace(/~0/g, '~')], doc));
  };
  const operation = (method: string, expressPath: string): Json => doc.paths[openApiPath(expressPath)]?.[method.toLowerCase()];
  const errorCodes = (op: Json, status: number): string[] => resolve(op.responses[String(status)])?.['x-error-codes'] ?? [];
  const withoutMarker = (schema: object) => {
    const { $schema: _s, ...rest } = schema as Json;
    return rest;
  };
  const keyOf = (role: Role) => DEMO_USERS.find((u) => u.role === role)!.key;

  it('is OpenAPI 3.1, served as JSON without a token', async () => {
    const res = await h.api().get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.jsonSchemaDialect).toBe('https://spec.openapis.org/oas/3.1/dialect/base');
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    // Every $ref in the document points at something.
    const refs: string[] = [];
    const walk = (n: unknown): void => {
      if (Array.isArray(n)) n.forEach(walk);
      else if (n && typeof n === 'object') for (const [k, v] of Object.entries(n)) k === '$ref' && typeof v === 'string' ? refs.push(v) : walk(v);
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(50);
    for (const r of new Set(refs)) expect([r, resolve({ $ref: r }) !== undefined]).toEqual([r, true]);
  });

  it.each(ROUTES.map((r) => [r.method, r.path, r.permission] as const))('documents %s %s with the roles of %s', (method, path, permission) => {
    const op = operation(method, path);
    expect(op).toBeDefined();
    expect(op['x-permission']).toBe(permission);
    expect(op['x-roles']).toEqual([...ACCESS[permission]]);
    expect(op.description).toContain(`Roles: ${ACCESS[permission].join(', ')}`);
    expect(op.summary.toLowerCase()).toBe(ROUTES.find((r) => r.method === method && r.path === path)!.what.toLowerCase());
    expect(op.security).toBeUndefined(); // the document's default: a bearer token
    // Every {param} of the path is declared.
    for (const [, name] of openApiPath(path).matchAll(/\{([^}]+)\}/g)) {
      expect((op.parameters ?? []).map(resolve).filter((p: Json) => p.in === 'path').map((p: Json) => p.name)).toContain(name);
    }
    // The one error shape, on every error status; 401 always, 403 when some role is left out.
    for (const [status, response] of Object.entries<Json>(op.responses)) {
      if (Number(status) >= 400) expect(resolve(response).content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
    }
    expect(errorCodes(op, 401)).toContain('unauthenticated');
    if (ROLES.some((role) => !(ACCESS[permission] as readonly Role[]).includes(role))) expect(errorCodes(op, 403)).toContain('forbidden');
    if (method === 'POST') {
      const key = (op.parameters ?? []).map(resolve).find((p: Json) => p.name === 'Idempotency-Key');
      expect(key).toMatchObject({ in: 'header', required: true });
      expect(errorCodes(op, 400)).toContain('idempotency_key_required');
      expect(errorCodes(op, 422)).toContain('idempotency_key_reused');
      expect(op.requestBody.content['application/json'].schema.$ref).toMatch(/^#\/components\/schemas\/\w+Body$/);
    }
  });

  it('documents nothing under /api that is neither in ROUTES nor public', () => {
    const known = new Set(ROUTES.map((r) => `${r.method.toLowerCase()} ${openApiPath(r.path)}`));
    const publicOps: string[] = [];
    for (const [path, item] of Object.entries<Json>(doc.paths)) {
      for (const [method, op] of Object.entries<Json>(item)) {
        if (known.has(`${method} ${path}`)) continue;
        expect([`${method} ${path}`, op.security]).toEqual([`${method} ${path}`, []]);
        publicOps.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(publicOps.sort()).toEqual(
      [
        'GET /healthz',
        'GET /readyz',
        'GET /metrics',
        'POST /api/auth/login',
        'POST /api/auth/refresh',
        'POST /api/auth/logout',
        'POST /api/public/projects/{code}/feedback',
        'GET /api/public/projects',
        'GET /api/public/projects/{code}',
        'GET /api/public/projects/{code}/open-data.json',
        'GET /api/public/projects/{code}/open-data.csv',
        'GET /api/public/projects/{code}/iati.xml',
        'GET /api/public/ledger/head',
        'POST /api/public/projects/{code}/comments',
        'POST /api/public/proposals',
        'GET /api/openapi.json',
        'GET /api/docs',
      ].sort(),
    );
    const feedback = doc.paths['/api/public/projects/{code}/feedback'].post;
    expect(feedback.parameters.map(resolve).find((p: Json) => p.name === 'Idempotency-Key')).toMatchObject({ required: true });
    expect(errorCodes(feedback, 409)).toContain('FeedbackClosed');
    expect(errorCodes(feedback, 429)).toContain('rate_limited');
  });

  it('takes each request body from the zod schema the route parses with (z.toJSONSchema, no copy)', () => {
    const pledge = doc.paths['/api/projects/{id}/pledges'].post.requestBody.content['application/json'].schema;
    expect(pledge).toEqual({ $ref: '#/components/schemas/PledgeBody' });
    // Input side: what a client sends (amountVnd has a default, so it is optional).
    expect(resolve(pledge)).toEqual(withoutMarker(z.toJSONSchema(PledgeBody, { io: 'input' })));
    expect(resolve(pledge).required).toEqual(['source']);
    expect(resolve(pledge).properties.source.enum).toEqual(PledgeBody.shape.source.options);

    const named = new Set<string>();
    for (const item of Object.values<Json>(doc.paths)) {
      for (const op of Object.values<Json>(item)) {
        const ref: string | undefined = op.requestBody?.content['application/json'].schema.$ref;
        if (!ref) continue;
        const name = ref.split('/').pop()!;
        const schema = (bodies as Record<string, unknown>)[name];
        expect([name, schema instanceof z.ZodType]).toEqual([name, true]);
        expect(resolve({ $ref: ref })).toEqual(withoutMarker(z.toJSONSchema(schema as z.ZodType, { io: 'input' })));
        named.add(name);
      }
    }
    expect(named.size).toBe(38);
    expect(doc.components.parameters.IdempotencyKey.schema).toEqual(withoutMarker(z.toJSONSchema(bodies.IdempotencyKey)));
  });

  it('describes the one error shape and the statuses the API answers with', () => {
    const error = doc.components.schemas.Error;
    expect(error.properties.error.required.sort()).toEqual(['code', 'fields', 'message']);
    const statuses = new Set<number>();
    for (const item of Object.values<Json>(doc.paths)) for (const op of Object.values<Json>(item)) for (const s of Object.keys(op.responses)) statuses.add(Number(s));
    for (const s of [400, 401, 403, 404, 409, 422, 429, 503]) expect([s, statuses.has(s)]).toEqual([s, true]);
    const decide = operation('POST', '/api/steps/:id/decisions');
    expect(errorCodes(decide, 403)).toEqual(expect.arrayContaining(['forbidden', 'NotEligible']));
    expect(errorCodes(decide, 422)).toEqual(expect.arrayContaining(['ChoiceNotAllowed', 'RationaleRequired', 'OutcomeRequired']));
    expect(errorCodes(decide, 409)).toEqual(expect.arrayContaining(['StepNotActive', 'AlreadyDecided']));
    expect(resolve(decide.responses['503']).headers['Retry-After']).toBeDefined();
  });

  it('lists the error codes the routes really answer with: missing token, refused role, bad request', async () => {
    for (const route of ROUTES) {
      const op = operation(route.method, route.path);
      const url = route.path.replace(':id', route.path.startsWith('/api/steps') ? 'project-none:screening:1' : randomUUID()).replace(':code', 'NONE');
      const call = (token?: string, key?: string) => {
        const req = route.method === 'GET' ? h.api().get(url) : route.method === 'DELETE' ? h.api().delete(url) : h.api()[route.method === 'PATCH' ? 'patch' : 'post'](url).send({});
        if (token) req.set('Authorization', `Bearer ${token}`);
        if (key) req.set('Idempotency-Key', key);
        return req;
      };
      const seen: [string, number, string][] = [];
      const expectDocumented = (res: { status: number; body: Json }) => {
        if (res.status < 400) return;
        seen.push([`${route.method} ${route.path}`, res.status, res.body.error.code]);
        expect([`${route.method} ${route.path}`, res.status, errorCodes(op, res.status)]).toEqual([`${route.method} ${route.path}`, res.status, expect.arrayContaining([res.body.error.code])]);
      };
      expectDocumented(await call());
      const refused = ROLES.find((role) => !(ACCESS[route.permission] as readonly Role[]).includes(role));
      if (refused) expectDocumented(await call(await h.tokenFor(keyOf(refused))));
      const allowed = await h.tokenFor(keyOf(ACCESS[route.permission][0]));
      expectDocumented(await call(allowed));
      expectDocumented(await call(allowed, randomUUID()));
      expect(seen.length).toBeGreaterThan(0);
    }
  });

  it('documents sort fields and filters the list routes accept', async () => {
    // Every list of the one table (api/lists.ts): each sort field and each filter (with its example value) answers 200.
    for (const def of Object.values(LISTS) as ListDef[]) {
      const path = `/api${def.path}`;
      const token = await h.tokenFor(keyOf(ACCESS[def.permission][0]));
      const params = operation('GET', path).parameters.map(resolve);
      expect(params.map((p: Json) => p.name)).toEqual(['sort', 'range', 'filter', 'Accept-Language']);
      expect(Object.keys(params[2].schema.contentSchema.properties)).toEqual(Object.keys(def.filters));
      for (const field of Object.keys(def.sortable)) {
        const res = await h.api().get(path).query({ sort: JSON.stringify([field, 'ASC']), range: '[0,4]' }).set('Authorization', `Bearer ${token}`);
        expect([path, field, res.status]).toEqual([path, field, 200]);
        expect(res.headers['content-range']).toMatch(new RegExp(`^${def.resource} \\d+-\\d+/\\d+$`));
      }
      for (const [filter, spec] of Object.entries(def.filters)) {
        const res = await h.api().get(path).query({ filter: JSON.stringify({ [filter]: spec.example }) }).set('Authorization', `Bearer ${token}`);
        expect([path, filter, res.status]).toEqual([path, filter, 200]);
      }
    }
  });

  it('describes the real answers: the response schemas parse what the routes send', async () => {
    const login = await h.api().post('/api/auth/login').send({ email: DEMO_USERS[0]!.email, password: DEMO_PASSWORD });
    SessionSchema.parse(login.body);
    HealthSchema.parse((await h.api().get('/healthz')).body);
    ReadinessSchema.parse((await h.api().get('/readyz')).body);
    const as = async (key: string) => ({ Authorization: `Bearer ${await h.tokenFor(key)}` });
    MeSchema.parse((await h.api().get('/api/me').set(await as('partner'))).body);
    z.array(TeamSchema).min(1).parse((await h.api().get('/api/teams').set(await as('coordinator'))).body);

    // One project through matching (with a waiver), funding and into execution, so every list of the detail has rows.
    const d = lifecycleDriver(h);
    const approved = ProjectDetailSchema.parse(await d.approved({ requiredCapabilities: ['venue', 'volunteers'], requestedBudgetVnd: 90_000_000 }));
    const results = [await d.command('coordinator', approved.id, 'invitations', { partnerId: await d.partnerId('HTX Xanh Ba Đình'), capability: 'volunteers' })];
    const invitation = results[0]!.body.project.invitations[0];
    results.push(await d.post('partner', `/api/invitations/${invitation.id}/response`, { accept: true, resources: 'Tình nguyện viên cuối tuần' }));
    results.push(await d.command('boardChair', approved.id, 'waivers', { gap: 'capability', capability: 'venue', rationale: 'Dùng nhà văn hóa của phường' }));
    results.push(
      await d.command('coordinator', approved.id, 'plan', {
        lines: [{ label: 'Toàn bộ', amountVnd: 90_000_000 }],
        milestones: [{ code: 'M1', title: 'Hoàn thành', ownerTeamCode: 'BD-CUL', dueDate: inDays(20) }],
      }),
    );
    results.push(await d.command('coordinator', approved.id, 'pledges', { source: 'state', amountVnd: 18_000_000 }));
    results.push(await d.command('partner', approved.id, 'pledges', { source: 'private', amountVnd: 72_000_000 }));
    const funding = d.openStep(results.at(-1)!.body.project, 'funding_approval')!;
    results.push(await d.decide('cultureLead', funding.id, { choice: 'approve' }));
    results.push(await d.command('cultureLead', approved.id, 'change-requests', { kind: 'schedule', description: 'Lùi hai tuần vì mưa bão', scheduleShiftDays: 14 }));
    results.push(await d.command('partner', approved.id, 'withdrawals', { reason: 'Hợp tác xã thiếu nhân lực mùa vụ' }));
    for (const res of results) {
      expect([res.status, res.body.error]).toEqual([200, undefined]);
      CommandResultSchema.parse(res.body);
    }

    const detail = await h.api().get(`/api/projects/${approved.id}`).set(await as('auditor'));
    const project = ProjectDetailSchema.parse(detail.body);
    expect(project.stage).toBe('execution');
    for (const list of ['invitations', 'commitments', 'pledges', 'budgetLines', 'milestones', 'indicators', 'candidates', 'waivers', 'earlyWarnings', 'changeRequests', 'steps', 'decisions'] as const) {
      expect([list, project[list].length > 0]).toEqual([list, true]);
    }
    expect(project.decisions.some((e) => e.details !== null)).toBe(true);
    expect(project.steps.some((s) => s.decider !== null)).toBe(true);

    const list = await h.api().get('/api/projects').query({ filter: JSON.stringify({ q: approved.code }) }).set(await as('coordinator'));
    // Every row parses; a project with several open steps (execution, re-matching, a change) is one row.
    const rows = z.array(ProjectSchema).parse(list.body);
    expect(rows.map((r) => r.id)).toEqual([approved.id]);
    expect(rows[0]!.activeStep?.type).toBe('execution');
    const ledger = await h.api().get('/api/ledger').query({ filter: JSON.stringify({ projectId: approved.id }), range: '[0,99]' }).set(await as('auditor'));
    expect(z.array(DecisionSchema).parse(ledger.body).length).toBe(project.decisions.length);
    ChainVerdictSchema.parse((await h.api().get('/api/ledger/verify').set(await as('auditor'))).body);

    // Outside the feedback window the public route answers a documented 409.
    const feedback = await h.api().post(`/api/public/projects/${approved.code}/feedback`).set('Idempotency-Key', `fb-${randomUUID()}`).send({ rating: 4 });
    expect(feedback.status).toBe(409);
    expect(errorCodes(doc.paths['/api/public/projects/{code}/feedback'].post, 409)).toContain(feedback.body.error.code);
  });

  it('serves a readable HTML page listing every route, without a token and without scripts', async () => {
    const res = await h.api().get('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    const html = res.text;
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i); // nothing from the network: works offline
    for (const route of ROUTES) {
      expect(html).toContain(`${route.method} ${openApiPath(route.path)}`);
      expect(html).toContain(ACCESS[route.permission].map((r) => `<code>${r}</code>`).join(' '));
    }
    for (const path of ['/api/auth/login', '/api/public/projects/{code}/feedback', '/healthz', '/readyz']) expect(html).toContain(path);
    expect(html).toContain('id="schema-PledgeBody"');
    expect(html).toContain('href="openapi.json"');
  });
});
