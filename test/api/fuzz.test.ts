import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import pino from 'pino';
import request from 'supertest';
import { PUBLIC_ROUTES, ROUTES } from '../../api/access';
import { LISTS } from '../../api/lists';
import type { ListDef } from '../../api/list-params';
import { buildOpenApiDocument } from '../../api/openapi';
import { ErrorSchema } from '../../contract/session';
import type { Role } from '../../domain/roles';
import { DEMO_USERS } from '../../scripts/reference-data';
import { createApp } from '../../api/app';
import { scratchDatabase, startHarness, type Harness } from '../support/harness';
import { absentPathValue } from '../support/request-samples';

type Json = Record<string, any>;

/**
 * Property-based fuzzing of every route of the OpenAPI document (built from the zod schemas and the
 * role table): bodies generated from each route's schema, then spoiled with junk (wrong types, huge
 * and odd Unicode strings, deep nesting, prototype keys), odd path parameters and list queries, sent
 * as a role the route allows. Whatever comes in: never a 5xx, always an answer, and every 4xx in the
 * one error shape. DH_FUZZ_RUNS raises the runs per route (default 6, to keep the file near a minute).
 */
const RUNS = Number(process.env.DH_FUZZ_RUNS ?? 6);
/** An answer slower than this fails the property: "never a hang". */
const ANSWER_WITHIN_MS = 15_000;

const doc = buildOpenApiDocument() as Json;

interface Operation {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  roles?: Role[];
  body?: Json;
  list?: ListDef;
}
const lists = Object.values(LISTS) as ListDef[];
const OPERATIONS: Operation[] = Object.entries(doc.paths as Json).flatMap(([path, item]) =>
  Object.entries(item as Json).map(([method, op]) => {
    const expressPath = path.replace(/\{([^}]+)\}/g, ':$1');
    const ref: string | undefined = (op as Json).requestBody?.content?.['application/json']?.schema?.$ref;
    return {
      method: method as Operation['method'],
      path: expressPath,
      roles: (op as Json)['x-roles'],
      ...(ref ? { body: { $ref: ref } } : {}),
      ...(method === 'get' ? { list: lists.find((l) => `/api${l.path}` === expressPath) } : {}),
    };
  }),
);

const deref = (schema: Json): Json => (typeof schema?.$ref === 'string' ? deref(doc.components.schemas[schema.$ref.split('/').pop()!]) : schema);

/** A value the JSON Schema describes (or nearly: bounds are kept small so requests stay cheap). */
function fromSchema(raw: Json, depth = 0): fc.Arbitrary<unknown> {
  const s = deref(raw);
  const variants = (s.anyOf ?? s.oneOf) as Json[] | undefined;
  if (variants) return fc.oneof(...variants.map((v) => fromSchema(v, depth + 1)));
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...(s.enum as unknown[]));
  switch (s.type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: Math.max(s.minimum ?? -1e6, -1e15), max: Math.min(s.maximum ?? 1e6, 1e15) });
    case 'number': {
      const min = s.exclusiveMinimum ?? s.minimum ?? -1e6;
      const max = s.exclusiveMaximum ?? s.maximum ?? 1e6;
      return fc.double({ min, max, noNaN: true, noDefaultInfinity: true, minExcluded: s.exclusiveMinimum !== undefined, maxExcluded: s.exclusiveMaximum !== undefined });
    }
    case 'string':
      if (s.format === 'uuid') return fc.uuid();
      if (s.format === 'email') return fc.emailAddress();
      if (s.format === 'date') return fc.date({ noInvalidDate: true, min: new Date('2000-01-01'), max: new Date('2100-01-01') }).map((d) => d.toISOString().slice(0, 10));
      if (s.format === 'date-time') return fc.date({ noInvalidDate: true, min: new Date('2000-01-01'), max: new Date('2100-01-01') }).map((d) => d.toISOString());
      if (s.format === 'uri') return fc.webUrl();
      if (s.pattern) return fc.stringMatching(new RegExp(s.pattern));
      return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 60, 60) });
    case 'array':
      return fc.array(fromSchema(s.items ?? {}, depth + 1), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 3, 3) });
    case 'object': {
      const props = Object.fromEntries(Object.entries((s.properties ?? {}) as Json).map(([k, v]) => [k, fromSchema(v, depth + 1)]));
      return fc.record(props, { requiredKeys: (s.required ?? []) as string[] });
    }
    default:
      return depth > 2 ? fc.constant(null) : fc.jsonValue({ maxDepth: 2 });
  }
}

/** Text no route should trip on: odd Unicode, lone surrogates, controls, huge, SQL and markup. */
const nastyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 4 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 4 }),
  fc.constantFrom("' OR 1=1 --", '<script>alert(1)</script>', '${jndi:ldap://x}', '../../etc/passwd', '\u202e\u0000', '𝓓ồ𝓷𝓰 Hà𝓷𝓱', '=HYPERLINK("x")', 'null', 'NaN', '1e308'),
  fc.integer({ min: 1000, max: 20_000 }).map((n) => 'đ'.repeat(n)),
);
/** Values of any type, for fields that want something else. */
const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  fc.constantFrom(1e308, -1e308, 0.5, -1, 2 ** 53 + 1, true, false, null, [], {}, [null], { __proto__: null }),
  fc.jsonValue({ maxDepth: 3 }),
  // Deeper nesting goes as raw text (rawBody): fast-check could not print a counterexample this deep.
  fc.integer({ min: 50, max: 400 }).map((n) => JSON.parse('['.repeat(n) + ']'.repeat(n))),
);
/** Bodies JSON.stringify cannot make: prototype keys, deep nesting, broken JSON, huge payloads. */
const rawBody = fc.constantFrom(
  '{"__proto__":{"admin":true,"role":"admin"}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"__proto__":[],"rating":3}',
  `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
  `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`,
  '{"rating":3,',
  '\u0000',
  '"just a string"',
  '[1,2,3]',
  `{"comment":"${'x'.repeat(200_000)}"}`,
  '{"rating":3}\u0000{"rating":4}',
);

/** One field of a valid-ish body replaced by junk (or an unknown or prototype key added). */
function spoiled(schema: Json): fc.Arbitrary<unknown> {
  return fc.tuple(fromSchema(schema), junkValue, fc.constantFrom('replace', 'add', '__proto__', 'constructor', 'toString')).map(([value, junk, how]) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return junk;
    const keys = Object.keys(value);
    const copy: Json = { ...(value as Json) };
    if (how === 'replace' && keys.length) copy[keys[keys.length % 7 % keys.length]!] = junk;
    else if (how === 'add') copy.extraField = junk;
    else Object.defineProperty(copy, how, { value: junk, enumerable: true, configurable: true, writable: true });
    return copy;
  });
}

interface Sent {
  json?: unknown;
  raw?: string;
  contentType?: string;
}
function bodyOf(op: Operation): fc.Arbitrary<Sent | undefined> {
  const junk = fc.oneof(junkValue.map((json) => ({ json })), rawBody.map((raw) => ({ raw })));
  const media = fc.constantFrom('application/json; charset=latin1', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16');
  if (!op.body) return fc.option(junk, { freq: 3, nil: undefined });
  return fc.oneof(
    { weight: 3, arbitrary: fromSchema(op.body).map((json) => ({ json })) },
    { weight: 3, arbitrary: spoiled(op.body).map((json) => ({ json })) },
    { weight: 2, arbitrary: junk },
    { weight: 1, arbitrary: fc.tuple(fromSchema(op.body), media).map(([json, contentType]) => ({ raw: JSON.stringify(json), contentType })) },
  );
}

/** Percent-encodes any string; a lone surrogate (no UTF-8 form) goes as the bytes of one, which is malformed. */
const encodeAny = (value: string) => [...value].map((ch) => (/[\uD800-\uDFFF]/.test(ch) && ch.length === 1 ? '%ED%A0%80' : encodeURIComponent(ch))).join('');

function paramOf(op: Operation, name: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(null).map(() => encodeURIComponent(absentPathValue(op.path, name))) },
    // Kept under Node's 16 kB header limit: beyond it Node answers 431 before the app sees anything.
    { weight: 2, arbitrary: nastyString.map((v) => encodeAny(v.slice(0, 1000))) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%E0%A4%A', '%ff%fe', '%00', '..%2F..%2Fetc', '0123456789abcdef0123456789abcdef----', '1e308', '-1', '%C0%AF', '%uD800') },
  );
}

const MAX_QUERY_VALUE = 500;

/** A list query: sort, range and filter from the list's own fields or junk, plus stray keys. */
function queryOf(op: Operation): fc.Arbitrary<Record<string, string | string[]>> {
  const def = op.list;
  // Each value kept to 500 characters: percent-encoded (up to 9 bytes a character), sort, range and
  // filter together stay under Node's 16 kB header limit, beyond which Node answers 431 itself.
  const json = (v: fc.Arbitrary<unknown>) => v.map((x) => (JSON.stringify(x) ?? 'undefined').slice(0, MAX_QUERY_VALUE));
  if (!def) return fc.dictionary(fc.constantFrom('months', 'format', 'filter', 'x', '__proto__'), fc.oneof(fc.string({ maxLength: 8 }), json(junkValue)), { maxKeys: 2 }) as fc.Arbitrary<Record<string, string | string[]>>;
  const filterName = fc.constantFrom(...Object.keys(def.filters), 'unknown', '__proto__', 'constructor');
  const filter = fc.oneof(
    fc.tuple(filterName, junkValue).map(([k, v]) => JSON.stringify({ [k]: v }).slice(0, MAX_QUERY_VALUE)),
    fc.tuple(fc.constantFrom(...(Object.keys(def.filters).length ? Object.keys(def.filters) : ['none'])), fc.constant(null)).map(([k]) => JSON.stringify({ [k]: def.filters[k]?.example ?? null })),
    json(junkValue),
    nastyString.map((x) => x.slice(0, MAX_QUERY_VALUE)),
  );
  const sort = fc.oneof(fc.tuple(fc.constantFrom(...Object.keys(def.sortable), 'nope', '__proto__'), fc.constantFrom('ASC', 'DESC', 'asc', 'sideways', 1)).map((s) => JSON.stringify(s)), json(junkValue));
  const range = fc.oneof(fc.tuple(fc.integer({ min: -5, max: 300 }), fc.integer({ min: -5, max: 300 })).map((r) => JSON.stringify(r)), json(junkValue), fc.constantFrom('[1e308,1e308]', '[0.5,2]', '[0,9]'));
  return fc.record(
    { sort, range, filter, extra: fc.oneof(fc.string({ maxLength: 8 }), fc.array(fc.string({ maxLength: 4 }), { minLength: 2, maxLength: 3 })) },
    { requiredKeys: [] },
  ) as fc.Arbitrary<Record<string, string | string[]>>;
}

describe('API fuzzing: never a 5xx, never a hang, always the error shape', () => {
  let h: Harness;
  let app: ReturnType<typeof createApp>;
  /** What the app logged as failed, so a 5xx shows its cause in the counterexample. */
  const failures: string[] = [];
  const tokens = new Map<Role, string>();
  beforeAll(async () => {
    // Valid bodies may write reference data (users, policy versions): keep them out of the shared database.
    h = await startHarness({ databaseUrl: await scratchDatabase('fuzz') });
    const log = pino({ level: 'error' }, { write: (line: string) => void failures.push(line) });
    app = createApp({ config: h.config, db: h.db, temporal: h.client, log });
    for (const role of new Set(DEMO_USERS.map((u) => u.role))) tokens.set(role, await h.tokenFor(DEMO_USERS.find((u) => u.role === role)!.key));
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('covers every route of the role table and every public route', () => {
    const covered = new Set(OPERATIONS.map((op) => `${op.method.toUpperCase()} ${op.path}`));
    for (const r of [...ROUTES, ...PUBLIC_ROUTES]) expect(covered).toContain(`${r.method} ${r.path}`);
    expect(covered).toContain('POST /api/public/projects/:code/feedback');
  });

  it.each(OPERATIONS.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const))('%s', async (_name, op) => {
    const params = [...op.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
    const arbitrary = fc.record({
      role: op.roles ? fc.constantFrom(...op.roles) : fc.constant(undefined),
      params: fc.tuple(...params.map((p) => paramOf(op, p)), fc.constant('')),
      query: queryOf(op),
      body: bodyOf(op),
      lang: fc.constantFrom('vi', 'en', 'fr', '*', 'vi-VN,vi;q=0.9', ''),
      key: fc.oneof(fc.uuid(), fc.constantFrom('', 'x', 'k'.repeat(300), 'bad key with spaces', 'key/with\\slashes')),
    });
    await fc.assert(
      fc.asyncProperty(arbitrary, async (input) => {
        let i = 0;
        const path = op.path.replace(/:([A-Za-z0-9_]+)/g, () => input.params[i++]!);
        const sendOnce = () => {
          failures.length = 0;
          let req = request(app)[op.method](path).timeout({ response: ANSWER_WITHIN_MS, deadline: ANSWER_WITHIN_MS }).query(input.query).set('Accept-Language', input.lang);
          if (input.key) req = req.set('Idempotency-Key', input.key);
          if (input.role) req = req.set('Authorization', `Bearer ${tokens.get(input.role)}`);
          if (input.body?.raw !== undefined) return req.set('Content-Type', input.body.contentType ?? 'application/json').send(input.body.raw);
          if (input.body && 'json' in input.body) return req.set('Content-Type', 'application/json').send(JSON.stringify(input.body.json) ?? 'null');
          return req;
        };
        let res = await sendOnce();
        // A shared, overloaded PostgreSQL can time out a connection (503 with Retry-After): the same request
        // again tells that apart from a 5xx the input causes, which answers the same every time.
        for (let again = 0; again < 3 && res.status === 503 && res.body?.error?.code === 'unavailable' && res.headers['retry-after']; again += 1) res = await sendOnce();
        const seen = { status: res.status, body: res.status >= 400 ? res.body : undefined };
        if (res.status >= 500) throw new Error(`${op.method.toUpperCase()} ${path} answered ${res.status}: ${JSON.stringify(seen.body)}; logged: ${failures.join('').slice(0, 1500)}`);
        if (res.status >= 400) {
          const shape = ErrorSchema.strict().safeParse(res.body);
          if (!shape.success) throw new Error(`${op.method.toUpperCase()} ${path} answered ${res.status} outside the error shape: ${res.text.slice(0, 300)}`);
        }
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
  });

  it('answers odd requests that reach no route in the error shape', async () => {
    for (const [method, path] of [
      ['get', '/api/%E0%A4%A'],
      ['post', '/api/projects/%E0%A4%A/plan'],
      ['delete', '/api/projects'],
      ['put', '/api/users/' + randomUUID()],
      ['post', '/foo'],
      ['get', '/api/' + 'a'.repeat(5000)],
    ] as const) {
      const res = await request(app)[method](path).set('Authorization', `Bearer ${tokens.get('admin')}`).timeout(ANSWER_WITHIN_MS);
      expect({ path: path.slice(0, 60), status: res.status < 500 }).toEqual({ path: path.slice(0, 60), status: true });
      expect(ErrorSchema.strict().safeParse(res.body).success).toBe(true);
    }
  });
});
