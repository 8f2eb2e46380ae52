import { z } from 'zod';

/**
 * Process configuration, read once from the environment and validated. Pure: callers pass the
 * environment, so tests can check every failure without touching process.env.
 */

const postgresUrl = z
  .string()
  .url({ message: 'must be a URL such as postgres://user:pass@host:5432/db' })
  .refine((v) => /^postgres(ql)?:\/\//.test(v), { message: 'must start with postgres:// or postgresql://' });

const hostPort = z
  .string()
  .regex(/^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/, { message: 'must be host:port, e.g. 127.0.0.1:7233' });

const port = z.coerce
  .number({ message: 'must be a number' })
  .int({ message: 'must be a whole number' })
  .min(1, { message: 'must be between 1 and 65535' })
  .max(65535, { message: 'must be between 1 and 65535' });

const optionalPath = z.string().min(1).optional();

const milliseconds = (min: number, max: number) =>
  z.coerce
    .number({ message: 'must be a number of milliseconds' })
    .int({ message: 'must be a whole number of milliseconds' })
    .min(min, { message: `must be between ${min} and ${max} milliseconds` })
    .max(max, { message: `must be between ${min} and ${max} milliseconds` });

// --- Database roles and ledger anchors (issue 11, defect 6) ---
// The API and the worker connect with DATABASE_URL, a role that owns nothing; migrations use
// MIGRATION_DATABASE_URL, the owner. Signed heads of the ledger need a key kept outside the database.
const DEFAULT_ANCHOR_LOG = '.data/ledger-anchors.jsonl';

const databaseAndLedgerShape = {
  MIGRATION_DATABASE_URL: postgresUrl.optional(),
  DATABASE_APP_ROLE: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'must be a PostgreSQL role name: lower-case letters, digits and _' })
    .default('donghanh_app'),
  LEDGER_SIGNING_KEY: z
    .string()
    .refine((v) => !v.trimStart().startsWith('-----BEGIN') || /-----BEGIN PRIVATE KEY-----/.test(v), { message: 'must be an Ed25519 private key in PKCS8 PEM (-----BEGIN PRIVATE KEY-----) or the path of a file holding one' })
    .optional(),
  LEDGER_ANCHOR_LOG: z.string().min(1).optional(),
};

function databaseAndLedgerIssues(env: { NODE_ENV: string; LEDGER_SIGNING_KEY?: string; LEDGER_ANCHOR_LOG?: string }, ctx: z.RefinementCtx): void {
  if (env.NODE_ENV !== 'production') return;
  if (!env.LEDGER_SIGNING_KEY) ctx.addIssue({ code: 'custom', path: ['LEDGER_SIGNING_KEY'], message: 'is required in production (signs the ledger heads; keep it outside the database)' });
  if (!env.LEDGER_ANCHOR_LOG) ctx.addIssue({ code: 'custom', path: ['LEDGER_ANCHOR_LOG'], message: 'is required in production (a file outside the database that keeps every signed head)' });
}

export interface DatabaseAndLedgerConfig {
  database: { migrationUrl: string | undefined; appRole: string };
  /** signingKey: PEM text or a file path (platform/ledger-signing.ts reads it). */
  ledger: { signingKey: { pem: string } | { file: string } | undefined; anchorLog: string };
}

function databaseAndLedgerConfig(e: { MIGRATION_DATABASE_URL?: string; DATABASE_APP_ROLE: string; LEDGER_SIGNING_KEY?: string; LEDGER_ANCHOR_LOG?: string }): DatabaseAndLedgerConfig {
  const key = e.LEDGER_SIGNING_KEY;
  return {
    database: { migrationUrl: e.MIGRATION_DATABASE_URL, appRole: e.DATABASE_APP_ROLE },
    ledger: {
      // A PEM in one environment line often carries its line breaks as \n.
      signingKey: key === undefined ? undefined : key.trimStart().startsWith('-----BEGIN') ? { pem: key.replace(/\\n/g, '\n') } : { file: key },
      anchorLog: e.LEDGER_ANCHOR_LOG ?? DEFAULT_ANCHOR_LOG,
    },
  };
}
// --- end of database roles and ledger anchors ---

// Delivery of notifications (issue 13): the SMTP server (Mailpit in development), sender, retries.
const NOTIFICATION_VARS = {
  SMTP_URL: z
    .string()
    .url({ message: 'must be a URL such as smtp://user:pass@mail.example.org:587' })
    .refine((v) => /^smtps?:\/\//.test(v), { message: 'must start with smtp:// or smtps://' })
    .optional(),
  SMTP_FROM: z.string().min(3).default('Đồng Hành <no-reply@donghanh.local>'),
  NOTIFICATION_MAX_ATTEMPTS: z.coerce.number({ message: 'must be a number' }).int().min(1).max(100).default(8),
  NOTIFICATION_RETRY_SECONDS: z.coerce.number({ message: 'must be a number' }).int().min(1).max(3600).default(60),
  NOTIFICATION_POLL_SECONDS: z.coerce.number({ message: 'must be a number' }).int().min(1).max(3600).default(5),
  CONSOLE_URL: z.string().url().optional(),
};

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: port.default(8080),
    DATABASE_URL: postgresUrl.optional(),
    EMBEDDED_PG_PORT: port.default(5433),
    TEMPORAL_ADDRESS: hostPort.default('127.0.0.1:7233'),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('dong-hanh'),
    TEMPORAL_UI_URL: z.string().url().default('http://localhost:8233'),
    TEMPORAL_TLS_CERT: optionalPath,
    TEMPORAL_TLS_KEY: optionalPath,
    TEMPORAL_TLS_CA: optionalPath,
    TEMPORAL_API_KEY: z.string().min(1).optional(),
    JWT_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
    JWT_TTL_SECONDS: z.coerce.number({ message: 'must be a number' }).int().min(10).max(86400).default(900),
    JWT_REFRESH_TTL_SECONDS: z.coerce.number({ message: 'must be a number' }).int().min(300).max(30 * 86400).default(8 * 3600),
    CORS_ORIGINS: z.string().default(''),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    // Below Node's own 300 s request timeout, or the bound would never apply.
    API_COMMAND_TIMEOUT_MS: milliseconds(100, 290_000).default(15_000),
    READY_WORKER_POLL_WINDOW_MS: milliseconds(1000, 3_600_000).default(90_000),
    UNIT_TIMEZONE_OFFSET: z.literal('+07:00').default('+07:00'),
    // Metrics (issue 17): the API's GET /metrics answers only with this token; the worker's on this address.
    METRICS_TOKEN: z.string().min(24, { message: 'must be at least 24 characters' }).optional(),
    WORKER_METRICS_ADDRESS: hostPort.optional(),
    WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number({ message: 'must be a number' }).int().min(0).max(1_000_000).optional(),
    ...databaseAndLedgerShape,
    ...NOTIFICATION_VARS,
  })
  .superRefine((env, ctx) => {
    databaseAndLedgerIssues(env, ctx);
    if (env.NODE_ENV === 'production' && !env.JWT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'is required in production' });
    }
    if (env.NODE_ENV === 'production' && !env.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'is required in production (the embedded PostgreSQL is for development)' });
    }
    if (Boolean(env.TEMPORAL_TLS_CERT) !== Boolean(env.TEMPORAL_TLS_KEY)) {
      ctx.addIssue({ code: 'custom', path: [env.TEMPORAL_TLS_CERT ? 'TEMPORAL_TLS_KEY' : 'TEMPORAL_TLS_CERT'], message: 'TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together' });
    }
  });

export interface AppConfig extends DatabaseAndLedgerConfig {
  env: 'development' | 'test' | 'production';
  port: number;
  databaseUrl: string | undefined;
  embeddedPgPort: number;
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    uiUrl: string;
    tls?: { certPath?: string; keyPath?: string; caPath?: string };
    apiKey?: string;
  };
  /** No secret is written in the repository: the API refuses to start without one (parseApiConfig). */
  jwt: { secret: string | undefined; ttlSeconds: number; refreshTtlSeconds: number };
  corsOrigins: string[];
  logLevel: string;
  /** How long the API waits for a Temporal Update before it answers 503 (API_COMMAND_TIMEOUT_MS). */
  commandTimeoutMs: number;
  /** /readyz wants a worker poll of the task queue within this window (READY_WORKER_POLL_WINDOW_MS). */
  workerPollWindowMs: number;
  notifications: { smtpUrl?: string; from: string; maxAttempts: number; retrySeconds: number; pollSeconds: number; consoleUrl?: string };
  /** GET /metrics: the ops token of the API's (METRICS_TOKEN, off without it); where the worker serves its own (WORKER_METRICS_ADDRESS). */
  metrics: { token?: string; workerAddress?: string };
  /** Sticky cache size of the worker (WORKER_MAX_CACHED_WORKFLOWS); the SDK's default when absent. */
  workerMaxCachedWorkflows?: number;
}

/** The API's configuration: it signs and checks tokens, so it has a secret. */
export type ApiConfig = AppConfig & { jwt: { secret: string } };

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; reason: string }[]) {
    super(
      problems.length === 1
        ? `Invalid configuration: ${problems[0]!.variable} ${problems[0]!.reason}`
        : `Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.reason}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  // An empty variable means "not set", as in shells and .env files.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '?'), reason: i.message })));
  }
  const e = parsed.data;
  const tls = e.TEMPORAL_TLS_CERT || e.TEMPORAL_TLS_CA ? { certPath: e.TEMPORAL_TLS_CERT, keyPath: e.TEMPORAL_TLS_KEY, caPath: e.TEMPORAL_TLS_CA } : undefined;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    temporal: { address: e.TEMPORAL_ADDRESS, namespace: e.TEMPORAL_NAMESPACE, taskQueue: e.TEMPORAL_TASK_QUEUE, uiUrl: e.TEMPORAL_UI_URL, tls, apiKey: e.TEMPORAL_API_KEY },
    jwt: { secret: e.JWT_SECRET, ttlSeconds: e.JWT_TTL_SECONDS, refreshTtlSeconds: e.JWT_REFRESH_TTL_SECONDS },
    corsOrigins: e.CORS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean),
    logLevel: e.LOG_LEVEL,
    commandTimeoutMs: e.API_COMMAND_TIMEOUT_MS,
    workerPollWindowMs: e.READY_WORKER_POLL_WINDOW_MS,
    metrics: { token: e.METRICS_TOKEN, workerAddress: e.WORKER_METRICS_ADDRESS },
    workerMaxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS,
    ...databaseAndLedgerConfig(e),
    notifications: {
      smtpUrl: e.SMTP_URL,
      from: e.SMTP_FROM,
      maxAttempts: e.NOTIFICATION_MAX_ATTEMPTS,
      retrySeconds: e.NOTIFICATION_RETRY_SECONDS,
      pollSeconds: e.NOTIFICATION_POLL_SECONDS,
      consoleUrl: e.CONSOLE_URL,
    },
  };
}

/** parseConfig, and JWT_SECRET must be set: `make up` passes the one it keeps in .data/jwt-secret. */
export function parseApiConfig(env: Record<string, string | undefined>): ApiConfig {
  const config = parseConfig(env);
  const secret = config.jwt.secret;
  if (!secret) {
    throw new ConfigError([{ variable: 'JWT_SECRET', reason: 'is not set: the API needs a random secret of at least 32 characters to sign tokens (`make up` generates one in .data/jwt-secret)' }]);
  }
  return { ...config, jwt: { ...config.jwt, secret } };
}
