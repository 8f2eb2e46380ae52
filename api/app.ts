import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import express, { Router, type Express } from 'express';
import helmet from 'helmet';
import compression from 'compression';
import cors from 'cors';
import { rateLimit } from 'express-rate-limit';
import { pinoHttp } from 'pino-http';
import type { Knex } from 'knex';
import type { Client } from '@temporalio/client';
import type { AppConfig } from '../domain/config';
import { LoginBody, RefreshBody } from '../domain/schemas';
import type { Logger } from '../platform/logger';
import { refreshSession, requireAuth, revokeRefreshToken, signIn, type AuthSettings } from './auth';
import { errorHandler, HttpError, parseInput } from './http-errors';
import { projectRoutes } from './routes/projects';
import { stepRoutes } from './routes/steps';
import { commandRoutes, publicFeedbackRoutes } from './routes/commands';
import { ledgerRoutes } from './routes/ledger';
import { meRoutes } from './routes/reference';
import { listRoutes } from './routes/lists';
import { adminRoutes } from './routes/admin';
import { statsRoutes } from './routes/stats';
import { notificationRoutes } from './routes/notifications';
import { openApiRouter } from './openapi';

export interface ApiDeps {
  config: AppConfig;
  db: Knex;
  temporal: Client;
  log: Logger;
  /** Folder of the built console; served at / when present. */
  consoleDir?: string;
}

export const DEFAULT_CONSOLE_DIR = resolve(__dirname, '..', 'admin-ui', 'dist');

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    promise.then(
      (v) => (clearTimeout(timer), resolvePromise(v)),
      (e) => (clearTimeout(timer), reject(e)),
    );
  });
}

export function createApp(deps: ApiDeps): Express {
  const { config, db, temporal, log } = deps;
  const auth: AuthSettings = { secret: new TextEncoder().encode(config.jwt.secret), ttlSeconds: config.jwt.ttlSeconds, refreshTtlSeconds: config.jwt.refreshTtlSeconds };
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(
    pinoHttp({
      logger: log,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[A-Za-z0-9._-]{1,100}$/.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    }),
  );
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { 'default-src': ["'self'"], 'img-src': ["'self'", 'data:'], 'style-src': ["'self'", "'unsafe-inline'"], 'connect-src': ["'self'"] },
      },
    }),
  );

  app.use(compression());

  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/readyz', async (_req, res) => {
    const checks = await Promise.allSettled([
      withTimeout(db.raw('SELECT 1'), 2000, 'PostgreSQL'),
      withTimeout(temporal.connection.workflowService.getSystemInfo({}), 2000, 'Temporal'),
    ]);
    const [pg, tp] = checks.map((c) => (c.status === 'fulfilled' ? 'ok' : `unreachable: ${(c.reason as Error)?.message ?? c.reason}`));
    const ready = pg === 'ok' && tp === 'ok';
    if (!ready) res.setHeader('Retry-After', '5');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', postgres: pg, temporal: tp });
  });

  const api = Router();
  api.use(cors({ origin: config.corsOrigins.length ? config.corsOrigins : false, exposedHeaders: ['Content-Range', 'X-Request-Id'] }));
  api.use(express.json({ limit: '100kb' }));

  const loginLimiter = rateLimit({
    windowMs: 60_000,
    limit: 20,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new HttpError(429, 'rate_limited', { en: 'Too many sign-in attempts; wait a minute and try again.', vi: 'Quá nhiều lần đăng nhập; hãy chờ một phút rồi thử lại.' }, undefined, 60)),
  });
  api.post('/auth/login', loginLimiter, async (req, res) => {
    const body = parseInput(LoginBody, req.body, req);
    res.json(await signIn(db, auth, body.email, body.password));
  });
  api.post('/auth/refresh', loginLimiter, async (req, res) => {
    const body = parseInput(RefreshBody, req.body, req);
    res.json(await refreshSession(db, auth, body.refreshToken));
  });
  api.post('/auth/logout', async (req, res) => {
    const body = parseInput(RefreshBody, req.body, req);
    await revokeRefreshToken(db, body.refreshToken);
    res.status(204).end();
  });

  // Residents send feedback without an account (R19); limited per IP like sign-in.
  const publicLimiter = rateLimit({
    windowMs: 60_000,
    limit: 30,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(HttpError.of(429, 'rate_limited')),
  });
  api.use('/public', publicLimiter, publicFeedbackRoutes(deps));

  // The OpenAPI document and its readable page (public, like the routes above).
  api.use(openApiRouter());

  api.use(requireAuth(auth, db));
  api.use(commandRoutes(deps));
  api.use('/me', meRoutes(deps));
  api.use(notificationRoutes(deps));
  api.use('/projects', projectRoutes(deps));
  api.use('/steps', stepRoutes(deps));
  api.use('/ledger', ledgerRoutes(deps));
  // Every list (api/lists.ts) and the reference-data administration.
  api.use(listRoutes(deps));
  api.use(adminRoutes(deps));
  api.use('/stats', statsRoutes(deps));
  api.use((_req, _res, next) => next(HttpError.of(404, 'not_found')));
  app.use('/api', api);

  const consoleDir = deps.consoleDir ?? DEFAULT_CONSOLE_DIR;
  if (existsSync(join(consoleDir, 'index.html'))) {
    app.use(express.static(consoleDir, { index: 'index.html', maxAge: '1h' }));
    app.get(/^\/(?!api\/).*/, (_req, res) => res.sendFile(join(consoleDir, 'index.html')));
  } else {
    app.get('/', (_req, res) => void res.type('text/plain').send('The console is not built yet: run `npm run console:build` (make up does it for you).'));
  }
  app.use(errorHandler);
  return app;
}
