import { workflowUrl } from './temporal';

/** VITE_TEMPORAL_UI at build time, http://localhost:8233 by default (vite.config.ts). */
export const TEMPORAL_UI_BASE: string = __TEMPORAL_UI__;

export function temporalWorkflowUrl(workflowId: string): string {
  return workflowUrl(TEMPORAL_UI_BASE, workflowId);
}
