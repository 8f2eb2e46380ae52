import packageJson from '../../package.json';
import { RULE_ERRORS } from '../../domain/errors';
import { ROLES } from '../../domain/roles';
import { IdempotencyKey } from '../../domain/schemas';
import { ACCESS, ROUTES, type Permission } from '../access';
import { type Json, REQUEST_BODY_SCHEMAS, RESPONSE_SCHEMAS, componentsFrom, inlineSchema, ref } from './schemas';
import { ERROR_TEXT, type OperationSpec, PUBLIC_OPERATIONS, ROUTE_SPECS, TAGS, header, json, openApiPath, param } from './routes';

/** The OpenAPI 3.1 document, built from ROUTES (summaries, permissions), ACCESS (roles) and the specs. */

// ---------------------------------------------------------------------------------------------
// The document: ROUTES joined with the specs, parameters, components.

function errorResponse(status: number, codes: string[]): Json {
  const unique = [...new Set(codes)];
  const response: Json = {
    description: `${ERROR_TEXT[status] ?? 'Error'}: ${unique.join(', ')}.`,
    'x-error-codes': unique,
    content: json(ref('Error')),
  };
  if (status === 429) response.headers = { 'Retry-After': header('RetryAfter'), RateLimit: header('RateLimit'), 'RateLimit-Policy': header('RateLimitPolicy') };
  if (status === 503) response.headers = { 'Retry-After': header('RetryAfter') };
  return response;
}

interface ResolvedOperation {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  expressPath: string;
  summary: string;
  permission?: Permission;
  spec: OperationSpec;
}

function operationObject(op: ResolvedOperation): Json {
  const { spec, permission } = op;
  const roles = permission ? [...ACCESS[permission]] : undefined;
  const localized = spec.localized ?? true;
  const touchesServices = spec.touchesServices ?? true;
  const errors: Record<number, string[]> = {};
  const add = (status: number, codes: string[]) => void (errors[status] = [...(errors[status] ?? []), ...codes]);
  if (spec.requestBody) {
    add(400, ['invalid_input', 'invalid_json', 'bad_request']);
    add(413, ['payload_too_large']);
    add(415, ['unsupported_media_type']);
  }
  // A path parameter that is not valid percent-encoding.
  if (op.expressPath.includes('/:')) add(400, ['bad_request']);
  if (spec.command) {
    add(400, ['idempotency_key_required']);
    add(422, ['idempotency_key_reused']);
  }
  if (roles) {
    add(401, ['unauthenticated']);
    // The role check answers 403 only when some role is left out.
    if (ROLES.some((role) => !(roles as string[]).includes(role))) add(403, ['forbidden']);
  }
  for (const [status, codes] of Object.entries(spec.errors ?? {})) if (codes?.length) add(Number(status), codes);
  for (const code of spec.rules ?? []) add(RULE_ERRORS[code].status, [code]);
  // Whatever the workflow records through an activity may be refused by PostgreSQL or not be recorded in time.
  if (spec.rules?.length) for (const code of ['InvalidData', 'NotRecorded'] as const) add(RULE_ERRORS[code].status, [code]);
  if (touchesServices) {
    add(500, ['internal']);
    add(503, ['unavailable']);
  }

  const access = roles ? `Roles: ${roles.join(', ')} (permission ${permission}).` : 'Public: no token needed.';
  const parameters = [...(spec.parameters ?? []), ...(spec.command ? [param('IdempotencyKey')] : []), ...(localized ? [param('AcceptLanguage')] : [])];
  const responses: Json = { ...spec.success };
  for (const status of Object.keys(errors).map(Number).sort((a, b) => a - b)) responses[String(status)] = errorResponse(status, errors[status]!);

  return {
    operationId: spec.operationId,
    tags: [spec.tag],
    summary: op.summary,
    description: `${spec.description}\n\n${access}`,
    ...(roles ? { 'x-permission': permission, 'x-roles': roles } : { 'x-public': true, security: [] }),
    ...(spec.command ? { 'x-idempotent-command': true } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(spec.requestBody ? { requestBody: { required: true, content: json(ref(spec.requestBody)) } } : {}),
    responses,
  };
}

const lower = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE') => method.toLowerCase() as ResolvedOperation['method'];
const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** ROUTES (summaries, permissions) joined with ROUTE_SPECS, then the public routes; fails on any gap. */
function resolvedOperations(): ResolvedOperation[] {
  const keys = new Set<string>();
  const operations: ResolvedOperation[] = ROUTES.map((route) => {
    const key = `${route.method} ${route.path}`;
    keys.add(key);
    const spec = ROUTE_SPECS[key];
    if (!spec) throw new Error(`api/openapi: ${key} is in ROUTES but not documented in ROUTE_SPECS`);
    return { method: lower(route.method), path: openApiPath(route.path), expressPath: route.path, summary: sentence(route.what), permission: route.permission, spec };
  });
  for (const key of Object.keys(ROUTE_SPECS)) if (!keys.has(key)) throw new Error(`api/openapi: ROUTE_SPECS documents ${key}, which is not in ROUTES`);
  for (const op of PUBLIC_OPERATIONS) {
    operations.push({ method: lower(op.method), path: openApiPath(op.path), expressPath: op.path, summary: op.summary, spec: op });
  }
  const order = new Map(TAGS.map((t, i) => [t.name, i]));
  for (const op of operations) if (!order.has(op.spec.tag)) throw new Error(`api/openapi: unknown tag ${op.spec.tag}`);
  // Stable sort: within a tag, the order of ROUTES.
  return operations.sort((a, b) => order.get(a.spec.tag)! - order.get(b.spec.tag)!);
}

const PARAMETERS: Record<string, Json> = {
  AcceptLanguage: {
    name: 'Accept-Language',
    in: 'header',
    required: false,
    description: 'Language of error messages and field reasons: vi or en (English when neither is asked for).',
    schema: { type: 'string', examples: ['vi', 'en'] },
  },
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: true,
    description: 'Required on every command: 8–200 characters of A–Z a–z 0–9 . _ : -. A key belongs to its sender (the signed-in person; the client address for public feedback) and is bound on first use to the method, the path with its parameters and the body (canonical JSON), for at least 24 hours. A retry of the same request with the same key has the effect of one request and answers the first result. Missing or malformed: 400 idempotency_key_required. The same key with another path, step or body: 422 idempotency_key_reused, and nothing is done.',
    schema: inlineSchema(IdempotencyKey),
    example: 'c3f5e2a0-4b1d-4e8a-9a57-0d2f3b6c7e81',
  },
  ProjectId: { name: 'id', in: 'path', required: true, description: 'Project id (UUID).', schema: { type: 'string', format: 'uuid' } },
  ProjectCode: { name: 'code', in: 'path', required: true, description: 'Project code, e.g. BD-2026-0001.', schema: { type: 'string' } },
  StepId: { name: 'id', in: 'path', required: true, description: 'Step id, <workflowId>:<type>:<round>, URL-encoded.', schema: { type: 'string', maxLength: 120 } },
  InvitationId: { name: 'id', in: 'path', required: true, description: 'Invitation id (UUID).', schema: { type: 'string', format: 'uuid' } },
  MilestoneCode: { name: 'code', in: 'path', required: true, description: 'Milestone code, as set in the plan.', schema: { type: 'string', maxLength: 40 } },
  IndicatorCode: { name: 'code', in: 'path', required: true, description: 'Indicator code, as set in the proposal.', schema: { type: 'string', maxLength: 40 } },
  UserId: { name: 'id', in: 'path', required: true, description: 'User id (UUID).', schema: { type: 'string', format: 'uuid' } },
  PartnerId: { name: 'id', in: 'path', required: true, description: 'Partner id (UUID).', schema: { type: 'string', format: 'uuid' } },
  UnitCode: { name: 'id', in: 'path', required: true, description: 'Unit code, e.g. BD.', schema: { type: 'string', maxLength: 40 } },
  CommentId: { name: 'id', in: 'path', required: true, description: 'Comment id (a number).', schema: { type: 'string', pattern: '^\\d+$' } },
  BoardMemberId: { name: 'id', in: 'path', required: true, description: 'Seat id, <boardId>:<userId>, URL-encoded.', schema: { type: 'string', maxLength: 80 } },
  ConflictId: { name: 'id', in: 'path', required: true, description: 'Declaration id (a number).', schema: { type: 'string', pattern: '^\\d+$' } },
};

/** Every {name} in a path has exactly one path parameter, and every path parameter is in the path. */
function checkPathParameters(path: string, parameters: unknown[]): void {
  const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const declared = parameters
    .map((p) => {
      const pointer = (p as { $ref?: string }).$ref;
      return pointer ? PARAMETERS[pointer.slice('#/components/parameters/'.length)] : (p as Json);
    })
    .filter((p): p is Json => p?.in === 'path')
    .map((p) => String(p.name));
  if (inPath.slice().sort().join() !== declared.slice().sort().join()) {
    throw new Error(`api/openapi: ${path} declares path parameters [${declared.join(', ')}]`);
  }
}

export function buildOpenApiDocument(): Json {
  const operations = resolvedOperations();
  const paths: Record<string, Record<string, Json>> = {};
  for (const op of operations) {
    const item = (paths[op.path] ??= {});
    if (item[op.method]) throw new Error(`api/openapi: ${op.method.toUpperCase()} ${op.path} documented twice`);
    const operation = operationObject(op);
    checkPathParameters(op.path, (operation.parameters ?? []) as unknown[]);
    item[op.method] = operation;
  }
  const usedTags = new Set(operations.map((op) => op.spec.tag));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Đồng Hành API',
      version: packageJson.version,
      description: [
        'Workflow and case management for community projects run by a ward or commune.',
        'Every /api route except sign-in, refresh, logout, the public portal\'s routes (/api/public, feedback and comments included) and this documentation needs `Authorization: Bearer <token>` from POST /api/auth/login. Each operation lists the roles allowed (x-roles, from the role table the API enforces); the workflow may narrow further (who decides which step, which partner).',
        "Everything is scoped by unit: a signed-in person sees and acts on their own ward or commune only (admins and auditors too; partner accounts are held to their own partner). A project, step, invitation, pledge, ledger entry, person, partner or declaration of another unit answers 404, exactly as one that does not exist; lists and figures hold the caller's units only.",
        'Every command (a POST, PATCH or DELETE that changes something) needs an Idempotency-Key header; a retry of the same request with the same key has the effect of one request. A key is bound to its first request (method, path, body): sent with another one it is refused with 422 idempotency_key_reused and nothing is done.',
        'Errors always have the shape `{ error: { code, message, fields } }`: 400 invalid input (fields names each field at fault), 401 not signed in, 403 role or rule refuses, 404 not found, 409 conflicts with the current state, 422 breaks a rule, 429 too many requests, 503 PostgreSQL or Temporal unreachable (with Retry-After). Messages follow `Accept-Language: vi|en`. Every answer carries X-Request-Id (send your own to correlate).',
      ].join('\n\n'),
    },
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    tags: TAGS.filter((t) => usedTags.has(t.name)),
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token from POST /api/auth/login (HS256, short-lived).' } },
      schemas: { ...componentsFrom(REQUEST_BODY_SCHEMAS, 'input', false), ...componentsFrom(RESPONSE_SCHEMAS, 'output', true) },
      parameters: PARAMETERS,
      headers: {
        ContentRange: { description: '<resource> <start>-<end>/<total>, e.g. `projects 0-24/137`.', schema: { type: 'string', pattern: '^[a-z]+ \\d+-\\d+/\\d+$' } },
        RetryAfter: { description: 'Seconds to wait before trying again.', schema: { type: 'integer', minimum: 0 } },
        RateLimit: { description: 'Remaining quota (IETF draft 8 RateLimit header).', schema: { type: 'string' } },
        RateLimitPolicy: { description: 'Quota policy (IETF draft 8 RateLimit-Policy header).', schema: { type: 'string' } },
        Location: { description: 'URL of the created resource.', schema: { type: 'string' } },
      },
    },
  };
}
