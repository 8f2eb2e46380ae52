// How a deadline reads to a team lead: whole working days left or overdue (R20: clear deadline).

export type DeadlineText = { key: 'app.deadline.days_left' | 'app.deadline.days_overdue'; count: number } | { key: 'app.deadline.due_today'; count: 0 };

/** `workingDaysLeft` comes from the API, counted on the unit's calendar; null means no deadline. */
export function deadlineText(workingDaysLeft: number | null | undefined): DeadlineText | null {
  if (workingDaysLeft === null || workingDaysLeft === undefined || !Number.isFinite(workingDaysLeft)) return null;
  if (workingDaysLeft > 0) return { key: 'app.deadline.days_left', count: workingDaysLeft };
  if (workingDaysLeft < 0) return { key: 'app.deadline.days_overdue', count: -workingDaysLeft };
  return { key: 'app.deadline.due_today', count: 0 };
}
