import { COMMAND_ROUTES, type BodyName } from '../../domain/commands';
import type { RuleErrorCode } from '../../domain/errors';
import type { REQUEST_BODY_SCHEMAS } from './schemas';

/**
 * The OpenAPI operations of the stage commands, written from the command registry
 * (domain/commands): one per entry, keyed by "METHOD /api/path" as in ROUTES. api/openapi/routes.ts
 * spreads them into its route specs.
 */

/** Every command's body is a request body component of the document. */
type CommandBodyName = (typeof COMMAND_ROUTES)[number]['body'];
const everyBodyDocumented: [Exclude<CommandBodyName, keyof typeof REQUEST_BODY_SCHEMAS>] extends [never] ? true : false = true;
void everyBodyDocumented;

/** Every command may answer these: its project ended, it is not the stage for it, the person may not do it. */
const COMMAND_RULES: RuleErrorCode[] = ['ProjectClosed', 'WrongStage', 'NotAllowed'];

const json = (schema: object) => ({ 'application/json': { schema } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const param = (name: string) => ({ $ref: `#/components/parameters/${name}` });

export interface CommandOperationSpec {
  operationId: string;
  tag: string;
  description: string;
  parameters: { $ref: string }[];
  requestBody: Extract<BodyName, keyof typeof REQUEST_BODY_SCHEMAS>;
  command: true;
  success: Record<string, { description: string; content: object }>;
  errors?: Partial<Record<number, string[]>>;
  rules: RuleErrorCode[];
}

export function commandRouteSpecs(): Record<string, CommandOperationSpec> {
  const specs: Record<string, CommandOperationSpec> = {};
  for (const route of COMMAND_ROUTES) {
    const { doc } = route;
    specs[`${route.method} /api${route.path}`] = {
      operationId: doc.operationId,
      tag: doc.tag,
      description: doc.description,
      parameters: doc.parameters.map(param),
      requestBody: route.body as CommandOperationSpec['requestBody'],
      command: true,
      success: { '200': { description: 'Recorded; the project as it is now.', content: json(ref('CommandResult')) } },
      ...(doc.errors ? { errors: Object.fromEntries(Object.entries(doc.errors).map(([status, codes]) => [status, [...codes]])) } : {}),
      rules: [...COMMAND_RULES, ...(doc.rules ?? [])],
    };
  }
  return specs;
}
