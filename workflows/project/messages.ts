import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { DeciderReview } from '../../domain/deciders';
import type { DecisionCommand, FeedbackInput, ProjectStateView, StageCommand } from '../../domain/project';

export const submitUpdate = defineUpdate<ProjectStateView, []>('submit');
export const decideUpdate = defineUpdate<ProjectStateView, [DecisionCommand]>('decide');
export const commandUpdate = defineUpdate<ProjectStateView, [StageCommand]>('command');
export const feedbackUpdate = defineUpdate<{ accepted: true }, [FeedbackInput]>('feedback');
export const stateQuery = defineQuery<ProjectStateView>('state');
/** Reference data that may change who decides changed in the project's unit (issue 13): re-evaluate the open steps. */
export const reevaluateDecidersSignal = defineSignal<[DeciderReview]>('reevaluateDeciders');

export const ProjectStageKey = defineSearchAttributeKey('ProjectStage', SearchAttributeType.KEYWORD);
export const SlaStatusKey = defineSearchAttributeKey('SlaStatus', SearchAttributeType.KEYWORD);
export const UnitCodeKey = defineSearchAttributeKey('UnitCode', SearchAttributeType.KEYWORD);
export const LeadTeamKey = defineSearchAttributeKey('LeadTeam', SearchAttributeType.KEYWORD);
export const NextDueAtKey = defineSearchAttributeKey('NextDueAt', SearchAttributeType.DATETIME);
