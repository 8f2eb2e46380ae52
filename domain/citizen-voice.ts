/**
 * Citizens' voice (R8, R19): residents rate a project on five factors of a public service, after
 * the SIPAS satisfaction index, and may add a comment; a team lead answers in public.
 */
export const VOICE_FACTORS = ['access', 'procedure', 'officers', 'result', 'handling'] as const;
export type VoiceFactor = (typeof VOICE_FACTORS)[number];

/** Stages in which a project takes comments: under way or closed (not a proposal, nor one that ended without running). */
export const COMMENTABLE_STAGES = ['partner_matching', 'funding', 'execution', 'impact_evaluation', 'closed'] as const;

/** More links than this in one comment reads as advertising. */
export const MAX_LINKS_PER_COMMENT = 2;

export type SpamReason = 'honeypot' | 'links';

/**
 * A simple anti-spam check: the portal's form has a field people never see (a robot fills it in),
 * and a comment may carry at most two links. Answers why it looks like spam, or null.
 */
export function spamReason(input: { comment?: string | undefined; website?: string | undefined }): SpamReason | null {
  if (input.website && input.website.trim() !== '') return 'honeypot';
  const links = (input.comment ?? '').match(/https?:\/\/|www\./gi)?.length ?? 0;
  return links > MAX_LINKS_PER_COMMENT ? 'links' : null;
}
