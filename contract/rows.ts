import { z } from 'zod';
import { FUNDING_SOURCES, PLEDGE_STATUSES } from '../domain/funding';
import { CAPABILITIES, INVITATION_STATUSES } from '../domain/matching';
import { NO_DECIDER_REASONS } from '../domain/deciders';

/**
 * Row shapes that appear both inside a project (GET /api/projects/:id) and as lists of their own
 * (contract/lists.ts adds the project they belong to): written once, read by the other contract files.
 */

export const isoDateTime = () => z.iso.datetime();
export const uuid = () => z.uuid();
export const vnd = () => z.number().int();

export const PersonRefSchema = z.object({ userId: uuid(), displayName: z.string() }).meta({ description: 'A person, by name.' });
export type PersonRef = z.infer<typeof PersonRefSchema>;

export const InvitationSchema = z.object({
  id: uuid(),
  partnerId: uuid(),
  partnerName: z.string(),
  capability: z.enum(CAPABILITIES),
  status: z.enum(INVITATION_STATUSES),
  invitedAt: isoDateTime(),
  remindAt: isoDateTime(),
  dueAt: isoDateTime(),
  remindedAt: isoDateTime().nullable(),
  respondedAt: isoDateTime().nullable(),
  resources: z.string().nullable(),
  reason: z.string().nullable(),
});

export const PledgeSchema = z.object({
  id: uuid(),
  partnerId: uuid().nullable(),
  partnerName: z.string().nullable(),
  source: z.enum(FUNDING_SOURCES),
  amountVnd: vnd().min(0),
  hours: z.number().nullable(),
  valueVnd: vnd().min(0).meta({ description: 'What the pledge counts for: the amount, or the hours at the volunteer-hour rate.' }),
  status: z.enum([...PLEDGE_STATUSES, 'cancelled']),
  note: z.string().nullable(),
  pledgedAt: isoDateTime(),
});

export const MilestoneSchema = z.object({
  code: z.string(),
  title: z.string(),
  ownerTeamCode: z.string(),
  dueAt: isoDateTime(),
  status: z.enum(['open', 'completed']),
  evidence: z.array(z.string()),
  completedAt: isoDateTime().nullable(),
});

export const IndicatorSchema = z.object({
  code: z.string(),
  name: z.string(),
  unit: z.string(),
  baseline: z.number(),
  target: z.number(),
  actual: z.number().nullable(),
  evidence: z.array(z.string()),
  recordedAt: isoDateTime().nullable(),
});

/** A step nobody may decide now (issue 13): why, since when, and which authority was told. */
export const NoDeciderSchema = z
  .object({
    reason: z.enum(NO_DECIDER_REASONS),
    since: isoDateTime(),
    toldRole: z.string().meta({ examples: ['coordinator', 'board_chair', 'unit_chair'] }),
  })
  .meta({ description: 'Set while nobody may decide this open step (no team lead, no board member left, …). Cleared when a change of reference data gives it a decider again.' });

export const LedgerNamesSchema = z
  .object({
    partner: z.string(),
    capability: z.enum(CAPABILITIES),
    milestone: z.string(),
    indicator: z.string(),
    stepType: z.string(),
  })
  .partial()
  .meta({ description: "What the ids in the entry's details name today (partner, capability of an invitation, milestone, indicator, step type), read beside the entry: not part of its hash." });
export type LedgerNames = z.infer<typeof LedgerNamesSchema>;
