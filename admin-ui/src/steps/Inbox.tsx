import { Alert, Box, Button, Card, CardActions, CardContent, Stack, Typography } from '@mui/material';
import { Link } from 'react-router-dom';
import { Loading, Title, useGetList, useGetOne, useTranslate } from 'react-admin';
import { useFormat } from '../i18n/useFormat';
import { ErrorState } from '../layout/LoadStates';
import { DecisionButtons } from '../projects/DecisionPanel';
import { ChoiceChip, SlaChip, useStepTypeLabel } from '../projects/StatusChips';
import type { ProjectDetail, StepRow } from '../types';
import { DeadlineChip, EscalationChip } from './DeadlineChip';
import { AssigneeLine } from './Assignee';
import { DecisionContext } from './DecisionContext';
import { WaitingFor } from './WaitingFor';
import { StepRecusals, useRecusalReason } from './Recusals';

/** Votes so far and what quorum still needs (R4): the board member sees where the vote stands. */
export const VoteStanding = ({ vote }: { vote: NonNullable<StepRow['vote']> }) => {
  const translate = useTranslate();
  return (
    <Box data-testid="vote-standing" data-still-needed={vote.stillNeeded}>
      <Typography variant="body2">{translate('app.inbox.votes_so_far', vote)}</Typography>
      <Typography variant="body2" color={vote.stillNeeded > 0 ? 'warning.main' : 'success.main'}>
        {vote.stillNeeded > 0 ? translate('app.inbox.quorum_needed', { smart_count: vote.stillNeeded }) : translate('app.inbox.quorum_met')} ·{' '}
        {translate(vote.majority === 'two_thirds' ? 'app.inbox.majority_two_thirds' : 'app.inbox.majority_simple')}
      </Typography>
    </Box>
  );
};

/** Why the caller may not take part, or how they voted; otherwise the buttons to decide. */
export const MyPart = ({ step }: { step: StepRow }) => {
  const translate = useTranslate();
  const reasonOf = useRecusalReason();
  if (step.recusal)
    return (
      <Alert severity="info" data-testid="recusal-notice" data-code={step.recusal.code ?? ''}>
        {translate('app.inbox.recused', { reason: reasonOf(step.recusal) })}
      </Alert>
    );
  if (step.myVote)
    return (
      <Typography variant="body2" data-testid="my-vote">
        {translate('app.inbox.you_voted', { choice: translate(`app.choice.${step.myVote}`, { _: step.myVote }) })} <ChoiceChip choice={step.myVote as never} />
      </Typography>
    );
  return step.canDecide ? <DecisionButtons step={step} /> : null;
};

/** A returned proposal: the coordinator's reason, so the proposer knows what to fix before opening anything. */
const ReturnReason = ({ projectId }: { projectId: string }) => {
  const translate = useTranslate();
  const { data } = useGetOne<ProjectDetail>('projects', { id: projectId }, { staleTime: 30_000 });
  const returned = data?.decisions ? [...data.decisions].reverse().find((d) => d.choice === 'return') : undefined;
  if (!returned) return null;
  return (
    <Alert severity="warning" sx={{ mt: 1 }} data-testid="inbox-return-reason">
      {translate('app.inbox.returned_by', { actor: returned.actorName, reason: returned.rationale || '—' })}
    </Alert>
  );
};

const InboxItem = ({ step }: { step: StepRow }) => {
  const translate = useTranslate();
  const format = useFormat();
  const stepTypeLabel = useStepTypeLabel();
  return (
    <Card variant="outlined" data-testid="inbox-item" data-step={step.id}>
      <CardContent>
        <Typography variant="overline" color="text.secondary">
          {step.projectCode} · {stepTypeLabel(step.type)}
        </Typography>
        <Typography variant="h6" component="h2">
          {step.projectTitle}
        </Typography>
        <DecisionContext step={step} />
        <AssigneeLine name={step.assigneeName} />
        {step.type === 'resubmission' && <ReturnReason projectId={step.projectId} />}
        <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', my: 1, alignItems: 'center' }}>
          <Typography variant="body2">{translate('app.inbox.decide_by', { date: format.dateTime(step.dueAt) })}</Typography>
          <SlaChip status={step.slaStatus} stepType={step.type} />
          <DeadlineChip workingDaysLeft={step.workingDaysLeft} />
          <EscalationChip level={step.escalationLevel} />
        </Stack>
        {step.vote && <VoteStanding vote={step.vote} />}
        <WaitingFor people={step.waitingFor} vote={step.vote} />
        <StepRecusals step={step} />
      </CardContent>
      <CardActions sx={{ flexWrap: 'wrap', gap: 1, px: 2, pb: 2 }}>
        <MyPart step={step} />
        <Button size="small" component={Link} to={`/projects/${step.projectId}/show`}>
          {translate('app.inbox.open_project')}
        </Button>
      </CardActions>
    </Card>
  );
};

/** A board member's (or any decider's) pending decisions, most urgent first (R4, R20). */
export const Inbox = () => {
  const translate = useTranslate();
  const { data, isPending, error, refetch } = useGetList<StepRow>('steps', { pagination: { page: 1, perPage: 100 }, sort: { field: 'dueAt', order: 'ASC' }, filter: { awaitingMe: true } });
  return (
    <Box sx={{ p: 2, maxWidth: 960 }} data-testid="inbox">
      <Title title="app.inbox.title" />
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {translate('app.inbox.intro')}
      </Typography>
      {error ? (
        <ErrorState error={error} title="app.errors.load_failed" help="app.errors.load_help" onRetry={() => void refetch()} testId="load-error" />
      ) : isPending ? (
        <Loading />
      ) : data.length === 0 ? (
        <Alert severity="success" data-testid="inbox-empty">
          {translate('app.inbox.empty')} {translate('app.inbox.empty_hint')}
        </Alert>
      ) : (
        <Stack spacing={2}>
          {data.map((step) => (
            <InboxItem key={step.id} step={step} />
          ))}
        </Stack>
      )}
    </Box>
  );
};
