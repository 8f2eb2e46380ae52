import { Box, Divider, List, ListItem, ListItemText, Stack, Typography } from '@mui/material';
import { useGetOne, useTranslate } from 'react-admin';
import { useFormat } from '../i18n/useFormat';
import { Fact, FactGrid } from '../layout/Facts';
import { ChoiceChip } from '../projects/StatusChips';
import { TeamName } from '../projects/teams';
import type { ProjectDetail, StepRow } from '../types';
import { fundingMix, recusalReason, screeningNote, votesOnStep } from './context';

/**
 * What a decider needs without reading the whole project page (R4, R21): the screening note, the
 * category, team, budget and funding mix, who has voted and how, and who was left out and why.
 */
export const DecisionContext = ({ step }: { step: StepRow }) => {
  const translate = useTranslate();
  const format = useFormat();
  const { data } = useGetOne<ProjectDetail>('projects', { id: step.projectId }, { staleTime: 30_000 });
  if (!data) return null;
  const note = screeningNote(data.decisions);
  const mix = fundingMix(data.pledges);
  const votes = votesOnStep(data.decisions, step.id);
  const readReason = (reason: string) => {
    const known = recusalReason(reason);
    return known ? translate(known.key, known.options) : reason;
  };
  return (
    <Box data-testid="decision-context" sx={{ mt: 1 }}>
      <Typography variant="body2" color="text.secondary" sx={{ whiteSpace: 'pre-line' }} data-testid="inbox-summary">
        {data.summary}
      </Typography>
      <Typography variant="caption" color="text.secondary">
        {translate('app.work.context.proposer', { name: data.proposerName })}
      </Typography>
      <Box data-testid="context-screening-note" sx={{ my: 1, pl: 1.5, borderLeft: 3, borderColor: 'divider' }}>
        {note ? (
          <>
            <Typography variant="caption" color="text.secondary">
              {translate('app.work.context.screening_note', { actor: note.actorName })}
            </Typography>
            <Typography variant="body2" sx={{ whiteSpace: 'pre-line' }}>
              {note.rationale}
            </Typography>
          </>
        ) : (
          <Typography variant="body2" color="text.secondary">
            {translate('app.work.context.no_screening_note')}
          </Typography>
        )}
      </Box>
      <FactGrid min={160}>
        <Fact label="app.work.context.category">
          <span data-testid="context-category">{translate(`app.category.${data.category}`)}</span>
        </Fact>
        <Fact label="app.work.context.team">
          <TeamName unitCode={data.unitCode} code={data.leadTeamCode} />
        </Fact>
        <Fact label="app.work.context.budget">
          <span data-testid="context-budget">{format.money(data.requestedBudgetVnd)}</span>
        </Fact>
        {data.plannedBudgetVnd !== null && <Fact label="app.work.context.planned">{format.money(data.plannedBudgetVnd)}</Fact>}
        <Fact label="app.work.context.funding_mix">
          <span data-testid="context-funding-mix">
            {mix.length === 0 ? translate('app.work.context.no_pledges') : mix.map((m) => `${translate(`app.funding_source.${m.source}`)} ${format.money(m.valueVnd)}`).join(' · ')}
          </span>
        </Fact>
      </FactGrid>
      <Divider sx={{ my: 1 }} />
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
        <Box sx={{ flex: 1 }} data-testid="context-votes">
          <Typography variant="subtitle2">{translate('app.work.context.votes')}</Typography>
          {votes.length === 0 ? (
            <Typography variant="body2" color="text.secondary">
              {translate('app.work.context.no_votes')}
            </Typography>
          ) : (
            <List dense disablePadding>
              {votes.map((v) => (
                <ListItem key={v.seq} disableGutters data-testid="context-vote" data-choice={v.choice}>
                  <ListItemText primary={<Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}><span>{v.actorName}</span><ChoiceChip choice={v.choice} /></Stack>} secondary={v.rationale} />
                </ListItem>
              ))}
            </List>
          )}
        </Box>
        <Box sx={{ flex: 1 }} data-testid="context-recused">
          <Typography variant="subtitle2">{translate('app.work.context.recused')}</Typography>
          {step.recused.length === 0 ? (
            <Typography variant="body2" color="text.secondary">
              {translate('app.work.context.no_recused')}
            </Typography>
          ) : (
            <List dense disablePadding>
              {step.recused.map((r) => (
                <ListItem key={r.userId} disableGutters>
                  <ListItemText primary={r.displayName} secondary={readReason(r.reason)} />
                </ListItem>
              ))}
            </List>
          )}
        </Box>
      </Stack>
    </Box>
  );
};
