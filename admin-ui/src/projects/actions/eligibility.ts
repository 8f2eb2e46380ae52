// Which stage commands the signed-in person may send on a project now: the role table
// (domain/access.ts) narrowed by the rules the workflow's validators apply (workflows/project-lifecycle.ts).
// The workflow still decides; this only hides what it would refuse.
import { allows } from '../../../../domain/access';
import { coverage } from '../../../../domain/matching';
import type { ProjectDetail, Role, StepType } from '../../types';

export interface Viewer {
  role: Role;
  teamCode: string | null;
  /** Chairs the board (waivers, cancellation). */
  isChair: boolean;
}

export interface ProjectActionSet {
  /** Capabilities still missing while matching is open, to invite partners for. */
  invite: string[];
  waiveCapability: string[];
  waiveSocialization: boolean;
  plan: boolean;
  pledge: boolean;
  /** Codes of open milestones the viewer may complete. */
  completeMilestones: string[];
  changeRequest: boolean;
  /** Partners with a live commitment whose withdrawal the viewer may record. */
  withdraw: { partnerId: string; partnerName: string }[];
  indicators: boolean;
  cancel: boolean;
  extend: boolean;
}

const FINAL = new Set(['closed', 'rejected', 'cancelled', 'withdrawn']);

export function openStepTypes(project: Pick<ProjectDetail, 'steps'>): Set<StepType> {
  return new Set(project.steps.filter((s) => s.status === 'active').map((s) => s.type));
}

/** Capabilities no live commitment covers and no waiver excuses (domain/matching.ts coverage). */
export function missingCapabilities(project: Pick<ProjectDetail, 'requiredCapabilities' | 'commitments' | 'waivers'>): string[] {
  const commitments = project.commitments.map((c) => ({ partnerId: c.partnerId, capability: c.capability, status: c.status }));
  const waived = project.waivers.filter((w) => w.gap === 'capability' && w.capability).map((w) => w.capability!);
  return coverage(project.requiredCapabilities, commitments, waived).missing;
}

/** Partners whose latest commitment for some capability still stands. */
export function livePartners(project: Pick<ProjectDetail, 'commitments'>): { partnerId: string; partnerName: string }[] {
  const latest = new Map<string, { partnerId: string; partnerName: string; status: string }>();
  for (const c of project.commitments) latest.set(`${c.partnerId}:${c.capability}`, c);
  const live = new Map<string, string>();
  for (const c of latest.values()) if (c.status === 'committed') live.set(c.partnerId, c.partnerName);
  return [...live].map(([partnerId, partnerName]) => ({ partnerId, partnerName }));
}

export function projectActions(project: ProjectDetail, viewer: Viewer): ProjectActionSet {
  const { role } = viewer;
  const open = openStepTypes(project);
  const ended = FINAL.has(project.stage);
  const coordinator = role === 'coordinator' || role === 'admin';
  const leadTeam = role === 'team_lead' && viewer.teamCode === project.leadTeamCode;
  const chair = role === 'board_member' && viewer.isChair;
  const stageIs = (...stages: string[]) => !ended && stages.includes(project.stage);
  const missing = open.has('partner_matching') && stageIs('partner_matching', 'execution') ? missingCapabilities(project) : [];
  const changeOpen = open.has('change_request') || project.changeRequests.some((c) => c.status === 'open');
  return {
    invite: allows(role, 'projects.match') && (coordinator || leadTeam) ? missing : [],
    waiveCapability: allows(role, 'projects.waive') && chair ? missing : [],
    waiveSocialization: allows(role, 'projects.waive') && chair && stageIs('funding') && !project.waivers.some((w) => w.gap === 'socialization'),
    plan: allows(role, 'projects.fund') && (coordinator || leadTeam) && stageIs('funding') && open.has('funding_approval'),
    pledge: allows(role, 'projects.pledge') && (coordinator || leadTeam) && stageIs('funding') && open.has('funding_approval'),
    completeMilestones:
      allows(role, 'projects.execute') && stageIs('execution')
        ? project.milestones.filter((m) => m.status !== 'completed' && (coordinator || leadTeam || (role === 'team_lead' && viewer.teamCode === m.ownerTeamCode))).map((m) => m.code)
        : [],
    changeRequest: allows(role, 'projects.execute') && (coordinator || leadTeam) && stageIs('execution') && !changeOpen,
    withdraw: allows(role, 'projects.withdraw') && coordinator && stageIs('partner_matching', 'funding', 'execution') ? livePartners(project) : [],
    indicators: allows(role, 'projects.execute') && (coordinator || leadTeam) && stageIs('impact_evaluation') && open.has('impact_reporting'),
    cancel: allows(role, 'projects.cancel') && chair && !ended,
    extend: allows(role, 'steps.extend') && !ended,
  };
}

/** True when the set offers the viewer anything to do. */
export function hasAnyAction(set: ProjectActionSet): boolean {
  return Object.values(set).some((v) => (Array.isArray(v) ? v.length > 0 : v));
}
