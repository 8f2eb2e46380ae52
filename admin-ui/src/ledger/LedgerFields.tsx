import { Box, Tooltip, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { DataTable, useTranslate } from 'react-admin';
import { useFormat } from '../i18n/useFormat';
import { ChoiceChip, useStepTypeLabel } from '../projects/StatusChips';
import type { Choice } from '../types';
import type { LedgerEntry } from './types';
import { useEntrySentence } from './useEntrySentence';

const HASH_PREFIX = 12;

/** The first characters of a hash; the whole hash on hover (and in the entry's page). */
export const ShortHash = ({ hash, tooltip = 'app.ledger.full_hash' }: { hash: string | null | undefined; tooltip?: string }) => {
  const translate = useTranslate();
  if (!hash) return <>—</>;
  return (
    <Tooltip title={translate(tooltip, { hash })}>
      <Box component="code" sx={{ fontFamily: 'monospace', fontSize: '0.8rem' }}>
        {hash.slice(0, HASH_PREFIX)}
      </Box>
    </Tooltip>
  );
};

/** A hash in full, breakable, for reading and copying. */
export const FullHash = ({ hash, testId }: { hash: string | null | undefined; testId?: string }) => (
  <Box component="code" data-testid={testId} sx={{ fontFamily: 'monospace', fontSize: '0.8rem', wordBreak: 'break-all' }}>
    {hash || '—'}
  </Box>
);

export const ActorName = ({ entry }: { entry: Pick<LedgerEntry, 'actorName' | 'actorRole'> }) => {
  const translate = useTranslate();
  return (
    <>
      {entry.actorName}
      <Typography variant="caption" color="text.secondary" component="div">
        {translate(`app.role.${entry.actorRole}`, { _: entry.actorRole })}
      </Typography>
    </>
  );
};

/** A decision or a stage command's kind; both are in app.choice, an unknown one shows by name. */
export const EntryChoice = ({ choice }: { choice: string }) => <ChoiceChip choice={choice as Choice} />;

const Column = DataTable.Col<LedgerEntry>;

/** The ledger's columns, shared by the ledger and a person's trail (which leaves out "decided by"). */
export const LedgerTable = ({ showActor = true, empty }: { showActor?: boolean; empty: ReactNode }) => {
  const format = useFormat();
  const stepTypeLabel = useStepTypeLabel();
  const sentence = useEntrySentence();
  return (
    <DataTable<LedgerEntry> rowClick="show" bulkActionButtons={false} empty={empty} sx={{ '& td': { verticalAlign: 'top' } }}>
      <Column source="seq" align="right" />
      <Column source="decidedAt" sx={{ whiteSpace: 'nowrap' }} render={(entry) => format.dateTime(entry.decidedAt)} />
      <Column source="projectCode" disableSort sx={{ whiteSpace: 'nowrap' }} render={(entry) => entry.projectCode ?? '—'} />
      <Column source="stepType" disableSort sx={{ minWidth: 96 }} render={(entry) => stepTypeLabel(entry.stepType)} />
      {showActor && <Column source="actorName" disableSort sx={{ minWidth: 120 }} render={(entry) => <ActorName entry={entry} />} />}
      <Column source="choice" disableSort render={(entry) => <EntryChoice choice={entry.choice} />} />
      <Column
        source="summary"
        disableSort
        sx={{ minWidth: 200, maxWidth: 360 }}
        render={(entry) => (
          <Box data-testid="entry-sentence" data-choice={entry.choice}>
            {sentence(entry)}
          </Box>
        )}
      />
      <Column
        source="rationale"
        disableSort
        sx={{ minWidth: 150, maxWidth: 360 }}
        render={(entry) => (
          <Box title={entry.rationale ?? undefined} sx={{ display: '-webkit-box', WebkitLineClamp: 3, WebkitBoxOrient: 'vertical', overflow: 'hidden', whiteSpace: 'pre-line' }}>
            {entry.rationale || '—'}
          </Box>
        )}
      />
      {/* The link to the entry before: this entry's hash, and below it the previous one it chains to. */}
      <Column
        source="hash"
        label="resources.decisions.fields.hashes"
        disableSort
        render={(entry) => (
          <>
            <ShortHash hash={entry.hash} />
            <Box sx={{ color: 'text.secondary' }}>
              <ShortHash hash={entry.prevHash} tooltip="app.audit.list.prev_hash_full" />
            </Box>
          </>
        )}
      />
    </DataTable>
  );
};
