import { HttpError } from './http-errors';
import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { PUBLIC_ROUTES, ROUTES } from './access';

/**
 * The API's Prometheus metrics (issue 17): requests per route template and status, their latency,
 * and errors per error code, plus Node's own process metrics. One registry per app, so several apps
 * in one process (tests) do not share counters.
 */
export interface ApiMetrics {
  registry: Registry;
  /** Express middleware: times every request and labels it with its route template once it finishes. */
  observe(req: Request, res: Response, next: NextFunction): void;
}

/**
 * The route template of a request ("/api/steps/:id/decisions"), never the raw URL (its ids would
 * explode the labels): matched against the access table (api/access.ts), which lists every route
 * the app registers (the access-matrix test holds it to that). Literal paths win over parameters.
 */
function routeMatcher(): (method: string, path: string) => string {
  const table = [...ROUTES, ...PUBLIC_ROUTES]
    .map((r) => ({
      method: r.method,
      path: r.path,
      params: (r.path.match(/:/g) ?? []).length,
      re: new RegExp(`^${r.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/]+')}/?$`),
    }))
    .sort((a, b) => a.params - b.params);
  return (method, path) => {
    const m = method === 'HEAD' ? 'GET' : method;
    return table.find((r) => r.method === m && r.re.test(path))?.path ?? 'unmatched';
  };
}

export function createApiMetrics(): ApiMetrics {
  const routeOf = routeMatcher();
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'donghanh_api_' });
  const requests = new Counter({ name: 'donghanh_http_requests_total', help: 'HTTP requests answered, by method, route template and status', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const duration = new Histogram({
    name: 'donghanh_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route template',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const errors = new Counter({ name: 'donghanh_http_errors_total', help: 'Error answers by status and error code', labelNames: ['status', 'code'], registers: [registry] });
  return {
    registry,
    observe(req, res, next) {
      const started = process.hrtime.bigint();
      res.once('finish', () => {
        const route = routeOf(req.method, req.originalUrl.split('?')[0] ?? '');
        requests.inc({ method: req.method, route, status: String(res.statusCode) });
        duration.observe({ method: req.method, route }, Number(process.hrtime.bigint() - started) / 1e9);
        // The error handler (api/http-errors.ts) leaves its code (`not_found`, `StepNotActive`…) here.
        if (res.statusCode >= 400) errors.inc({ status: String(res.statusCode), code: String(res.locals.errorCode ?? 'none') });
      });
      next();
    },
  };
}

const sameToken = (given: string, expected: string): boolean => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * GET /metrics, outside the signed-in API: Prometheus sends `Authorization: Bearer <METRICS_TOKEN>`.
 * Without METRICS_TOKEN configured the route answers 404 (metrics are off); a wrong or missing token
 * gets 401. Route templates and counts only: no person, project or token is ever a label.
 */
export function metricsHandler(metrics: ApiMetrics, token: string | undefined) {
  return async (req: Request, res: Response): Promise<void> => {
    // Errors in the API's one shape and both languages (api/http-errors.ts), like every other route.
    if (!token) throw new HttpError(404, 'not_found', { en: 'Metrics are off: set METRICS_TOKEN to serve them.', vi: 'Chưa bật số liệu vận hành: hãy đặt METRICS_TOKEN.' });
    const header = req.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!sameToken(given, token)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new HttpError(401, 'unauthenticated', { en: 'GET /metrics needs the ops token (METRICS_TOKEN) as a Bearer token.', vi: 'GET /metrics cần mã vận hành (METRICS_TOKEN) dạng Bearer.' });
    }
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.send(await metrics.registry.metrics());
  };
}
