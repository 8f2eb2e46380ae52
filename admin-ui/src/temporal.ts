/** The Temporal Web UI page of one workflow (operators follow a project's process there). */
export function workflowUrl(temporalUiBase: string, workflowId: string, namespace = 'default'): string {
  return `${temporalUiBase.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}
