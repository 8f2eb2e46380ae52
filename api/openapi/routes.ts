import type { RuleErrorCode } from '../../domain/errors';
import { ListQuery } from '../../domain/schemas';
import { SlaStatsQuery } from '../../contract/stats';
import { ROUTES } from '../access';
import { LISTS } from '../lists';
import { LedgerExportQuery } from '../routes/ledger';
import { PublicProjectsQuery } from '../routes/public';
import type { ListDef } from '../list-params';
import { type BodyName, type Json, inlineSchema, ref } from './schemas';
import { commandRouteSpecs } from './commands';

/**
 * What is written by hand about each route: its request, answers, errors and notes (ROUTE_SPECS,
 * keyed by the ROUTES entry of api/access.ts), the routes that need no token, the list routes (from
 * the list table) and the order of the groups. The stage commands' entries are one section of ROUTE_SPECS.
 */

// ---------------------------------------------------------------------------------------------
// Operations.

export const ERROR_TEXT: Record<number, string> = {
  400: 'The request is not valid',
  401: 'Not signed in',
  403: 'Not allowed',
  404: "Not found (or of another unit: the same answer)",
  409: 'Conflicts with the current state',
  413: 'Request body larger than 100 kB',
  415: 'Body not JSON in UTF-8 (or in an unsupported compression)',
  422: 'Understood but breaks a rule',
  429: 'Too many requests; retry after Retry-After seconds',
  500: 'Unexpected failure (logged)',
  503: 'PostgreSQL or Temporal unreachable; retry after Retry-After seconds',
};

/** What is written by hand about one operation; method, path, summary and roles come from elsewhere. */
export interface OperationSpec {
  operationId: string;
  tag: string;
  description: string;
  parameters?: Json[];
  requestBody?: BodyName;
  /** Sends an Idempotency-Key header (every command). */
  command?: boolean;
  success: Record<string, Json>;
  /** status → error codes this route answers with, besides those added for every route of its kind. */
  errors?: Partial<Record<number, string[]>>;
  /** Engine rule violations (domain/errors.ts); their status comes from RULE_ERRORS. */
  rules?: RuleErrorCode[];
  /** Error messages and field reasons follow Accept-Language. */
  localized?: boolean;
  /** Reads PostgreSQL or Temporal: may answer 500/503. */
  touchesServices?: boolean;
}

interface PublicOperation extends OperationSpec {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  summary: string;
}

export const json = (schema: Json) => ({ 'application/json': { schema } });
export const param = (name: string) => ({ $ref: `#/components/parameters/${name}` });
export const header = (name: string) => ({ $ref: `#/components/headers/${name}` });

/** Express's /a/:id/b → OpenAPI's /a/{id}/b. */
export const openApiPath = (expressPath: string) => expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** A list's filters as JSON Schema: each is the zod schema the route validates the value with. */
function filterSchemas(def: ListDef): Record<string, Json> {
  return Object.fromEntries(Object.entries(def.filters).map(([name, f]) => [name, inlineSchema(f.schema)]));
}

function listParameters(def: ListDef): Json[] {
  const spec = { sortable: Object.keys(def.sortable), defaultSort: def.defaultSort, filters: filterSchemas(def) };
  const [field, order] = spec.defaultSort;
  return [
    {
      name: 'sort',
      in: 'query',
      required: false,
      description: `JSON-encoded [field, order] (ra-data-simple-rest). Fields: ${spec.sortable.join(', ')}; order ASC or DESC. Default ${JSON.stringify(spec.defaultSort)}.`,
      schema: {
        ...inlineSchema(ListQuery.shape.sort),
        contentMediaType: 'application/json',
        contentSchema: { type: 'array', prefixItems: [{ enum: spec.sortable }, { enum: ['ASC', 'DESC'] }], minItems: 2, maxItems: 2 },
      },
      example: JSON.stringify([field, order]),
    },
    {
      name: 'range',
      in: 'query',
      required: false,
      description: 'JSON-encoded [start, end], both inclusive, 0 ≤ start ≤ end, at most 200 rows. Default [0,24].',
      schema: {
        ...inlineSchema(ListQuery.shape.range),
        contentMediaType: 'application/json',
        contentSchema: { type: 'array', prefixItems: [{ type: 'integer', minimum: 0 }, { type: 'integer', minimum: 0 }], minItems: 2, maxItems: 2 },
      },
      example: '[0,24]',
    },
    {
      name: 'filter',
      in: 'query',
      required: false,
      description: `JSON-encoded object of filters: ${Object.keys(spec.filters).join(', ')}. Unknown filters are refused (400); empty values are ignored.`,
      schema: {
        ...inlineSchema(ListQuery.shape.filter),
        contentMediaType: 'application/json',
        contentSchema: { type: 'object', properties: spec.filters, additionalProperties: false },
      },
      example: JSON.stringify(Object.fromEntries(Object.entries(def.filters).slice(0, 1).map(([k, f]) => [k, f.example]))),
    },
  ];
}

function listSuccess(resource: string, item: string): Record<string, Json> {
  return {
    '200': {
      description: `A page of ${resource}. Content-Range gives the rows sent and the total.`,
      headers: { 'Content-Range': header('ContentRange') },
      content: json({ type: 'array', items: ref(item) }),
    },
  };
}

const commandSuccess: Record<string, Json> = { '200': { description: 'Recorded; the project as it is now.', content: json(ref('CommandResult')) } };

/** The list routes, documented from the table they run on (api/lists.ts): GET <path> and GET <path>/:id. */
function listRouteSpecs(): Record<string, OperationSpec> {
  const specs: Record<string, OperationSpec> = {};
  for (const def of Object.values(LISTS) as ListDef[]) {
    // The route table and the list table must name the same permission for a list and its rows.
    for (const path of [`/api${def.path}`, ...(def.single ? [`/api${def.path}/:id`] : [])]) {
      const route = ROUTES.find((r) => r.method === 'GET' && r.path === path);
      if (route && route.permission !== def.permission) throw new Error(`api/openapi: GET ${path} needs ${route.permission} in ROUTES but ${def.permission} in api/lists.ts`);
    }
    specs[`GET /api${def.path}`] = {
      operationId: def.operationId,
      tag: def.tag,
      description: `${def.description}\n\nra-data-simple-rest list protocol: JSON-encoded sort, range and filter in the query; the total in Content-Range. Unknown sort fields and filters, and filter values of the wrong form, are refused (400, naming the field).`,
      parameters: listParameters(def),
      success: listSuccess(def.resource, def.component),
      errors: { 400: ['invalid_input'] },
    };
    if (def.single) {
      specs[`GET /api${def.path}/:id`] = {
        operationId: def.operationId.replace(/^list/, 'get').replace(/ies$/, 'y').replace(/s$/, ''),
        tag: def.tag,
        description: 'One row of the list, in the same shape; a row the caller may not see is not found (404).',
        parameters: [{ name: 'id', in: 'path', required: true, description: `Id of the ${def.component}.`, schema: { type: 'string' } }],
        success: { '200': { description: 'The row.', content: json(ref(def.component)) } },
        errors: { 404: ['not_found'] },
      };
    }
  }
  return specs;
}


/**
 * The authenticated routes, keyed by "METHOD /express/path" as in ROUTES. The document is built by
 * walking ROUTES: a route without an entry here, or an entry without a route, stops the build.
 */
export const ROUTE_SPECS: Record<string, OperationSpec> = {
  ...listRouteSpecs(),
  // The stage commands, written from the command registry (domain/commands).
  ...commandRouteSpecs(),
  'GET /api/steps/inbox-count': {
    operationId: 'stepInboxCount',
    tag: 'Steps',
    description: 'How many open steps the caller can decide now: the rows GET /api/steps answers with the filter {"awaitingMe": true}. For the menu badge.',
    success: { '200': { description: 'The count.', content: json(ref('InboxCount')) } },
  },
  'GET /api/ledger/export': {
    operationId: 'exportLedger',
    tag: 'Ledger',
    description:
      'Every entry the filter matches (same filters as GET /api/ledger), in chain order, as a download. CSV: a header row in the language of Accept-Language (Vietnamese or English), times in Vietnam time with their offset (ISO 8601, +07:00), RFC 4180 quoting, CRLF line ends, UTF-8 with a byte-order mark (spreadsheets show Vietnamese as it is); evidence and details are JSON inside their cells; a text cell that starts with =, +, -, @, a tab or a carriage return gets a leading apostrophe so spreadsheets do not run it as a formula (OWASP CSV injection). JSON: an array of ledger entries, exactly as recorded (without the names the list reads beside them).',
    parameters: [
      { name: 'format', in: 'query', required: false, description: 'csv (default) or json.', schema: inlineSchema(LedgerExportQuery.shape.format) },
      { ...listParameters(LISTS.decisions)[2]!, description: 'JSON-encoded object of filters, as for GET /api/ledger.' },
    ],
    success: {
      '200': {
        description: 'The download; Content-Disposition names the file (ledger-<time>.csv or .json).',
        headers: { 'Content-Disposition': { description: 'attachment; filename="ledger-….csv"', schema: { type: 'string' } } },
        content: { 'text/csv': { schema: { type: 'string' } }, 'application/json': { schema: { type: 'array', items: ref('LedgerEntry') } } },
      },
    },
    errors: { 400: ['invalid_input'] },
  },
  'POST /api/users': {
    operationId: 'createUser',
    tag: 'Administration',
    description: 'Creates an account; the password is stored as an argon2id hash and never returned. A partner account names its partner; a team lead, their team. The unit defaults to the admin\'s. Recorded in the admin-changes trail. A retry with the same Idempotency-Key answers the first result.',
    requestBody: 'UserCreateBody',
    command: true,
    success: { '201': { description: 'Created; Location names the user.', headers: { Location: header('Location') }, content: json(ref('User')) } },
    errors: { 409: ['email_taken'], 422: ['unknown_unit', 'unknown_team', 'unknown_partner'] },
  },
  'PATCH /api/users/:id': {
    operationId: 'updateUser',
    tag: 'Administration',
    description: 'Changes the fields sent. Switching an account off ends its sessions (refresh tokens revoked). An admin cannot switch off or demote their own account. Recorded with the row before and after.',
    parameters: [param('UserId')],
    requestBody: 'UserUpdateBody',
    command: true,
    success: { '200': { description: 'The user as it now is.', content: json(ref('User')) } },
    errors: { 404: ['not_found'], 409: ['email_taken'], 422: ['unknown_team', 'unknown_partner', 'own_account'] },
  },
  'POST /api/partners': {
    operationId: 'createPartner',
    tag: 'Administration',
    description: 'Registers a partner (R1). Names are unique within a unit. Recorded in the admin-changes trail.',
    requestBody: 'PartnerCreateBody',
    command: true,
    success: { '201': { description: 'Registered; Location names the partner.', headers: { Location: header('Location') }, content: json(ref('Partner')) } },
    errors: { 409: ['partner_name_taken'], 422: ['unknown_unit'] },
  },
  'PATCH /api/partners/:id': {
    operationId: 'updatePartner',
    tag: 'Administration',
    description: 'Changes the fields sent. Recorded with the row before and after.',
    parameters: [param('PartnerId')],
    requestBody: 'PartnerUpdateBody',
    command: true,
    success: { '200': { description: 'The partner as it now is.', content: json(ref('Partner')) } },
    errors: { 404: ['not_found'], 409: ['partner_name_taken'] },
  },
  'PATCH /api/units/:id': {
    operationId: 'updateUnit',
    tag: 'Administration',
    description: "Names the unit's chair (or none): escalation level 3 (unit_chair) and the last fallback of the separation-of-duties rule reach this person. Recorded with the row before and after.",
    parameters: [param('UnitCode')],
    requestBody: 'UnitUpdateBody',
    command: true,
    success: { '200': { description: 'The unit as it now is.', content: json(ref('Unit')) } },
    errors: { 404: ['not_found'], 422: ['chair_not_in_unit'] },
  },
  'POST /api/board-members': {
    operationId: 'seatBoardMember',
    tag: 'Administration',
    description:
      "Seats an active person of the caller's unit on the unit's board (R4), with a seat, the chair flag (one chair at a time) and from/until. A seat that ended may be taken again. Open board votes of the unit are re-evaluated. Recorded in the admin-changes trail.",
    requestBody: 'BoardMemberCreateBody',
    command: true,
    success: { '201': { description: 'Seated; Location names the seat.', headers: { Location: header('Location') }, content: json(ref('BoardMember')) } },
    errors: { 409: ['already_member', 'chair_taken'], 422: ['member_not_in_unit', 'no_board', 'since_in_future', 'until_before_since'] },
  },
  'PATCH /api/board-members/:id': {
    operationId: 'endBoardMember',
    tag: 'Administration',
    description:
      'Ends a seat: its last day (a day before today ends it at once; the day before it began withdraws a seat taken by mistake) and the reason. Open board votes of the unit are re-evaluated without the member. The row before and after, and the reason, are kept in the admin-changes trail.',
    parameters: [param('BoardMemberId')],
    requestBody: 'BoardMemberEndBody',
    command: true,
    success: { '200': { description: 'The seat as it now is.', content: json(ref('BoardMember')) } },
    errors: { 404: ['not_found'], 409: ['seat_ended'], 422: ['until_before_since'] },
  },
  'POST /api/conflicts-of-interest': {
    operationId: 'declareConflictOfInterest',
    tag: 'Administration',
    description:
      'Declares a conflict on a project or with a partner (R21). A board member declares their own (userId left out or their own); an admin declares anyone\'s. It leaves the member out of the deciders of steps opened from now on; steps already open keep their deciders.',
    requestBody: 'ConflictOfInterestBody',
    command: true,
    success: { '201': { description: 'Declared.', headers: { Location: header('Location') }, content: json(ref('ConflictOfInterest')) } },
    errors: { 403: ['forbidden'], 409: ['conflict_declared'], 422: ['unknown_user', 'unknown_project', 'unknown_partner'] },
  },
  'DELETE /api/conflicts-of-interest/:id': {
    operationId: 'withdrawConflictOfInterest',
    tag: 'Administration',
    description: 'Withdraws a declaration: a board member their own, an admin anyone\'s. The row before is kept in the admin-changes trail.',
    parameters: [param('ConflictId')],
    command: true,
    success: { '204': { description: 'Withdrawn.' } },
    errors: { 404: ['not_found'] },
  },
  'POST /api/sla-policies': {
    operationId: 'appendSlaPolicyVersion',
    tag: 'Administration',
    description: 'Appends the next version of a step type\'s SLA policy (versions are never edited). New steps use it from activeFrom (default: now); open steps keep theirs.',
    requestBody: 'SlaPolicyVersionBody',
    command: true,
    success: { '201': { description: 'The new version.', content: json(ref('SlaPolicy')) } },
    errors: { 422: ['unknown_team'] },
  },
  'POST /api/quorum-rules': {
    operationId: 'appendQuorumRuleVersion',
    tag: 'Administration',
    description: 'Appends the next version of the quorum rule (versions are never edited). Votes opened from activeFrom (default: now) use it; open votes keep theirs.',
    requestBody: 'QuorumRuleVersionBody',
    command: true,
    success: { '201': { description: 'The new version.', content: json(ref('QuorumRuleVersion')) } },
  },
  'POST /api/consultation-policies': {
    operationId: 'appendConsultationPolicyVersion',
    tag: 'Administration',
    description: 'Appends the next version of the consultation policy: budget threshold and window in working days, with a reason (versions are never edited). Projects whose screening is accepted from activeFrom (default: now) follow it.',
    requestBody: 'ConsultationPolicyVersionBody',
    command: true,
    success: { '201': { description: 'The new version.', content: json(ref('ConsultationPolicyVersion')) } },
  },
  'GET /api/notifications/unread-count': {
    operationId: 'notificationUnreadCount',
    tag: 'Reference',
    description: 'How many notifications the dispatcher delivered to the caller in the console and they have not read. For the bell badge.',
    success: { '200': { description: 'The count.', content: json(ref('UnreadCount')) } },
  },
  'POST /api/notifications/read': {
    operationId: 'markNotificationsRead',
    tag: 'Reference',
    description: "Marks the caller's notifications read: those named by id (delivery ids, as GET /api/me/notifications lists them), or all. Marking one read again changes nothing. An id that is not the caller's answers 404 and nothing is marked.",
    requestBody: 'NotificationReadBody',
    command: true,
    success: { '200': { description: 'How many were marked now, and how many remain unread.', content: json(ref('MarkedRead')) } },
    errors: { 404: ['not_found'] },
  },
  'GET /api/me/notifications': {
    operationId: 'myNotifications',
    tag: 'Reference',
    description: "The caller's notification centre: the notifications delivered to them in the console, newest first, with read state.",
    parameters: [
      { name: 'unread', in: 'query', required: false, description: 'true: only unread; false: only read.', schema: { type: 'string', enum: ['true', 'false'] } },
      { name: 'limit', in: 'query', required: false, description: 'At most this many (1–200, default 50).', schema: { type: 'integer', minimum: 1, maximum: 200 } },
    ],
    success: { '200': { description: 'The notifications and the unread count.', content: json(ref('MyNotifications')) } },
    errors: { 400: ['invalid_input'] },
  },
  'GET /api/me/notification-preferences': {
    operationId: 'myNotificationPreferences',
    tag: 'Reference',
    description: 'For every kind of notification, whether the caller receives it by e-mail and in the console (both on until changed).',
    success: { '200': { description: 'The preferences.', content: json(ref('NotificationPreferences')) } },
  },
  'PATCH /api/me/notification-preferences': {
    operationId: 'updateMyNotificationPreferences',
    tag: 'Reference',
    description: 'Changes the kinds sent; the dispatcher applies them to notifications delivered from then on.',
    requestBody: 'NotificationPreferencesBody',
    command: true,
    success: { '200': { description: 'The preferences as they now are.', content: json(ref('NotificationPreferences')) } },
  },
  'GET /api/me': {
    operationId: 'me',
    tag: 'Reference',
    description: 'The person named by the token.',
    success: { '200': { description: 'The signed-in person.', content: json(ref('Me')) } },
  },
  'GET /api/projects/:id': {
    operationId: 'getProject',
    tag: 'Projects',
    description: 'Everything recorded on the project. An id that is not a UUID answers 404.',
    parameters: [param('ProjectId')],
    success: { '200': { description: 'The project.', content: json(ref('ProjectDetail')) } },
    errors: { 404: ['not_found'] },
  },
  'POST /api/projects': {
    operationId: 'proposeProject',
    tag: 'Projects',
    description:
      'Starts the project workflow with its first Temporal Update, so the answer already shows the screening step. A retry with the same Idempotency-Key (same person) gets the same project code and id. The lead team must belong to your unit. Indicator codes must be unique.',
    requestBody: 'ProposalBody',
    command: true,
    success: {
      '201': { description: 'Proposed; Location names the new project.', headers: { Location: header('Location') }, content: json(ref('ProjectDetail')) },
    },
    errors: { 409: ['conflict'], 422: ['unknown_team'] },
    rules: ['AlreadySubmitted'],
  },
  'POST /api/steps/:id/decisions': {
    operationId: 'decideStep',
    tag: 'Steps',
    description:
      "A decision is a Temporal Update: the workflow's validator refuses what the state forbids (409/422, nothing recorded) and checks who decides which step (403 NotEligible); the ledger entry is written before the answer. A retry with the same Idempotency-Key (same person) decides once. Board sign-off needs outcome and recommendation; approving funding needs a plan covered by pledges; a consultation's summary (choice submit, the rationale) needs its window ended, the Front's opinion and every comment answered (R22).",
    parameters: [param('StepId')],
    requestBody: 'DecisionBody',
    command: true,
    success: commandSuccess,
    errors: { 404: ['not_found'], 409: ['conflict'] },
    rules: ['StepNotActive', 'AlreadyDecided', 'NotEligible', 'ChoiceNotAllowed', 'RationaleRequired', 'PlanMissing', 'BudgetNotCovered', 'SocializationShortfall', 'IndicatorsMissing', 'OutcomeRequired', 'ConsultationWindowOpen', 'FrontOpinionMissing', 'CommentsUnanswered'],
  },
  'POST /api/steps/:id/dissent-notes': {
    operationId: 'keepDissentNote',
    tag: 'Steps',
    description:
      'Keeps the dissenting opinion a board member typed while the vote closed, as a note beside the vote (who, when, the text); it is never counted as a vote. Only a member the closed vote waited for who did not vote may write one, once.',
    parameters: [param('StepId')],
    requestBody: 'DissentNoteBody',
    command: true,
    success: { '201': { description: 'The note was kept; the project with its notes.', content: json(ref('CommandResult')) } },
    errors: { 403: ['NotEligible'], 404: ['not_found'], 409: ['VoteStillOpen', 'AlreadyVoted', 'DissentNoteExists'] },
  },
  'GET /api/steps/:id/assignees': {
    operationId: 'stepAssignees',
    tag: 'Steps',
    description: 'Who may be made accountable for the step (the choices of the reassignment form), and whether the caller may reassign it.',
    parameters: [param('StepId')],
    success: { '200': { description: 'The people.', content: json(ref('StepAssignees')) } },
    errors: { 404: ['not_found'] },
  },
  'GET /api/public-comments': {
    operationId: 'listPublicComments',
    tag: 'Public',
    description: "Residents' comments on the unit's projects, newest first (at most 500), hidden ones included with who hid them and why.",
    success: { '200': { description: 'The comments.', content: json({ type: 'array', items: ref('PublicCommentRecord') }) } },
  },
  'POST /api/public-comments/:id/answer': {
    operationId: 'answerPublicComment',
    tag: 'Public',
    description: 'A lead of the project\'s own team answers a comment; the answer and the time it took show on the portal. Only the first answer is kept; the same answer sent again by its author answers the same.',
    parameters: [param('CommentId')],
    requestBody: 'CommentAnswerBody',
    command: true,
    success: { '200': { description: 'The comment with its answer.', content: json(ref('PublicCommentRecord')) } },
    errors: { 403: ['forbidden'], 404: ['not_found'], 409: ['nothing_to_answer', 'comment_hidden', 'already_answered'] },
  },
  'POST /api/public-comments/:id/hide': {
    operationId: 'hidePublicComment',
    tag: 'Public',
    description: 'Hides a comment from the portal with a reason; who, when and why are kept with it. Nothing is deleted.',
    parameters: [param('CommentId')],
    requestBody: 'CommentHideBody',
    command: true,
    success: { '200': { description: 'The comment, hidden.', content: json(ref('PublicCommentRecord')) } },
    errors: { 404: ['not_found'], 409: ['comment_hidden'] },
  },
  'GET /api/ledger/verify': {
    operationId: 'verifyLedger',
    tag: 'Ledger',
    description:
      'Walks the chain from the first entry, then holds it against every signed head (database and outside log, Ed25519 signatures checked), and names the first problem, if any. A broken chain is still a 200 answer with ok: false.',
    success: { '200': { description: 'The verdict.', content: json(ref('ChainVerdict')) } },
  },
  'POST /api/ledger/anchors': {
    operationId: 'publishLedgerHead',
    tag: 'Ledger',
    description:
      'Signs the head of the chain now with the Ed25519 key kept outside the database (a daily Schedule does the same) and records it in the database and in the outside log. Later verifications then catch a rewritten-and-recomputed chain and deleted newest entries up to this head. A retry with the same Idempotency-Key (same person) answers with the head signed the first time.',
    requestBody: 'PublishHeadBody',
    command: true,
    success: {
      '201': { description: 'The head was signed.', content: json(ref('PublishedHead')) },
      '200': { description: 'Nothing to sign yet: the ledger is empty.', content: json(ref('PublishedHead')) },
    },
    errors: { 400: ['invalid_input'], 503: ['ledger_signing_unavailable'] },
  },
  'GET /api/stats/sla': {
    operationId: 'slaStats',
    tag: 'Dashboards',
    description: 'On-time rate per team and per unit per month (R17), open steps by SLA status, escalations, ageing in working days and cycle time per stage. A team lead gets their own team\'s steps, everyone else their unit\'s.',
    parameters: [{ name: 'months', in: 'query', required: false, schema: inlineSchema(SlaStatsQuery.shape.months), example: 6 }],
    success: { '200': { description: 'The figures.', content: json(ref('SlaStats')) } },
    errors: { 400: ['invalid_input'] },
  },
  'GET /api/stats/pipeline': {
    operationId: 'pipelineStats',
    tag: 'Dashboards',
    description: 'Projects per stage, the funding mix against the 70% non-state target (R6) and the C-Index (R5). A team lead gets the projects their team leads, everyone else their unit\'s.',
    success: { '200': { description: 'The figures.', content: json(ref('PipelineStats')) } },
  },
};

/** Routes that need no token (mounted before requireAuth in api/app.ts, or outside /api). */
export const PUBLIC_OPERATIONS: PublicOperation[] = [
  {
    method: 'GET',
    path: '/healthz',
    operationId: 'health',
    tag: 'Operations',
    summary: 'Liveness: the process answers',
    description: 'Answers 200 as long as the process runs; checks nothing else.',
    success: { '200': { description: 'Alive.', content: json(ref('Health')) } },
    localized: false,
    touchesServices: false,
  },
  {
    method: 'GET',
    path: '/readyz',
    operationId: 'ready',
    tag: 'Operations',
    summary: 'Readiness: PostgreSQL and Temporal answer',
    description: 'Checks PostgreSQL (SELECT 1) and Temporal (GetSystemInfo), two seconds each. The 503 answer has the Readiness shape (not the Error shape) and a Retry-After header.',
    success: {
      '200': { description: 'Ready.', content: json(ref('Readiness')) },
      '503': { description: 'Not ready: one service is unreachable.', headers: { 'Retry-After': header('RetryAfter') }, content: json(ref('Readiness')) },
    },
    localized: false,
    touchesServices: false,
  },
  {
    method: 'GET',
    path: '/metrics',
    operationId: 'metrics',
    tag: 'Operations',
    summary: 'Prometheus metrics for the operators',
    description:
      'Requests per route template and status, their latency, error answers per code and the process\'s own figures, in the Prometheus text format. Only with the ops token METRICS_TOKEN sent as `Authorization: Bearer <token>` (401 otherwise, a person\'s sign-in token included); 404 when METRICS_TOKEN is not set. No person, project or token is ever a label.',
    success: { '200': { description: 'The metrics.', content: { 'text/plain': { schema: { type: 'string' } } } } },
    errors: { 401: ['unauthenticated'], 404: ['not_found'] },
    touchesServices: false,
  },
  {
    method: 'POST',
    path: '/api/auth/login',
    operationId: 'login',
    tag: 'Sessions',
    summary: 'Sign in with email and password',
    description:
      'Returns an access token (its `sid` names the session), a refresh token and the person. A wrong password and an unknown email get the same 401. After five failures for one email from one address, that address waits 32 s before the next try for that email, then twice as long after each further failure, up to 15 minutes (429 sign_in_throttled with Retry-After); other addresses are not affected. At most 20 attempts a minute per client (429 rate_limited).',
    requestBody: 'LoginBody',
    success: { '200': { description: 'Signed in.', content: json(ref('Session')) } },
    errors: { 401: ['invalid_credentials'], 429: ['sign_in_throttled', 'rate_limited'] },
  },
  {
    method: 'POST',
    path: '/api/auth/refresh',
    operationId: 'refresh',
    tag: 'Sessions',
    summary: 'Trade a refresh token for a new session',
    description: 'Each refresh token works once. Presenting one already used revokes every session of that person. Rate-limited like sign-in.',
    requestBody: 'RefreshBody',
    success: { '200': { description: 'A new session.', content: json(ref('Session')) } },
    errors: { 401: ['unauthenticated'], 429: ['rate_limited'] },
  },
  {
    method: 'POST',
    path: '/api/auth/logout',
    operationId: 'logout',
    tag: 'Sessions',
    summary: 'Sign out: the session ends, its refresh and access tokens stop working',
    description: 'Ends the session of the refresh token in the body, or of the access token sent as `Authorization: Bearer` (the console sends that). Its access tokens are refused from the next request on.',
    requestBody: 'LogoutBody',
    success: { '204': { description: 'Signed out (also when the token was unknown).' } },
  },
  {
    method: 'POST',
    path: '/api/public/projects/:code/feedback',
    operationId: 'submitFeedback',
    tag: 'Public',
    summary: 'Citizen feedback on a project (no account needed)',
    description:
      'Anyone may rate a project (1–5, with an optional comment) while its feedback window is open, during impact evaluation. A retry with the same Idempotency-Key from the same address counts once. At most 30 requests a minute per client, and 120 accepted an hour per project whoever sends them (429 with Retry-After).',
    parameters: [param('ProjectCode')],
    requestBody: 'FeedbackBody',
    command: true,
    success: { '202': { description: 'Accepted.', content: json(ref('FeedbackAccepted')) } },
    errors: { 404: ['not_found'], 409: ['conflict'], 429: ['rate_limited'] },
    rules: ['FeedbackClosed'],
  },
  {
    method: 'GET',
    path: '/api/public/projects',
    operationId: 'publicProjects',
    tag: 'Public',
    summary: 'The projects of the ward, as the public portal shows them (no account needed)',
    description:
      'Every project with its stage, lead team, budget, funding mix by source and beneficiaries; no person is named (domain/redaction.ts decides which columns are public). Cacheable for a minute (Cache-Control, ETag). At most 120 reads a minute per client (429 with Retry-After).',
    parameters: [{ name: 'unit', in: 'query', required: false, description: 'Only the projects of this unit (e.g. BD).', schema: inlineSchema(PublicProjectsQuery.shape.unit) }],
    success: { '200': { description: 'The projects and the ledger head.', content: json(ref('PublicProjectList')) } },
    errors: { 400: ['invalid_input'], 429: ['rate_limited'] },
  },
  {
    method: 'GET',
    path: '/api/public/projects/:code',
    operationId: 'publicProject',
    tag: 'Public',
    summary: 'One project as the public portal shows it (no account needed)',
    description:
      'Budget lines, pledges by source, committed partners, milestones with evidence, indicators against baseline and target, and every decision summarised by role, choice, date and rationale with names, e-mail addresses and phone numbers redacted. Cacheable for a minute.',
    parameters: [param('ProjectCode')],
    success: { '200': { description: 'The project.', content: json(ref('PublicProjectDetail')) } },
    errors: { 404: ['not_found'], 429: ['rate_limited'] },
  },
  {
    method: 'GET',
    path: '/api/public/projects/:code/open-data.json',
    operationId: 'publicProjectJson',
    tag: 'Public',
    summary: 'Open data: one project as a JSON download (no account needed)',
    description: 'The public project answer with the ledger head, as a file to keep and reuse. The same redaction rule applies.',
    parameters: [param('ProjectCode')],
    success: { '200': { description: 'The project as JSON.', content: json(ref('PublicProjectDetail')) } },
    errors: { 404: ['not_found'], 429: ['rate_limited'] },
  },
  {
    method: 'GET',
    path: '/api/public/projects/:code/open-data.csv',
    operationId: 'publicProjectCsv',
    tag: 'Public',
    summary: 'Open data: one project as a CSV download (no account needed)',
    description: 'UTF-8 with a byte-order mark; one long table with the columns section, item, field, value, holding every field of the JSON download. Text that starts like a spreadsheet formula gets a leading apostrophe.',
    parameters: [param('ProjectCode')],
    success: { '200': { description: 'The project as CSV.', content: { 'text/csv': { schema: { type: 'string' } } } } },
    errors: { 404: ['not_found'], 429: ['rate_limited'] },
  },
  {
    method: 'GET',
    path: '/api/public/projects/:code/iati.xml',
    operationId: 'publicProjectIati',
    tag: 'Public',
    summary: 'Open data: one project as an IATI 2.03 activity file (no account needed)',
    description: 'An iati-activities document (version 2.03) with one iati-activity: reporting and participating organisations, status, dates, country, sector (OECD DAC purpose code), budget, one transaction per pledge by source, and results with each indicator\'s baseline, target and actual.',
    parameters: [param('ProjectCode')],
    success: { '200': { description: 'The IATI activity file.', content: { 'application/xml': { schema: { type: 'string' } } } } },
    errors: { 404: ['not_found'], 429: ['rate_limited'] },
  },
  {
    method: 'POST',
    path: '/api/public/projects/:code/comments',
    operationId: 'submitPublicComment',
    tag: 'Public',
    summary: 'Rate a project on five factors, with a comment (no account needed)',
    description:
      'Any project under way or closed, whether or not its evaluation window is open: access, procedure, officers, result and handling of feedback, 1–5 each, and an optional comment. Refused as spam (422 spam_refused) when the hidden website field is filled in or the comment has more than two links; the same comment from the same address on the same project within a day is 409 duplicate_comment. A retry with the same Idempotency-Key from the same address answers the first comment. At most 30 requests a minute per client (429 with Retry-After).',
    parameters: [param('ProjectCode')],
    requestBody: 'PublicCommentBody',
    command: true,
    success: { '201': { description: 'Recorded.', content: json(ref('PublicCommentAccepted')) } },
    errors: { 404: ['not_found'], 409: ['comments_closed', 'duplicate_comment'], 422: ['spam_refused'], 429: ['rate_limited'] },
  },
  {
    method: 'POST',
    path: '/api/public/proposals',
    operationId: 'submitResidentsProposal',
    tag: 'Public',
    summary: "Residents propose a project (no account needed)",
    description:
      "A name and a phone number for the coordinator to call back, the proposal itself (title, summary, category, the team it is for, budget, beneficiaries). It enters screening like any other proposal, marked as a residents' proposal; the contact is kept for the staff and never published. Refused as spam when the hidden website field is filled in. A retry with the same Idempotency-Key from the same address starts nothing twice. At most 30 requests a minute per client.",
    requestBody: 'PublicProposalBody',
    command: true,
    success: { '201': { description: 'Submitted: its code and stage.', content: json(ref('ResidentsProposalAccepted')) } },
    errors: { 409: ['conflict'], 422: ['spam_refused', 'unknown_team'], 429: ['rate_limited'] },
  },
  {
    method: 'GET',
    path: '/api/public/ledger/head',
    operationId: 'publicLedgerHead',
    tag: 'Public',
    summary: 'The decision ledger\'s current head: sequence number and hash, and how to verify it later (no account needed)',
    description: 'The newest entry\'s sequence number and hash, the newest signed head (compact JWS, Ed25519), and how anyone can check later that history was not rewritten. Cacheable for ten seconds.',
    success: { '200': { description: 'The head.', content: json(ref('PublicLedgerHead')) } },
    errors: { 429: ['rate_limited'] },
  },
  {
    method: 'GET',
    path: '/api/openapi.json',
    operationId: 'openApiDocument',
    tag: 'Documentation',
    summary: 'This document (OpenAPI 3.1)',
    description: 'Generated from the zod schemas and the role table the API enforces.',
    success: { '200': { description: 'The OpenAPI document.', content: json({ type: 'object' }) } },
    localized: false,
    touchesServices: false,
  },
  {
    method: 'GET',
    path: '/api/docs',
    operationId: 'docs',
    tag: 'Documentation',
    summary: 'This document as a readable page',
    description: 'Plain HTML rendered on the server: no scripts, no external resources.',
    success: { '200': { description: 'HTML.', content: { 'text/html': { schema: { type: 'string' } } } } },
    localized: false,
    touchesServices: false,
  },
];

/** Order of the groups in the document and on the page. */
export const TAGS: { name: string; description: string }[] = [
  { name: 'Sessions', description: 'Sign in, refresh, sign out.' },
  { name: 'Projects', description: 'Propose, list, read and cancel community projects.' },
  { name: 'Steps', description: 'Decide steps and move their deadlines.' },
  { name: 'Partner matching', description: 'Invitations, responses and waivers of missing capabilities.' },
  { name: 'Funding', description: 'Budget plan and pledges.' },
  { name: 'Execution', description: 'Milestones, change requests, partner withdrawals.' },
  { name: 'Impact evaluation', description: 'Indicator actuals.' },
  { name: 'Ledger', description: 'The hash-chained record of every decision.' },
  { name: 'Reference', description: 'The signed-in person, units, teams, boards, partners and notifications.' },
  { name: 'Administration', description: 'Reference data kept by admins (users, partners, conflicts of interest, SLA policies, quorum rules), with the trail of every change.' },
  { name: 'Dashboards', description: 'Figures for the dashboards: SLA, pipeline, funding mix, C-Index (scoped by role).' },
  { name: 'Public', description: 'For residents, without an account.' },
  { name: 'Operations', description: 'Liveness and readiness probes (outside /api).' },
  { name: 'Documentation', description: 'This description of the API.' },
];
