// The queues a team lead works from (R20, R25): the steps list and the pipeline filter by them.

/** mine: the caller's team or role; late: past the deadline; due_this_week: due from now to Sunday (Vietnam time); waiting_on_others: open, someone else must decide. */
export const QUEUES = ['mine', 'late', 'due_this_week', 'waiting_on_others'] as const;
export type Queue = (typeof QUEUES)[number];
