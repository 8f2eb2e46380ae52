import { allHandlersFinished, CancellationScope, condition, isCancellation, patched } from '@temporalio/workflow';
import { afterScreening, changeDecider, DEFAULT_CAPABILITIES, isFinalStage, type Stage } from '../../domain/lifecycle';
import { acts, writes } from './activities';
import { CONSULTATION_PATCH, FULL_LIFECYCLE_PATCH } from './patches';
import type { Project } from './project';

/**
 * The stage loop: the proposal (screening, resubmissions, the consultation, the board's vote), then,
 * from the release FULL_LIFECYCLE_PATCH on, partner matching, funding, execution and the impact
 * evaluation. A run continued as new resumes at the stage its snapshot names.
 */
export async function runStages(project: Project): Promise<{ stage: Stage }> {
  if (!project.resume) {
    const ended = await proposal(project);
    if (ended) return ended;
    project.fullLifecycle = patched(FULL_LIFECYCLE_PATCH);
    if (!project.fullLifecycle) return firstRelease(project);
  }
  return laterStages(project);
}

/** Histories of the first release (before FULL_LIFECYCLE_PATCH): an approved project waited here. */
export async function firstRelease(project: Project): Promise<{ stage: Stage }> {
  await condition(() => isFinalStage(project.stage));
  await condition(allHandlersFinished);
  return { stage: project.stage };
}

/**
 * Cancellation by the board (or by an operator through Temporal) and failures alike release what
 * partners pledged and tell them (compensations run whatever happened before).
 */
export async function compensate(project: Project, err: unknown): Promise<{ stage: Stage }> {
  const requested = project.cancelRequest as { rationale: string } | null;
  const reason = requested?.rationale ?? (isCancellation(err) ? 'Cancelled by an operator' : `Failed: ${(err as Error).message}`);
  return CancellationScope.nonCancellable(async () => {
    await acts.compensateCancellation({ projectId: project.input.projectId, reason, at: new Date(Date.now()).toISOString() });
    if (!isCancellation(err)) throw err;
    return project.finish('cancelled', reason);
  });
}

/** The proposal stage: registration, screening and resubmissions, the consultation (patched), the board's vote. `null` once approved. */
export async function proposal(project: Project): Promise<{ stage: Stage } | null> {
  await writes().registerProject(project.input);

  // Proposal: screening (with return-for-changes rounds), then the board's vote.
  let paused: { stepId: string; from: string } | undefined;
  for (let round = 1; ; round += 1) {
    const screening = await project.open('screening', { round, ...(paused ? { pause: paused } : {}) });
    await project.awaitDecision(screening, () => project.decidedOrDeciding(screening));
    await condition(() => project.pending.length > 0);
    const decision = project.pending.shift()!;
    const outcome = afterScreening(decision.choice);
    if ('final' in outcome) return project.finish(outcome.final, decision.rationale ?? decision.choice);
    if (outcome.next === 'board_review') break;
    // Returned for changes: the screening clock pauses while the proposer works; no resubmission
    // before its own deadline withdraws the proposal.
    const resubmission = await project.open('resubmission', { round });
    const expired = await project.awaitDecision(resubmission, () => project.decidedOrDeciding(resubmission));
    if (expired) return project.finish('withdrawn', 'No resubmission before the deadline');
    await condition(() => project.pending.length > 0);
    project.pending.shift();
    paused = { stepId: screening.stepId, from: resubmission.openedAt };
  }

  // R22: a project at or above the policy's threshold is consulted on before the board votes.
  if (patched(CONSULTATION_PATCH)) await consult(project);

  for (let round = 1; ; round += 1) {
    const review = await project.open('board_review', { round });
    const state = project.findOpen('board_review')!;
    for (;;) {
      await project.awaitDecision(review, () => project.pending.length > 0);
      // Only votes already in the ledger count, so the step never closes ahead of its record.
      const outcome = project.settle(state);
      if (!outcome) continue;
      if (outcome.choice === 'reject') return project.finish('rejected', 'The board did not approve the proposal');
      if (outcome.choice === 'no_quorum') {
        // Nobody can make the quorum: the vote is called again with the board as it is now; the
        // voter's answer waits for the new round (opening it counts the transition).
        await acts.closeStep({ projectId: project.input.projectId, stepId: review.stepId, outcome: 'no_quorum', nextStage: 'proposal', closedAt: new Date(Date.now()).toISOString() });
        project.dropStep(review.stepId);
        break;
      }
      await acts.closeStep({ projectId: project.input.projectId, stepId: review.stepId, outcome: 'approved', nextStage: 'partner_matching', closedAt: new Date(Date.now()).toISOString() });
      project.stage = 'partner_matching';
      project.steps = [];
      project.transitions += 1;
      project.publish();
      return null;
    }
  }
}

/**
 * The consultation (R22): the policy in force when screening was accepted says whether the budget
 * calls for one and how long its window is (or the project's own `consultation_window` duration).
 * The plan is public meanwhile; the step closes when the proposer submits the summary, which the
 * validator and the API allow only after the window, the Front's opinion and every comment answered.
 */
export async function consult(project: Project): Promise<void> {
  const windowOverride = project.input.slaOverrides?.consultation_window;
  const plan = await acts.consultationPlan({
    unitCode: project.input.unitCode,
    requestedBudgetVnd: project.proposalNow.requestedBudgetVnd,
    at: new Date(Date.now()).toISOString(),
    ...(windowOverride ? { windowOverride } : {}),
  });
  if (!plan.required) return;
  // The consultation's row is written with its step, so whoever accepted the screening reads it at once.
  const ticket = await project.open('consultation', { consultation: { policy: plan.policy, windowClosesAt: plan.windowClosesAt } });
  project.consultation = { stepId: ticket.stepId, policyVersion: plan.policy.version, windowClosesAt: plan.windowClosesAt, frontOpinion: false };
  await project.awaitDecision(ticket, () => project.decidedOrDeciding(ticket));
  await condition(() => project.pending.length > 0);
  project.pending.shift();
  project.consultation = null;
}

/** From partner matching to the board's sign-off (FULL_LIFECYCLE_PATCH), or from where a continued run resumes. */
export async function laterStages(project: Project): Promise<{ stage: Stage }> {
  if (project.stage === 'proposal' || project.stage === 'partner_matching') await partnerMatching(project);
  if (project.stage === 'funding') {
    const ended = await funding(project);
    if (ended) return project.finish(ended, 'The funding was not approved');
  }
  if (project.stage === 'execution') await execution(project);
  const result = await impactEvaluation(project);
  return project.finish('closed', result.rationale, { outcome: result.outcome, recommendation: result.recommendation });
}

/** Candidates proposed, invitations answered: ends when every needed capability is covered or waived (R10). */
export async function partnerMatching(project: Project): Promise<void> {
  project.stage = 'partner_matching';
  if (!project.findOpen('partner_matching')) {
    if (project.required.length === 0) project.required = [...(project.proposalNow.requiredCapabilities ?? DEFAULT_CAPABILITIES[project.input.category])];
    await acts.proposeCandidates({ projectId: project.input.projectId, unitCode: project.input.unitCode, capabilities: project.required });
    await project.open('partner_matching');
  }
  await project.waitUntil(() => project.coverageNow().complete);
  await project.closeStep(project.findOpen('partner_matching')!.ticket, project.waived.length ? 'covered_with_waiver' : 'covered', 'funding');
}

/** The plan and the pledges, then the funding approval by the authority the amount calls for (R6, R18). */
export async function funding(project: Project): Promise<Stage | null> {
  project.stage = 'funding';
  for (;;) {
    if (!project.findOpen('funding_approval')) await project.open('funding_approval', { decider: project.fundingDeciderFor(project.fundingAmount()) });
    const state = project.findOpen('funding_approval')!;
    const outcome = await project.outcomeOf('funding_approval', () => !project.fundingAuthorityMatches());
    if (outcome === 'interrupted') {
      // The plan moved the amount across the authority limit: the right authority decides (R18).
      await project.closeStep(state.ticket, 'reassigned');
      continue;
    }
    if (outcome.choice === 'approve') {
      await project.closeStep(state.ticket, 'approved', 'execution');
      return null;
    }
    if (outcome.choice === 'reject') {
      return 'rejected';
    }
    await project.closeStep(state.ticket, outcome.choice === 'no_quorum' ? 'no_quorum' : 'returned');
  }
}

/** Milestones completed, with change requests and re-matching after a withdrawal alongside (R10). */
export async function execution(project: Project): Promise<void> {
  project.stage = 'execution';
  if (!project.findOpen('execution')) await project.open('execution');
  for (;;) {
    const matchingOpen = project.findOpen('partner_matching');
    const changeOpen = project.findOpen('change_request');
    const done = () => project.milestones.length > 0 && project.milestones.every((m) => m.completed) && project.coverageNow().complete && !project.findOpen('partner_matching') && !project.findOpen('change_request') && !project.changeRequested;
    if (done()) break;
    if (project.changeRequested && !changeOpen) {
      const change = project.changeRequested;
      await project.open('change_request', { alongside: true, decider: changeDecider(change.kind, change.budgetDeltaVnd, project.limits), change });
      project.changeRequested = null;
      continue;
    }
    if (!project.coverageNow().complete && !matchingOpen) {
      // A partner withdrew (R10): matching reopens for what it leaves uncovered.
      await project.open('partner_matching', { alongside: true });
      continue;
    }
    if (matchingOpen && project.coverageNow().complete) {
      await project.closeStep(matchingOpen.ticket, project.waived.length ? 'covered_with_waiver' : 'covered');
      continue;
    }
    if (changeOpen && project.pending.some((p) => p.stepId === changeOpen.ticket.stepId)) {
      const outcome = project.settle(changeOpen);
      if (outcome && outcome.choice !== 'no_quorum') {
        const approved = outcome.choice === 'approve';
        const applied = await acts.applyChange({ projectId: project.input.projectId, stepId: changeOpen.ticket.stepId, approved, unitCode: project.input.unitCode, at: new Date(Date.now()).toISOString() });
        if (applied.planTotalVnd !== null) project.planTotalVnd = applied.planTotalVnd;
        project.milestones = project.milestones.map((m) => ({ ...m, dueAt: applied.milestoneDueAt[m.code] ?? m.dueAt }));
        await project.closeStep(changeOpen.ticket, outcome.choice === 'approve' ? 'approved' : 'rejected');
      } else if (outcome) {
        await project.closeStep(changeOpen.ticket, 'no_quorum');
      }
      continue;
    }
    const seen = project.version;
    const waitingOnChange = changeOpen?.ticket.stepId;
    await project.waitUntil(
      () =>
        project.version !== seen ||
        done() ||
        (waitingOnChange !== undefined && project.pending.some((p) => p.stepId === waitingOnChange)) ||
        (!project.coverageNow().complete && !project.findOpen('partner_matching')),
    );
  }
  await project.closeStep(project.findOpen('execution')!.ticket, 'completed', 'impact_evaluation');
}

/** Indicators and the report, the citizens' feedback window, the verification and the board's sign-off (R8, R19, R21). */
export async function impactEvaluation(project: Project): Promise<{ outcome: string; recommendation: string; rationale: string }> {
  project.stage = 'impact_evaluation';
  if (!project.feedbackClosesAt) {
    const override = project.input.slaOverrides?.feedback_window;
    const window = await acts.openFeedbackWindow({ projectId: project.input.projectId, unitCode: project.input.unitCode, openedAt: new Date(Date.now()).toISOString(), ...(override ? { slaOverride: override } : {}) });
    project.feedbackClosesAt = window.closesAt;
  }
  for (;;) {
    if (!project.reportSubmitted) {
      if (!project.findOpen('impact_reporting')) await project.open('impact_reporting');
      const outcome = await project.outcomeOf('impact_reporting');
      if (outcome === 'interrupted') continue;
      project.reportSubmitted = true;
      await project.closeStep(project.findOpen('impact_reporting')!.ticket, 'submitted');
    }
    if (!project.verified) {
      // Verification waits for the citizens' feedback window to close (R8, R19).
      await project.waitUntil(() => project.feedbackClosed);
      if (!project.findOpen('impact_verification')) await project.open('impact_verification');
      const outcome = await project.outcomeOf('impact_verification');
      if (outcome === 'interrupted') continue;
      await project.closeStep(project.findOpen('impact_verification')!.ticket, outcome.choice === 'accept' ? 'verified' : 'disputed');
      if (outcome.choice !== 'accept') {
        // Disputed: the lead team reports again (R21).
        project.reportSubmitted = false;
        continue;
      }
      project.verified = true;
    }
    if (!project.findOpen('board_signoff')) await project.open('board_signoff');
    const signoff = await project.outcomeOf('board_signoff');
    if (signoff === 'interrupted') continue;
    const d = signoff.decision!;
    return { outcome: d.outcome!, recommendation: d.recommendation!, rationale: d.rationale ?? '' };
  }
}
