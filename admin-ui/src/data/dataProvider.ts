import simpleRestProvider from 'ra-data-simple-rest';
import type { DataProvider, RaRecord } from 'react-admin';
import { isAdminResource } from './resourcePaths';
import type { CommandBodies, DecisionBody, InvitationResponseBody, ProjectDetail, ProposalBody, StepAssignees } from '../types';
import type { PipelineStats, SlaStats } from '../dashboard/figures';
import { exportUrl, type ExportFormat, type LedgerFilter } from '../ledger/ledgerFilter';
import { parseVerdict, type ChainVerdict } from '../ledger/verdict';
import { createCommandKeys, isDefiniteAnswer, type CommandKeys } from './commandKeys';
import { ApiError, type FileClient, type HttpClient } from './httpClient';
import { withResourcePaths } from './resourcePaths';
import type { BodyInputOf, CommandBodyName, StageCommandKind } from '../../../domain/commands';

/**
 * A command's URL from the registry (domain/commands). Loaded on the first command, not with the
 * first screen: the registry carries every command's rules and API text (test/console/bundle.test.ts).
 */
async function commandUrl(kind: StageCommandKind, params: { id: string; code?: string }): Promise<string> {
  return (await import('../../../domain/commands/index.js')).commandUrl(kind, params);
}

export const API_ROOT = '/api';

/**
 * The console's one data provider: ra-data-simple-rest on /api (lists read `Content-Range`), plus
 * the commands, which carry an Idempotency-Key, and the calls that are not lists (figures for the
 * dashboard, the ledger's verdict and export, the inbox count). `create` is not used for projects:
 * the create page calls createProject.
 */
export function createDataProvider(http: HttpClient, { files, keys = createCommandKeys() }: { files?: FileClient; keys?: CommandKeys } = {}) {
  // Console resource names → /api paths (decisions → /api/ledger): resourcePaths.ts.
  const base = withResourcePaths(simpleRestProvider(API_ROOT, http));

  async function figures<T extends object>(url: string, signal?: AbortSignal): Promise<T> {
    const { status, json } = await http(url, { signal });
    if (typeof json !== 'object' || json === null || !('scope' in json)) throw new ApiError('app.errors.unexpected', status);
    return json as T;
  }

  async function sendCommand<T>(url: string, body: unknown, method: 'POST' | 'PATCH' | 'DELETE' = 'POST'): Promise<T> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const command = `${method === 'POST' ? '' : `${method} `}${url}\n${payload ?? ''}`;
    const idempotencyKey = keys.keyFor(command);
    try {
      const { json } = await http(url, { method, ...(payload === undefined ? {} : { body: payload }), headers: { 'Idempotency-Key': idempotencyKey } });
      keys.settle(command);
      return json as T;
    } catch (error) {
      if (error instanceof ApiError && isDefiniteAnswer(error.status)) keys.settle(command);
      throw error;
    }
  }

  /** Reference data (admin/): create and update are commands with an Idempotency-Key, and PATCH only what changed. */
  const adminCreate: DataProvider['create'] = async (resource, params) => {
    if (!isAdminResource(resource)) return base.create(resource, params);
    const data = await sendCommand<RaRecord>(`${API_ROOT}/${resource}`, params.data);
    return { data } as never;
  };
  const adminUpdate: DataProvider['update'] = async (resource, params) => {
    if (!isAdminResource(resource)) return base.update(resource, params);
    const data = await sendCommand<RaRecord>(`${API_ROOT}/${resource}/${encodeURIComponent(String(params.id))}`, params.data, 'PATCH');
    return { data } as never;
  };
  const adminDelete: DataProvider['delete'] = async (resource, params) => {
    if (!isAdminResource(resource)) return base.delete(resource, params);
    await sendCommand<null>(`${API_ROOT}/${resource}/${encodeURIComponent(String(params.id))}`, undefined, 'DELETE');
    return { data: params.previousData } as never;
  };

  return {
    ...base,
    create: adminCreate,
    update: adminUpdate,
    delete: adminDelete,
    /** POST /api/projects → 201 with the project, its screening step already open. */
    createProject: (body: ProposalBody): Promise<ProjectDetail> => sendCommand<ProjectDetail>(`${API_ROOT}/projects`, body),
    /** POST /api/invitations/:id/response: the invited partner accepts (saying what it commits) or declines. */
    respondToInvitation: async (invitationId: string, body: InvitationResponseBody): Promise<{ project: ProjectDetail }> =>
      sendCommand<{ project: ProjectDetail }>(await commandUrl('respond', { id: invitationId }), body),
    /** GET /api/stats/sla?months=N: on-time rates, open steps, escalations, ageing, cycle time. */
    slaStats: async (months: number, signal?: AbortSignal): Promise<SlaStats> => figures<SlaStats>(`${API_ROOT}/stats/sla?months=${encodeURIComponent(months)}`, signal),
    /** GET /api/stats/pipeline: projects per stage, funding mix, C-Index. */
    pipelineStats: async (signal?: AbortSignal): Promise<PipelineStats> => figures<PipelineStats>(`${API_ROOT}/stats/pipeline`, signal),
    /** GET /api/ledger/verify: walks the whole chain (auditor, admin). */
    verifyLedger: async (signal?: AbortSignal): Promise<ChainVerdict> => {
      const { status, json } = await http(`${API_ROOT}/ledger/verify`, { signal });
      const verdict = parseVerdict(json);
      if (!verdict) throw new ApiError('app.errors.unexpected', status);
      return verdict;
    },
    /** POST /api/ledger/anchors: signs the chain's head now (auditor, admin); the seq signed, or null when the ledger is empty. */
    publishLedgerHead: async (): Promise<{ seq: number | null }> => {
      const json = await sendCommand<unknown>(`${API_ROOT}/ledger/anchors`, {});
      const anchor = (json as { anchor?: { seq?: unknown } | null })?.anchor;
      return { seq: (json as { published?: unknown })?.published === true && typeof anchor?.seq === 'number' ? anchor.seq : null };
    },
    /** GET /api/ledger/export: every entry the filter matches, as the API wrote the file (CSV keeps its BOM). */
    exportLedger: (format: ExportFormat, filter: LedgerFilter) => {
      if (!files) throw new Error('createDataProvider: no file client for downloads');
      return files(exportUrl(API_ROOT, format, filter), format === 'csv' ? 'text/csv, application/json;q=0.5' : 'application/json');
    },
    /** GET /api/steps/inbox-count → how many open steps wait for the caller's decision (the menu badge). */
    inboxCount: async (): Promise<number> => {
      const { json } = await http(`${API_ROOT}/steps/inbox-count`);
      return Number((json as { count?: unknown })?.count ?? 0);
    },
    /**
     * Any stage command of the registry (domain/commands): the URL from its route, the body typed by
     * its schema. `id` is what the route's :id names (a project, an invitation, a step).
     */
    stageCommand: async <K extends StageCommandKind>(kind: K, params: { id: string; code?: string }, body: BodyInputOf<CommandBodyName<K>>): Promise<{ project: ProjectDetail }> =>
      sendCommand<{ project: ProjectDetail }>(await commandUrl(kind, params), body),
    /** POST /api/projects/:id/milestones/:code/completion with evidence. */
    completeMilestone: async (projectId: string, code: string, body: CommandBodies['completion']): Promise<{ project: ProjectDetail }> =>
      sendCommand<{ project: ProjectDetail }>(await commandUrl('complete_milestone', { id: projectId, code }), body),
    /** POST /api/projects/:id/indicators/:code/actuals with evidence. */
    recordIndicator: async (projectId: string, code: string, body: CommandBodies['actuals']): Promise<{ project: ProjectDetail }> =>
      sendCommand<{ project: ProjectDetail }>(await commandUrl('record_indicator', { id: projectId, code }), body),
    /** POST /api/steps/:stepId/extensions: the deadline moves by working days (coordinator, admin). */
    extendDeadline: async (stepId: string, body: CommandBodies['extensions']): Promise<{ project: ProjectDetail }> =>
      sendCommand<{ project: ProjectDetail }>(await commandUrl('extend_sla', { id: stepId }), body),
    /** GET /api/steps/:stepId/assignees: who may be made accountable, and whether the caller may reassign. */
    stepAssignees: async (stepId: string): Promise<StepAssignees> => {
      const { json } = await http(`${API_ROOT}/steps/${encodeURIComponent(stepId)}/assignees`);
      return json as StepAssignees;
    },
    /** POST /api/steps/:stepId/assignee: another accountable person, with a reason (the ledger's `reassign`). */
    reassignStep: async (stepId: string, body: CommandBodies['assignee']): Promise<{ project: ProjectDetail }> =>
      sendCommand<{ project: ProjectDetail }>(await commandUrl('reassign', { id: stepId }), body),
    /** POST /api/steps/:stepId/dissent-notes: the text typed while the vote closed, kept as a note (not a vote). */
    keepDissentNote: (stepId: string, body: { text: string }): Promise<{ project: ProjectDetail }> =>
      sendCommand<{ project: ProjectDetail }>(`${API_ROOT}/steps/${encodeURIComponent(stepId)}/dissent-notes`, body),
    /** POST /api/steps/:stepId/decisions → the project as it stands after the decision. */
    decideStep: (stepId: string, body: DecisionBody): Promise<{ project: ProjectDetail }> =>
      sendCommand<{ project: ProjectDetail }>(`${API_ROOT}/steps/${encodeURIComponent(stepId)}/decisions`, body),
  } satisfies DataProvider;
}

export type AppDataProvider = ReturnType<typeof createDataProvider>;
