import type { Json } from './schemas';

/** The document as one plain HTML page (/api/docs). */

// ---------------------------------------------------------------------------------------------
// HTML rendering (server-side, no scripts, no external resources: fits the API's CSP).

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const anchor = (value: string) => value.replace(/[^A-Za-z0-9_-]+/g, '-');
const pretty = (value: unknown) => `<pre><code>${escapeHtml(JSON.stringify(value, null, 2))}</code></pre>`;

function resolveRef(doc: Json, value: unknown): Json | undefined {
  const pointer = (value as { $ref?: unknown })?.$ref;
  if (typeof pointer !== 'string' || !pointer.startsWith('#/')) return value as Json | undefined;
  let node: unknown = doc;
  for (const part of pointer.slice(2).split('/')) node = (node as Json | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return node as Json | undefined;
}

/** A schema as a link to its component when it is a reference (or an array of one), else pretty-printed. */
function schemaHtml(schema: unknown): string {
  const pointer = (schema as { $ref?: unknown })?.$ref;
  if (typeof pointer === 'string' && pointer.startsWith('#/components/schemas/')) {
    const name = pointer.slice('#/components/schemas/'.length);
    return `<a href="#schema-${escapeHtml(anchor(name))}">${escapeHtml(name)}</a>`;
  }
  const s = schema as Json | undefined;
  if (s?.type === 'array' && s.items && Object.keys(s).length === 2 && (s.items as Json).$ref) return `array of ${schemaHtml(s.items)}`;
  return pretty(schema);
}

function paragraphs(text: unknown): string {
  return String(text ?? '')
    .split(/\n{2,}/)
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('\n');
}

/** A short, readable type: a link for a component, the values of an enum, "array of …", "… or null". */
function typeText(schema: unknown): string {
  const s = (schema ?? {}) as Json;
  if (typeof s.$ref === 'string') return schemaHtml(s);
  if (Array.isArray(s.enum)) return `one of ${(s.enum as unknown[]).map((v) => `<code>${escapeHtml(v)}</code>`).join(', ')}`;
  if ('const' in s) return `<code>${escapeHtml(JSON.stringify(s.const))}</code>`;
  if (Array.isArray(s.anyOf)) return (s.anyOf as unknown[]).map(typeText).join(' or ');
  if (s.type === 'array') return `array of ${typeText(s.items)}`;
  const type = Array.isArray(s.type) ? (s.type as string[]).join(' or ') : String(s.type ?? 'any');
  return `${escapeHtml(type)}${s.format ? ` <span class="ct">(${escapeHtml(s.format)})</span>` : ''}`;
}

const CONSTRAINTS = ['minLength', 'maxLength', 'minimum', 'exclusiveMinimum', 'maximum', 'minItems', 'maxItems', 'pattern', 'default'] as const;

function constraintsText(schema: unknown): string {
  const s = (schema ?? {}) as Json;
  // The long regexes zod writes next to a format (uuid, email, …) say nothing the format does not.
  const own = CONSTRAINTS.filter((k) => s[k] !== undefined && !(k === 'pattern' && s.format)).map((k) => `${k} <code>${escapeHtml(typeof s[k] === 'string' ? s[k] : JSON.stringify(s[k]))}</code>`);
  const items = s.type === 'array' && s.items && !(s.items as Json).$ref ? constraintsText(s.items) : '';
  return [...own, ...(items ? [`each: ${items}`] : [])].join(', ');
}

/** The fields of an object schema as a table (nested shapes stay in the JSON below it). */
function fieldsTable(doc: Json, schema: unknown): string {
  const s = resolveRef(doc, schema) ?? {};
  const properties = s.properties as Record<string, Json> | undefined;
  if (s.type !== 'object' || !properties) return '';
  const required = new Set((s.required ?? []) as string[]);
  const rows = Object.entries(properties).map(
    ([name, p]) =>
      `<tr><td><code>${escapeHtml(name)}</code></td><td>${required.has(name) ? 'yes' : 'no'}</td><td>${typeText(p)}</td><td>${constraintsText(p)}</td><td>${escapeHtml(p.description ?? '')}</td></tr>`,
  );
  return `<table><thead><tr><th>Field</th><th>Required</th><th>Type</th><th>Constraints</th><th>Description</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Fields table, then the exact JSON Schema folded (a <details> element: no script needed). */
function schemaBlock(doc: Json, schema: unknown): string {
  const table = fieldsTable(doc, schema);
  const json = pretty(resolveRef(doc, schema));
  return table ? `${table}<details><summary>JSON Schema</summary>${json}</details>` : json;
}

function contentHtml(content: unknown): string {
  return Object.entries((content ?? {}) as Record<string, Json>)
    .map(([type, media]) => `<div><span class="ct">${escapeHtml(type)}</span> ${schemaHtml(media.schema)}</div>`)
    .join('');
}

const opAnchor = (method: string, path: string) => `op-${anchor(`${method}-${path}`)}`;

function operationHtml(doc: Json, path: string, method: string, op: Json): string {
  const roles = Array.isArray(op['x-roles']) ? (op['x-roles'] as string[]).map((r) => `<code>${escapeHtml(r)}</code>`).join(' ') : '<em>public: no token needed</em>';
  const parts = [
    `<section class="op" id="${escapeHtml(opAnchor(method, path))}">`,
    `<h3><span class="method ${escapeHtml(method)}">${escapeHtml(method.toUpperCase())}</span> <code>${escapeHtml(path)}</code></h3>`,
    `<p class="summary">${escapeHtml(op.summary ?? '')}</p>`,
    // The access sentence of the description is shown as the Roles line below.
    paragraphs(
      String(op.description ?? '')
        .split(/\n{2,}/)
        .filter((p) => !/^(Roles: |Public: no token)/.test(p))
        .join('\n\n'),
    ),
    `<p><strong>Roles:</strong> ${roles}${op['x-permission'] ? ` <span class="ct">(permission <code>${escapeHtml(op['x-permission'])}</code>)</span>` : ''}</p>`,
  ];
  const params = ((op.parameters ?? []) as unknown[]).map((p) => resolveRef(doc, p)).filter((p): p is Json => !!p);
  if (params.length) {
    parts.push('<h4>Parameters</h4><table><thead><tr><th>Name</th><th>In</th><th>Required</th><th>Description</th><th>Schema</th></tr></thead><tbody>');
    for (const p of params) {
      parts.push(
        `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${escapeHtml(p.in)}</td><td>${p.required ? 'yes' : 'no'}</td><td>${escapeHtml(p.description ?? '')}${
          p.example !== undefined ? `<br>Example: <code>${escapeHtml(p.example)}</code>` : ''
        }</td><td>${pretty(p.schema)}</td></tr>`,
      );
    }
    parts.push('</tbody></table>');
  }
  const body = op.requestBody as Json | undefined;
  if (body) {
    parts.push('<h4>Request body</h4>');
    for (const [type, media] of Object.entries((body.content ?? {}) as Record<string, Json>)) {
      parts.push(`<p><span class="ct">${escapeHtml(type)}</span> ${schemaHtml(media.schema)}${body.required ? ' (required)' : ''}</p>`, schemaBlock(doc, media.schema));
    }
  }
  parts.push('<h4>Responses</h4><table><thead><tr><th>Status</th><th>Description</th><th>Headers</th><th>Body</th></tr></thead><tbody>');
  for (const [status, raw] of Object.entries((op.responses ?? {}) as Record<string, Json>)) {
    const response = resolveRef(doc, raw) ?? {};
    const headers = Object.keys((response.headers ?? {}) as Json)
      .map((h) => `<code>${escapeHtml(h)}</code>`)
      .join(' ');
    parts.push(`<tr><td><strong>${escapeHtml(status)}</strong></td><td>${escapeHtml(response.description ?? '')}</td><td>${headers}</td><td>${contentHtml(response.content)}</td></tr>`);
  }
  parts.push('</tbody></table></section>');
  return parts.join('\n');
}

const STYLE = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:1100px;margin:0 auto;padding:1rem 1.5rem;color:#1d2327}
h1{margin-bottom:.2rem}h2{border-bottom:2px solid #ddd;padding-bottom:.2rem;margin-top:2.5rem}
.op{border:1px solid #ddd;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}
.method{display:inline-block;min-width:3.5rem;text-align:center;border-radius:4px;color:#fff;padding:0 .4rem;font-size:.85em}
.method.get{background:#1769aa}.method.post{background:#2e7d32}.method.patch{background:#8a5a00}.method.delete{background:#b71c1c}
.summary{font-weight:600}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #e2e2e2;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f7f7}pre{background:#f6f8fa;padding:.5rem;overflow:auto;max-height:28rem;margin:.3rem 0;font-size:.85em}
.ct{color:#666;font-size:.85em}code{font-size:.92em}
details{margin:.3rem 0 .8rem}summary{cursor:pointer;color:#1769aa}
nav h3{margin:.8rem 0 .2rem;font-size:1em}nav ul{margin:0;padding-left:1.2rem}
`;

/** The whole document as one self-contained HTML page (grouped by tag, routes in the document's order). */
export function renderDocsHtml(document: object): string {
  const doc = document as Json;
  const info = (doc.info ?? {}) as Json;
  const paths = (doc.paths ?? {}) as Record<string, Record<string, Json>>;
  const ops: { path: string; method: string; op: Json }[] = [];
  for (const [path, item] of Object.entries(paths)) for (const [method, op] of Object.entries(item)) ops.push({ path, method, op });
  const tags = ((doc.tags ?? []) as Json[]).map((t) => ({ name: String(t.name), description: String(t.description ?? '') }));
  const inTag = (name: string) => ops.filter(({ op }) => ((op.tags ?? []) as string[])[0] === name);
  const schemas = ((doc.components as Json | undefined)?.schemas ?? {}) as Record<string, unknown>;
  const security = ((doc.components as Json | undefined)?.securitySchemes ?? {}) as Record<string, Json>;

  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(info.title)} ${escapeHtml(info.version)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<h1>${escapeHtml(info.title)}</h1>`,
    `<p>Version ${escapeHtml(info.version)} · OpenAPI ${escapeHtml(doc.openapi)} · <a href="openapi.json">openapi.json</a> (for tools and code generators)</p>`,
    paragraphs(info.description),
    '<h2>Authentication</h2>',
    ...Object.entries(security).map(([name, s]) => `<p><code>${escapeHtml(name)}</code>: ${escapeHtml(s.type)} ${escapeHtml(s.scheme ?? '')} ${escapeHtml(s.bearerFormat ?? '')}. ${escapeHtml(s.description ?? '')}</p>`),
    '<h2 id="routes">Routes</h2><nav>',
    ...tags.flatMap((tag) => [
      `<h3>${escapeHtml(tag.name)} <span class="ct">${escapeHtml(tag.description)}</span></h3><ul>`,
      ...inTag(tag.name).map(({ path, method, op }) => {
        const roles = Array.isArray(op['x-roles']) ? (op['x-roles'] as string[]).join(', ') : 'public';
        return `<li><a href="#${escapeHtml(opAnchor(method, path))}">${escapeHtml(method.toUpperCase())} ${escapeHtml(path)}</a> · ${escapeHtml(op.summary ?? '')} <span class="ct">(${escapeHtml(roles)})</span></li>`;
      }),
      '</ul>',
    ]),
    '</nav>',
    ...tags.flatMap((tag) => [`<h2 id="tag-${escapeHtml(anchor(tag.name))}">${escapeHtml(tag.name)}</h2>`, ...inTag(tag.name).map(({ path, method, op }) => operationHtml(doc, path, method, op))]),
    '<h2 id="schemas">Schemas</h2>',
    ...Object.entries(schemas).map(([name, schema]) => `<section id="schema-${escapeHtml(anchor(name))}"><h3>${escapeHtml(name)}</h3>${(schema as Json).description ? `<p>${escapeHtml((schema as Json).description)}</p>` : ''}${schemaBlock(doc, schema)}</section>`),
    '</body></html>',
  ].join('\n');
}
