import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createApp } from '../../api/app';
import { z } from 'zod';
import { ACCESS, PUBLIC_ROUTES, ROUTES } from '../../api/access';
import { LISTS } from '../../api/lists';
import type { ListDef } from '../../api/list-params';
import { REQUEST_BODY_SCHEMAS } from '../../api/openapi';
import { ErrorSchema } from '../../contract/session';
import { TEXT_RULES } from '../../domain/schemas';
import type { Role } from '../../domain/roles';
import { createLogger } from '../../platform/logger';
import { DEMO_USERS } from '../../scripts/reference-data';
import { renderAccessDoc } from '../../scripts/write-access-doc';
import { startHarness, type Harness } from '../support/harness';
import { lifecycleDriver } from '../support/lifecycle-driver';
import { absentPathValue, fillPath, VALID_BODIES } from '../support/request-samples';

type Json = Record<string, any>;
type Lang = 'vi' | 'en';

/**
 * Issue 11, defects 1, 5 and 10 at the edge: every request string refuses control characters, path ids
 * never reach a cast PostgreSQL refuses, bodies are strict, and nothing outside /api answers HTML.
 * Requests are generated from the OpenAPI document (itself built from the zod schemas and the role table).
 */
describe('input hardening', () => {
  let h: Harness;
  let doc: Json;
  beforeAll(async () => {
    h = await startHarness();
    doc = (await h.api().get('/api/openapi.json')).body;
  });
  afterAll(async () => {
    await h?.stop();
  });

  interface Operation {
    method: string;
    path: string;
    roles?: Role[];
    body?: string;
  }
  /** Every operation of the document under /api, with its Express path, roles and body component. */
  const operations = (): Operation[] =>
    Object.entries(doc.paths as Json).flatMap(([path, item]) =>
      Object.entries(item as Json).map(([method, op]) => ({
        method: method.toUpperCase(),
        path: path.replace(/\{([^}]+)\}/g, ':$1'),
        roles: (op as Json)['x-roles'],
        body: (op as Json).requestBody?.content?.['application/json']?.schema?.$ref?.split('/').pop(),
      })),
    );
  const keyOf = (role: Role) => DEMO_USERS.find((u) => u.role === role)!.key;

  /** One request as the first role the route allows (or signed out for public routes). */
  async function send(op: Operation, path: string, body: unknown, lang: Lang = 'en', raw?: string) {
    let req = request(h.app)[op.method.toLowerCase() as 'post'](path).set('Accept-Language', lang).set('Idempotency-Key', randomUUID());
    if (op.roles) req = req.set('Authorization', `Bearer ${await h.tokenFor(keyOf(op.roles[0]!))}`);
    if (raw !== undefined) return req.set('Content-Type', 'application/json').send(raw);
    return body === undefined ? req : req.send(body as object);
  }

  /** The error shape of api/http-errors.ts, exactly. */
  const expectErrorShape = (body: unknown) => expect(ErrorSchema.strict().safeParse(body).success).toBe(true);

  interface Leaf {
    path: (string | number)[];
    /** A free string: the text rule is the first reason given (no enum, no format). */
    free: boolean;
  }
  const deref = (schema: Json): Json => (typeof schema?.$ref === 'string' ? deref(doc.components.schemas[schema.$ref.split('/').pop()!]) : schema);
  /** Every string in a body schema (nested objects, array items, nullable unions), as paths into the body. */
  function stringLeaves(schema: Json, at: (string | number)[] = []): Leaf[] {
    const s = deref(schema);
    const variants = (s.anyOf ?? s.oneOf) as Json[] | undefined;
    if (variants) return variants.flatMap((v) => stringLeaves(v, at)).filter((l, i, all) => all.findIndex((o) => o.path.join('.') === l.path.join('.')) === i);
    if (s.type === 'string') return [{ path: at, free: !s.enum && !s.format && s.const === undefined }];
    if (s.type === 'array') return stringLeaves(s.items, [...at, 0]);
    if (s.type === 'object') return Object.entries((s.properties ?? {}) as Json).flatMap(([name, prop]) => stringLeaves(prop, [...at, name]));
    return [];
  }
  function withValue(body: Json, path: (string | number)[], make: (current: unknown) => unknown): Json {
    const copy = structuredClone(body);
    let node: any = copy;
    for (const [i, key] of path.slice(0, -1).entries()) {
      const nextIsIndex = typeof path[i + 1] === 'number';
      if (node[key] === undefined || node[key] === null) node[key] = nextIsIndex ? [] : {};
      node = node[key];
    }
    const last = path.at(-1)!;
    node[last] = make(node[last]);
    return copy;
  }
  const withNul = (current: unknown) => (typeof current === 'string' && current.length >= 2 ? `${current.slice(0, 1)}\u0000${current.slice(1)}` : 'a\u0000b');

  it('has a sample for every request body, and each sample passes its schema', () => {
    expect(Object.keys(VALID_BODIES).sort()).toEqual(Object.keys(REQUEST_BODY_SCHEMAS).sort());
    for (const [name, schema] of Object.entries(REQUEST_BODY_SCHEMAS)) {
      const result = schema.safeParse(VALID_BODIES[name]!());
      expect({ name, issues: result.success ? [] : result.error.issues }).toEqual({ name, issues: [] });
    }
  });

  it('refuses a NUL in every text field of every route with 400 naming the field, before looking anything up (vi and en)', async () => {
    const bodied = operations().filter((op) => op.body);
    expect(bodied.map((op) => `${op.method} ${op.path}`)).toContain('POST /api/public/projects/:code/feedback');
    // A body with no field at all (publishing the ledger head) has no text to spoil.
    const withoutText = bodied.filter((op) => stringLeaves(doc.components.schemas[op.body!]).length === 0).map((op) => op.body);
    expect(withoutText).toEqual(bodied.filter((op) => Object.keys(doc.components.schemas[op.body!].properties ?? {}).length === 0).map((op) => op.body));
    let checked = 0;
    for (const [n, op] of bodied.entries()) {
      const leaves = stringLeaves(doc.components.schemas[op.body!]);
      // Ids and codes in the path name nothing that exists: a lookup before validation would answer 404.
      const path = fillPath(op.path, (name) => absentPathValue(op.path, name));
      for (const leaf of leaves) {
        const lang: Lang = (n + checked) % 2 ? 'vi' : 'en';
        const res = await send(op, path, withValue(VALID_BODIES[op.body!]!(), leaf.path, withNul), lang);
        const field = leaf.path.join('.');
        const seen = { route: `${op.method} ${op.path}`, field, status: res.status, fields: res.body?.error?.fields };
        expect(seen).toMatchObject({ status: 400, fields: { [field]: expect.any(String) } });
        expect(res.body.error.code).toBe('invalid_input');
        if (leaf.free) expect({ ...seen, reason: res.body.error.fields[field] }).toMatchObject({ reason: TEXT_RULES.control_character[lang] });
        expectErrorShape(res.body);
        checked += 1;
      }
    }
    // Every body has text; the count guards against a generator that quietly checks nothing.
    expect(checked).toBeGreaterThan(60);
  });

  it('allows tab and line breaks only in multi-line text, and refuses lone surrogates', async () => {
    const feedback = operations().find((op) => op.path === '/api/public/projects/:code/feedback')!;
    const path = fillPath(feedback.path, () => 'XX-2000-0000');
    // Valid text gets past validation to the lookup: 404 for a project that does not exist.
    expect((await send(feedback, path, { rating: 4, comment: 'Dòng một\r\n\tdòng hai' })).status).toBe(404);
    const surrogate = await send(feedback, path, { rating: 4, comment: 'nửa \ud800 cặp' }, 'vi');
    expect(surrogate.status).toBe(400);
    expect(surrogate.body.error.fields.comment).toBe(TEXT_RULES.lone_surrogate.vi);
    const create = operations().find((op) => op.method === 'POST' && op.path === '/api/projects')!;
    const title = await send(create, '/api/projects', { ...VALID_BODIES.ProposalBody!(), title: 'Tiêu đề\nhai dòng' });
    expect(title.status).toBe(400);
    expect(title.body.error.fields.title).toBe(TEXT_RULES.control_character.en);
  });

  it('refuses a NUL in every text filter and in sort with 400 naming it', async () => {
    let checked = 0;
    for (const def of Object.values(LISTS) as ListDef[]) {
      const token = await h.tokenFor(keyOf(ACCESS[def.permission][0]));
      for (const [name, spec] of Object.entries(def.filters)) {
        const schema = z.toJSONSchema(spec.schema, { io: 'input' }) as Json;
        const accepts = (type: string) => schema.type === type || (schema.anyOf ?? []).some((v: Json) => v.type === type || v.items?.type === type);
        if (!accepts('string')) continue;
        const res = await request(h.app).get(`/api${def.path}`).query({ filter: JSON.stringify({ [name]: 'a\u0000b' }) }).set('Authorization', `Bearer ${token}`);
        expect({ list: def.path, name, status: res.status, fields: res.body?.error?.fields }).toMatchObject({ status: 400, fields: { [`filter.${name}`]: expect.any(String) } });
        checked += 1;
      }
      const sort = await request(h.app).get(`/api${def.path}`).query({ sort: JSON.stringify(['a\u0000b', 'ASC']) }).set('Authorization', `Bearer ${token}`);
      expect({ list: def.path, status: sort.status, fields: Object.keys(sort.body?.error?.fields ?? {}) }).toEqual({ list: def.path, status: 400, fields: ['sort'] });
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('answers a malformed percent-encoding in any path parameter with 400 in the error shape, signed in or not', async () => {
    const withParams = operations().filter((op) => op.path.includes('/:'));
    expect(withParams.length).toBeGreaterThan(10);
    for (const op of withParams) {
      const path = fillPath(op.path, () => '@@').replace(/%40%40/g, '%E0%A4%A');
      const res = await send(op, path, op.body ? VALID_BODIES[op.body]!() : undefined, 'vi');
      expect({ route: `${op.method} ${op.path}`, status: res.status, code: res.body?.error?.code }).toEqual({ route: `${op.method} ${op.path}`, status: 400, code: 'bad_request' });
      expect(Object.keys(res.body.error.fields)).toEqual(['path']);
      expectErrorShape(res.body);
    }
    const anonymous = await request(h.app).post('/api/public/projects/%E0%A4%A/feedback').set('Idempotency-Key', randomUUID()).send({ rating: 3 });
    expect(anonymous.status).toBe(400);
    expectErrorShape(anonymous.body);
  });

  it('never lets an id that is not a UUID (or a step id, code, serial) reach PostgreSQL: 404, not 500', async () => {
    const notUuid = ['0123456789abcdef0123456789abcdef----', '------------------------------------', 'a\u0000b', `${randomUUID()}x`, "1' OR '1'='1", '1'.repeat(30)];
    const withParams = operations().filter((op) => op.path.includes('/:'));
    for (const op of withParams) {
      for (const bad of notUuid) {
        const res = await send(op, fillPath(op.path, () => bad), op.body ? VALID_BODIES[op.body]!() : undefined);
        expect({ route: `${op.method} ${op.path}`, bad, status: res.status }).toEqual({ route: `${op.method} ${op.path}`, bad, status: 404 });
        expectErrorShape(res.body);
      }
    }
  });

  it('refuses a range that is not small whole numbers, naming range', async () => {
    const token = await h.tokenFor('auditor');
    for (const range of ['[1e308,1e308]', '[0,1e308]', '[0.5,3]', '[-1,3]', '[9007199254740993,9007199254740994]', '["0","3"]', '[3,1]', '[0]', '{}', '"0-9"']) {
      const res = await request(h.app).get('/api/projects').query({ range }).set('Authorization', `Bearer ${token}`);
      expect({ range, status: res.status, fields: Object.keys(res.body?.error?.fields ?? {}) }).toEqual({ range, status: 400, fields: ['range'] });
      expect(res.headers['content-range']).toBeUndefined();
    }
    const ok = await request(h.app).get('/api/projects').query({ range: '[0,9]' }).set('Authorization', `Bearer ${token}`);
    expect(ok.status).toBe(200);
  });

  it('refuses unknown body fields on every route, naming each one', async () => {
    for (const op of operations().filter((o) => o.body)) {
      const path = fillPath(op.path, (name) => absentPathValue(op.path, name));
      // Names Object.prototype has too, sent as JSON text so __proto__ stays a key.
      const body = JSON.stringify({ ...VALID_BODIES[op.body!]!(), unexpectedField: 1, constructor: 'x' }).replace(/^\{/, '{"__proto__":{"role":"admin"},');
      const res = await send(op, path, undefined, 'vi', body);
      const fields = res.body?.error?.fields ?? {};
      expect({ route: `${op.method} ${op.path}`, status: res.status, unexpected: fields.unexpectedField, named: Object.keys(fields) }).toEqual({
        route: `${op.method} ${op.path}`,
        status: 400,
        unexpected: 'trường không được hỗ trợ: hãy bỏ trường này',
        named: expect.arrayContaining(['unexpectedField', 'constructor', '__proto__']),
      });
    }
    // Nested objects are strict too.
    const plan = operations().find((op) => op.path === '/api/projects/:id/plan')!;
    const nested = await send(plan, fillPath(plan.path, () => randomUUID()), { ...VALID_BODIES.PlanBody!(), lines: [{ label: 'Vật tư', amountVnd: 1, vat: 10 }] });
    expect(nested.status).toBe(400);
    expect(nested.body.error.fields['lines.0.vat']).toBeDefined();
  });

  it('answers outside /api in JSON: 405 for other methods, 404 for what does not exist, never Express HTML', async () => {
    for (const method of ['post', 'put', 'patch', 'delete'] as const) {
      for (const path of ['/foo', '/', '/healthz', '/assets/x.js']) {
        const res = await request(h.app)[method](path).send({});
        expect({ method, path, status: res.status, type: res.headers['content-type'] }).toEqual({ method, path, status: 405, type: expect.stringMatching(/application\/json/) });
        expect(res.headers.allow).toBe('GET, HEAD');
        expectErrorShape(res.body);
      }
    }
    const apiUnknown = await request(h.app).post('/api/nothing-here').set('Authorization', `Bearer ${await h.tokenFor('admin')}`).send({});
    expect(apiUnknown.status).toBe(404);
    expectErrorShape(apiUnknown.body);
  });

  it('never serves source maps, even when a build leaves them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dh-console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1);\n//# sourceMappingURL=app.js.map');
    writeFileSync(join(dir, 'assets', 'app.js.map'), '{"version":3,"sources":["secret.tsx"]}');
    const app = createApp({ config: h.config, db: h.db, temporal: h.client, log: createLogger('silent', 'api-test'), consoleDir: dir });
    expect((await request(app).get('/assets/app.js')).status).toBe(200);
    for (const path of ['/assets/app.js.map', '/assets/APP.JS.MAP', '/assets/missing.js.map']) {
      const res = await request(app).get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.text).not.toContain('secret.tsx');
      expectErrorShape(res.body);
    }
  });

  it('lists every public route in docs/access.md, the public feedback route included', () => {
    const documented = operations().filter((op) => !op.roles).map((op) => `${op.method} ${op.path}`).sort();
    expect(PUBLIC_ROUTES.map((r) => `${r.method} ${r.path}`).sort()).toEqual(documented);
    const accessDoc = renderAccessDoc();
    for (const r of PUBLIC_ROUTES) expect(accessDoc).toContain(`\`${r.method} ${r.path}\``);
    expect(accessDoc).toContain('`POST /api/public/projects/:code/feedback`');
    // And the signed-in routes are all still there.
    for (const r of ROUTES) expect(accessDoc).toContain(`\`${r.method} ${r.path}\``);
  });

  it('caps public feedback per project whatever the sender, with 429 and Retry-After; refused requests do not count', async () => {
    const d = lifecycleDriver(h);
    const [one, other] = [await d.propose(), await d.propose()];
    const app = createApp({ config: h.config, db: h.db, temporal: h.client, log: createLogger('silent', 'api-test'), feedbackPerProjectPerHour: 2 });
    const feedback = (code: string, body: object, ip: string) =>
      request(app).post(`/api/public/projects/${code}/feedback`).set('Idempotency-Key', randomUUID()).set('X-Forwarded-For', ip).send(body);
    // Junk and unknown projects use nothing of the quota.
    for (let i = 0; i < 3; i += 1) expect((await feedback(one.code, { rating: 9 }, '10.0.0.1')).status).toBe(400);
    expect((await feedback('XX-2000-0000', { rating: 3 }, '10.0.0.1')).status).toBe(404);
    // The window is not open (the project is at screening): refused by the workflow, but counted.
    expect((await feedback(one.code, { rating: 3 }, '10.0.0.2')).body.error.code).toBe('FeedbackClosed');
    expect((await feedback(one.code, { rating: 3 }, '10.0.0.3')).body.error.code).toBe('FeedbackClosed');
    const capped = await feedback(one.code, { rating: 3 }, '10.0.0.4');
    expect(capped.status).toBe(429);
    expect(Number(capped.headers['retry-after'])).toBeGreaterThan(0);
    expect(capped.body.error.fields.code).toMatch(/this hour/);
    expectErrorShape(capped.body);
    // Another project keeps its own quota.
    expect((await feedback(other.code, { rating: 3 }, '10.0.0.4')).body.error.code).toBe('FeedbackClosed');
  });
});
