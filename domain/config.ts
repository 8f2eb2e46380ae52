import { z } from 'zod';

/**
 * Process configuration, read once from the environment and validated. Pure: callers pass the
 * environment, so tests can check every failure without touching process.env.
 */
const DEV_JWT_SECRET = 'dong-hanh-development-secret-change-me-0123456789';

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
    JWT_TTL_SECONDS: z.coerce.number({ message: 'must be a number' }).int().min(60).max(86400).default(900),
    JWT_REFRESH_TTL_SECONDS: z.coerce.number({ message: 'must be a number' }).int().min(300).max(30 * 86400).default(8 * 3600),
    CORS_ORIGINS: z.string().default(''),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    UNIT_TIMEZONE_OFFSET: z.literal('+07:00').default('+07:00'),
    ...NOTIFICATION_VARS,
  })
  .superRefine((env, ctx) => {
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

export interface AppConfig {
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
  jwt: { secret: string; ttlSeconds: number; refreshTtlSeconds: number; isDevelopmentSecret: boolean };
  corsOrigins: string[];
  logLevel: string;
  notifications: { smtpUrl?: string; from: string; maxAttempts: number; retrySeconds: number; pollSeconds: number; consoleUrl?: string };
}

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; reason: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.reason}`).join('\n')}`);
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
    jwt: { secret: e.JWT_SECRET ?? DEV_JWT_SECRET, ttlSeconds: e.JWT_TTL_SECONDS, refreshTtlSeconds: e.JWT_REFRESH_TTL_SECONDS, isDevelopmentSecret: !e.JWT_SECRET },
    corsOrigins: e.CORS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean),
    logLevel: e.LOG_LEVEL,
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

/** Reads the process environment once; on a bad value prints what is wrong and exits. */
export function loadConfigOrExit(env: Record<string, string | undefined> = process.env): AppConfig {
  try {
    return parseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee the configuration table in README.md.\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}
