/** Units an SLA duration is counted in. Apart from domain/sla.ts so the console's forms need no calendar. */
export const DURATION_UNITS = ['working_days', 'working_hours', 'seconds'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];
