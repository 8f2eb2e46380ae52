import { Router } from 'express';
import { buildOpenApiDocument } from './document';
import { renderDocsHtml } from './html';
import type { Json } from './schemas';

export { buildOpenApiDocument } from './document';
export { renderDocsHtml } from './html';
export { openApiPath } from './routes';
export { REQUEST_BODY_SCHEMAS } from './schemas';

/**
 * OpenAPI 3.1 description of the HTTP API, served at /api/openapi.json and rendered as plain HTML
 * at /api/docs. Request bodies are the zod schemas the routes validate with (domain/schemas.ts),
 * turned into JSON Schema by zod's own z.toJSONSchema; there is no second copy. Response shapes are
 * the wire contract's zod schemas (contract/), kept equal to the read model by the type checks in
 * shape-checks.ts. The list of authenticated routes, their summaries and permissions come from ROUTES,
 * the roles from ACCESS (api/access.ts): the document is built from the table the API enforces.
 *
 * By job: schemas.ts (zod → JSON Schema components), routes.ts (what is written by hand about each
 * route, the stage commands' entries in one section), document.ts (the document builder), html.ts
 * (the /api/docs page), this file (the router).
 */

// ---------------------------------------------------------------------------------------------
// Router: public, mounted on the /api router before authentication.

export function openApiRouter(): Router {
  const router = Router();
  let document: Json | undefined;
  let html: string | undefined;
  const doc = () => (document ??= buildOpenApiDocument());
  router.get('/openapi.json', (_req, res) => void res.json(doc()));
  router.get('/docs', (_req, res) => void res.type('html').send((html ??= renderDocsHtml(doc()))));
  return router;
}
