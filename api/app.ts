import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import express, { Router, type Express } from 'express';
import helmet from 'helmet';
import compression from 'compression';
import cors from 'cors';
import { rateLimit } from 'express-rate-limit';
import { pinoHttp } from 'pino-http';
import type { Client } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import type { ApiConfig } from '../domain/config';
import { LoginBody, LogoutBody, RefreshBody } from '../domain/schemas';
import { clientKey, logout, refreshSession, requireAuth, signIn, type AuthSettings } from './auth';
import { errorHandler, HttpError, parseInput } from './http-errors';
import { projectRoutes } from './routes/projects';
import { stepRoutes } from './routes/steps';
import { assignmentRoutes } from './routes/assignments';
import { commandRoutes, publicFeedbackRoutes } from './routes/commands';
import { ledgerRoutes } from './routes/ledger';
import { meRoutes } from './routes/reference';
import { listRoutes } from './routes/lists';
import { adminRoutes } from './routes/admin';
import { statsRoutes } from './routes/stats';
import { notificationRoutes } from './routes/notifications';
import { publicReadRoutes } from './routes/public';
import { commentRoutes, publicCommentRoutes } from './routes/comments';
import { openApiRouter } from './openapi';
import { unitScope } from './unit-scope';
import type { ApiDeps } from './deps';
import { createApiMetrics, metricsHandler } from './metrics';

export type { ApiDeps } from './deps';

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

/**
 * Resolves when a worker polled the workflow task queue within the window. Temporal keeps a poller's
 * last access for minutes after it dies, and an idle worker renews it only when its long poll (about
 * a minute) starts again, so the window must be longer than one long poll.
 */
async function workerPolling(temporal: Client, config: ApiConfig): Promise<void> {
  const { taskQueue, namespace } = config.temporal;
  const { pollers } = await temporal.workflowService.describeTaskQueue({ namespace, taskQueue: { name: taskQueue, kind: TASK_QUEUE_KIND_NORMAL }, taskQueueType: TASK_QUEUE_TYPE_WORKFLOW });
  const newest = Math.max(0, ...(pollers ?? []).map((p) => optionalTsToMs(p.lastAccessTime) ?? 0));
  if (Date.now() - newest > config.workerPollWindowMs) {
    throw new Error(`no worker has polled task queue "${taskQueue}" in the last ${Math.round(config.workerPollWindowMs / 1000)} s; start one (npm run worker, or make up)`);
  }
}
const TASK_QUEUE_KIND_NORMAL = 1;
const TASK_QUEUE_TYPE_WORKFLOW = 1;

export function createApp(deps: ApiDeps): Express {
  const { config, db, temporal, log } = deps;
  const auth: AuthSettings = { secret: new TextEncoder().encode(config.jwt.secret), ttlSeconds: config.jwt.ttlSeconds, refreshTtlSeconds: config.jwt.refreshTtlSeconds };
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  const metrics = createApiMetrics();
  app.use(metrics.observe);
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
  // Prometheus scrapes with the ops token (METRICS_TOKEN); outside /api and its accounts (api/metrics.ts).
  app.get('/metrics', metricsHandler(metrics, config.metrics?.token));
  // Ready = PostgreSQL and Temporal answer, and a worker polled the task queue lately (else commands would wait for nothing).
  app.get('/readyz', async (_req, res) => {
    const [pgCheck, temporalCheck] = await Promise.allSettled([
      withTimeout(db.raw('SELECT 1'), 2000, 'PostgreSQL'),
      withTimeout(temporal.connection.workflowService.getSystemInfo({}), 2000, 'Temporal'),
    ]);
    const verdict = (c: PromiseSettledResult<unknown>, failed: string) => (c.status === 'fulfilled' ? 'ok' : `${failed}: ${(c.reason as Error)?.message ?? c.reason}`);
    const pg = verdict(pgCheck, 'unreachable');
    const tp = verdict(temporalCheck, 'unreachable');
    const worker = tp === 'ok' ? verdict((await Promise.allSettled([withTimeout(workerPolling(temporal, config), 2000, 'Temporal')]))[0], 'not_polling') : 'unknown: Temporal is unreachable';
    const ready = pg === 'ok' && tp === 'ok' && worker === 'ok';
    if (!ready) res.setHeader('Retry-After', '5');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', postgres: pg, temporal: tp, worker });
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
    res.json(await signIn(db, auth, body.email, body.password, clientKey(req.ip)));
  });
  api.post('/auth/refresh', loginLimiter, async (req, res) => {
    const body = parseInput(RefreshBody, req.body, req);
    res.json(await refreshSession(db, auth, body.refreshToken));
  });
  api.post('/auth/logout', async (req, res) => {
    const body = parseInput(LogoutBody, req.body ?? {}, req);
    await logout(db, auth, { refreshToken: body.refreshToken, authorization: req.headers.authorization });
    res.status(204).end();
  });

  // Residents send feedback without an account (R19); limited per IP like sign-in.
  const publicLimiter = rateLimit({
    windowMs: 60_000,
    limit: 30,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // Only feedback: comments and proposals have their own counters (api/routes/comments.ts).
    skip: (req) => req.method === 'GET' || req.method === 'HEAD' || /^\/projects\/[^/]+\/comments$|^\/proposals$/.test(req.path),
    handler: (_req, _res, next) => next(HttpError.of(429, 'rate_limited')),
  });
  // The portal's reads (no account): a page shows a few answers, so the limit per address is wider.
  const publicReadLimiter = rateLimit({
    windowMs: 60_000,
    limit: 120,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skip: (req) => req.method !== 'GET' && req.method !== 'HEAD',
    handler: (_req, _res, next) => next(HttpError.of(429, 'rate_limited')),
  });
  api.use('/public', publicReadLimiter, publicReadRoutes(deps));
  api.use('/public', publicLimiter, publicFeedbackRoutes(deps));
  api.use('/public', publicCommentRoutes(deps));

  // The OpenAPI document and its readable page (public, like the routes above).
  api.use(openApiRouter());

  api.use(requireAuth(auth, db));
  // Before every route: a project, step or person of another unit is not found (api/unit-scope.ts).
  api.use(unitScope(db));
  api.use(commandRoutes(deps));
  api.use('/me', meRoutes(deps));
  api.use(notificationRoutes(deps));
  api.use('/projects', projectRoutes(deps));
  api.use('/steps', stepRoutes(deps));
  api.use('/steps', assignmentRoutes(deps));
  api.use('/ledger', ledgerRoutes(deps));
  // Every list (api/lists.ts) and the reference-data administration.
  api.use(listRoutes(deps));
  api.use(adminRoutes(deps));
  api.use(commentRoutes(deps));
  api.use('/stats', statsRoutes(deps));
  api.use((_req, _res, next) => next(HttpError.of(404, 'not_found')));
  app.use('/api', api);

  // Outside /api only GET and HEAD are ever served: anything else is a JSON 405, not Express's HTML page.
  app.use((req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    res.setHeader('Allow', 'GET, HEAD');
    next(HttpError.of(405, 'method_not_allowed'));
  });
  // Source maps would hand out the console's source: never served, even if a build leaves them.
  app.use((req, _res, next) => next(/\.map$/i.test(req.path) ? HttpError.of(404, 'not_found') : undefined));

  const consoleDir = deps.consoleDir ?? DEFAULT_CONSOLE_DIR;
  if (existsSync(join(consoleDir, 'index.html'))) {
    app.use(express.static(consoleDir, { index: 'index.html', maxAge: '1h' }));
    app.get(/^\/(?!api\/).*/, (_req, res) => res.sendFile(join(consoleDir, 'index.html')));
  } else {
    app.get('/', (_req, res) => void res.type('text/plain').send('The console is not built yet: run `npm run console:build` (make up does it for you).'));
  }
  app.use((_req, _res, next) => next(HttpError.of(404, 'not_found')));
  app.use(errorHandler);
  return app;
}
