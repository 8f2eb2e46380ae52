import NavigateBeforeIcon from '@mui/icons-material/NavigateBefore';
import NavigateNextIcon from '@mui/icons-material/NavigateNext';
import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import ExpandLessIcon from '@mui/icons-material/ExpandLess';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import { Box, Button, Chip, Collapse, Divider, Link as MuiLink, Stack, Typography, type ChipProps } from '@mui/material';
import { useState } from 'react';
import { Link, ListButton, Show, TopToolbar, useCanAccess, useCreatePath, useRecordContext, useTranslate } from 'react-admin';
import { temporalWorkflowUrl } from '../config';
import { useFormat } from '../i18n/useFormat';
import { Fact, FactGrid, Section } from '../layout/Facts';
import { useStepTypeLabel } from '../projects/StatusChips';
import { ActorName, EntryChoice, FullHash } from './LedgerFields';
import { ShowErrorState } from '../layout/LoadStates';
import type { LedgerEntry } from './types';
import { useLedgerVerdict } from './useLedgerVerdict';
import { entryStanding, type EntryStanding } from './verdict';
import { useEntrySentence } from './useEntrySentence';

const STANDING_COLOR: Record<EntryStanding, ChipProps['color']> = {
  verified: 'success',
  broken_here: 'error',
  after_break: 'error',
  not_yet_checked: 'default',
};

/** Walk the chain one entry at a time (seq is the id). */
const ChainNavigation = () => {
  const entry = useRecordContext<LedgerEntry>();
  const translate = useTranslate();
  const createPath = useCreatePath();
  if (!entry) return null;
  const to = (seq: number) => createPath({ resource: 'decisions', id: seq, type: 'show' });
  return (
    <>
      <Button component={Link} to={to(entry.seq - 1)} size="small" startIcon={<NavigateBeforeIcon />} disabled={entry.seq <= 1} data-testid="entry-previous">
        {translate('app.audit.entry.previous')}
      </Button>
      <Button component={Link} to={to(entry.seq + 1)} size="small" endIcon={<NavigateNextIcon />} data-testid="entry-next">
        {translate('app.audit.entry.next')}
      </Button>
    </>
  );
};

const EntryActions = () => (
  <TopToolbar>
    <ChainNavigation />
    <ListButton />
  </TopToolbar>
);

const StandingChip = ({ seq }: { seq: number }) => {
  const translate = useTranslate();
  const { mayVerify, data: verdict } = useLedgerVerdict();
  if (!mayVerify || !verdict) return null;
  const standing = entryStanding(verdict, seq);
  return <Chip size="small" data-testid="entry-standing" data-standing={standing} color={STANDING_COLOR[standing]} label={translate(`app.audit.standing.${standing}`)} />;
};

const field = (name: keyof LedgerEntry) => `resources.decisions.fields.${name}`;

/** What the command carried, as recorded (the JSON that is hashed), folded until asked for. */
const EntryDetails = ({ details }: { details: LedgerEntry['details'] }) => {
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  if (!details) return <>—</>;
  return (
    <>
      <Button size="small" data-testid="entry-details-toggle" aria-expanded={open} onClick={() => setOpen(!open)} endIcon={open ? <ExpandLessIcon /> : <ExpandMoreIcon />}>
        {translate(open ? 'app.audit.entry.hide_details' : 'app.audit.entry.show_details')}
      </Button>
      <Collapse in={open} unmountOnExit>
        <Box component="pre" data-testid="entry-details" sx={{ m: 0, p: 1, bgcolor: 'action.hover', borderRadius: 1, overflowX: 'auto', fontSize: '0.8rem' }}>
          {JSON.stringify(details, null, 2)}
        </Box>
      </Collapse>
    </>
  );
};

const EntryView = () => {
  const entry = useRecordContext<LedgerEntry>();
  const translate = useTranslate();
  const format = useFormat();
  const stepTypeLabel = useStepTypeLabel();
  const createPath = useCreatePath();
  const sentence = useEntrySentence();
  const { canAccess: canOpenPerson } = useCanAccess({ resource: 'users', action: 'show' });
  const { canAccess: canOpenTemporal } = useCanAccess({ resource: 'temporal', action: 'show' });
  if (!entry) return null;
  const evidence = entry.evidence ?? [];
  return (
    <Box sx={{ p: 2 }} data-testid="ledger-entry" data-seq={entry.seq}>
      <Box component="header">
        <Typography variant="overline" color="text.secondary">
          {translate('app.ledger.seq')} {entry.seq} · {entry.projectCode ?? entry.projectId}
        </Typography>
        <Typography variant="h5" component="h1" sx={{ mb: 1 }}>
          {stepTypeLabel(entry.stepType)} — {entry.actorName}
        </Typography>
        <Typography variant="subtitle1" data-testid="entry-sentence" data-choice={entry.choice} sx={{ mb: 1 }}>
          {sentence(entry)}
        </Typography>
        <Stack direction="row" spacing={1} sx={{ mb: 1 }}>
          <EntryChoice choice={entry.choice} />
          <StandingChip seq={entry.seq} />
        </Stack>
      </Box>
      <Divider sx={{ mt: 2 }} />

      <Section title="app.audit.entry.decision">
        <FactGrid min={220}>
        <Fact label={field('decidedAt')}>{format.dateTime(entry.decidedAt)}</Fact>
        <Fact label={field('actorName')}>
          <ActorName entry={entry} />
          {canOpenPerson === true && (
            <MuiLink component={Link} to={createPath({ resource: 'users', id: entry.actorUserId, type: 'show' })} variant="body2" data-testid="entry-person">
              {translate('app.audit.entry.open_trail')}
            </MuiLink>
          )}
        </Fact>
        <Fact label={field('choice')}>
          <EntryChoice choice={entry.choice} />
        </Fact>
        <Fact label={field('policyVersion')}>v{entry.policyVersion}</Fact>
        <Fact label={field('rationale')} wide>
          <Box sx={{ whiteSpace: 'pre-line' }}>{entry.rationale || '—'}</Box>
        </Fact>
        <Fact label={field('evidence')} wide>
          {evidence.length === 0
            ? translate('app.audit.entry.no_evidence')
            : evidence.map((url) => (
                <MuiLink key={url} href={url} target="_blank" rel="noopener noreferrer" sx={{ display: 'block', wordBreak: 'break-all' }}>
                  {url}
                </MuiLink>
              ))}
        </Fact>
        <Fact label={field('conflictOfInterest')} wide>
          <Box sx={{ whiteSpace: 'pre-line' }}>{entry.conflictOfInterest || translate('app.audit.entry.no_conflict')}</Box>
        </Fact>
        </FactGrid>
      </Section>

      <Section title="app.audit.entry.details">
        <FactGrid min={220}>
        <Fact label={field('details')} wide>
          <EntryDetails details={entry.details} />
        </Fact>
        </FactGrid>
      </Section>

      <Section title="app.audit.entry.record">
        <FactGrid min={220}>
        <Fact label={field('projectCode')}>
          <MuiLink component={Link} to={createPath({ resource: 'projects', id: entry.projectId, type: 'show' })}>
            {entry.projectCode ?? translate('app.audit.entry.open_project')}
          </MuiLink>
        </Fact>
        <Fact label={field('stepType')}>{stepTypeLabel(entry.stepType)}</Fact>
        <Fact label={field('stepId')}>
          <FullHash hash={entry.stepId} />
        </Fact>
        <Fact label={field('workflowId')}>
          {canOpenTemporal === true ? (
            <MuiLink href={temporalWorkflowUrl(entry.workflowId)} target="_blank" rel="noopener noreferrer" sx={{ wordBreak: 'break-all' }} data-testid="temporal-link">
              {entry.workflowId} <OpenInNewIcon sx={{ fontSize: '0.9rem', verticalAlign: 'middle' }} />
            </MuiLink>
          ) : (
            <FullHash hash={entry.workflowId} />
          )}
        </Fact>
        <Fact label={field('runId')}>
          <FullHash hash={entry.runId} />
        </Fact>
        <Fact label={field('updateId')}>
          <FullHash hash={entry.updateId} />
        </Fact>
        </FactGrid>
      </Section>

      <Section title="app.audit.entry.chain">
        <FactGrid min={220}>
        <Fact label={field('prevHash')} wide>
          <FullHash hash={entry.prevHash} testId="entry-prev-hash" />
        </Fact>
        <Fact label={field('hash')} wide>
          <FullHash hash={entry.hash} testId="entry-hash" />
        </Fact>
        </FactGrid>
      </Section>
    </Box>
  );
};

/** Every field of one ledger entry, its place in the chain and, for auditors, whether it verifies. */
export const LedgerEntryShow = () => (
  // The error state says what failed and what to do, instead of react-admin's redirect to the list.
  <Show
    actions={<EntryActions />}
    queryOptions={{ onError: () => undefined }}
    error={<ShowErrorState title="app.audit.entry.error" help="app.audit.entry.error_help" />}
  >
    <EntryView />
  </Show>
);
