// Pure logic of the pipeline board: which column a project sits in, how far its funding has come.
import { STAGES, isFinalStage } from '../../../domain/lifecycle';
import type { Project, Stage } from '../types';

/** The columns a team lead works in (R13: the stages of the cycle); finished projects share one column. */
export const BOARD_COLUMNS = [...STAGES.filter((stage) => !isFinalStage(stage)), 'finished'] as const;
export type BoardColumn = (typeof BOARD_COLUMNS)[number];

export function columnOf(stage: Stage): BoardColumn {
  return isFinalStage(stage) ? 'finished' : (stage as BoardColumn);
}

const SLA_URGENCY = { breached: 0, at_risk: 1, on_track: 2, paused: 3 } as const;

/** Most urgent first inside a column: breached, at risk, then the nearest deadline (R20). */
export function byUrgency(a: Project, b: Project): number {
  const sa = a.activeStep ? SLA_URGENCY[a.activeStep.slaStatus] : 4;
  const sb = b.activeStep ? SLA_URGENCY[b.activeStep.slaStatus] : 4;
  if (sa !== sb) return sa - sb;
  const da = a.activeStep?.dueAt ? Date.parse(a.activeStep.dueAt) : Number.POSITIVE_INFINITY;
  const db = b.activeStep?.dueAt ? Date.parse(b.activeStep.dueAt) : Number.POSITIVE_INFINITY;
  if (da !== db) return da - db;
  return a.code.localeCompare(b.code);
}

export function groupByColumn(projects: readonly Project[]): Record<BoardColumn, Project[]> {
  const columns = Object.fromEntries(BOARD_COLUMNS.map((c) => [c, [] as Project[]])) as Record<BoardColumn, Project[]>;
  for (const project of projects) columns[columnOf(project.stage)].push(project);
  for (const column of BOARD_COLUMNS) columns[column].sort(byUrgency);
  return columns;
}

/**
 * Funding progress: pledges that stand against the plan, or against the requested budget before a
 * plan exists. Null when there is nothing to measure against.
 */
export function fundingProgress(project: Pick<Project, 'pledgedVnd' | 'plannedBudgetVnd' | 'requestedBudgetVnd'>): { ratio: number; percent: number; targetVnd: number } | null {
  const targetVnd = project.plannedBudgetVnd ?? project.requestedBudgetVnd;
  if (!targetVnd || targetVnd <= 0) return null;
  const ratio = project.pledgedVnd / targetVnd;
  return { ratio, percent: Math.min(100, Math.round(ratio * 100)), targetVnd };
}
