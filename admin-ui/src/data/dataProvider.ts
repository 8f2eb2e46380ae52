import simpleRestProvider from 'ra-data-simple-rest';
import type { DataProvider } from 'react-admin';
import type { DecisionBody, ProjectDetail, ProposalBody } from '../types';
import { createCommandKeys, isDefiniteAnswer, type CommandKeys } from './commandKeys';
import { ApiError, type HttpClient } from './httpClient';

export const API_ROOT = '/api';

/**
 * ra-data-simple-rest on /api (lists read `Content-Range`), plus the two commands, which carry an
 * Idempotency-Key. `create` is not used for projects: the create page calls createProject.
 */
export function createDataProvider(http: HttpClient, keys: CommandKeys = createCommandKeys()) {
  const base = simpleRestProvider(API_ROOT, http);

  async function sendCommand<T>(url: string, body: unknown): Promise<T> {
    const payload = JSON.stringify(body);
    const command = `${url}\n${payload}`;
    const idempotencyKey = keys.keyFor(command);
    try {
      const { json } = await http(url, { method: 'POST', body: payload, headers: { 'Idempotency-Key': idempotencyKey } });
      keys.settle(command);
      return json as T;
    } catch (error) {
      if (error instanceof ApiError && isDefiniteAnswer(error.status)) keys.settle(command);
      throw error;
    }
  }

  return {
    ...base,
    /** POST /api/projects → 201 with the project, its screening step already open. */
    createProject: (body: ProposalBody): Promise<ProjectDetail> => sendCommand<ProjectDetail>(`${API_ROOT}/projects`, body),
    /** POST /api/steps/:stepId/decisions → the project as it stands after the decision. */
    decideStep: (stepId: string, body: DecisionBody): Promise<{ project: ProjectDetail }> =>
      sendCommand<{ project: ProjectDetail }>(`${API_ROOT}/steps/${encodeURIComponent(stepId)}/decisions`, body),
  } satisfies DataProvider;
}

export type AppDataProvider = ReturnType<typeof createDataProvider>;
