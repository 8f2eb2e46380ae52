import { Box, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { useFormat } from '../i18n/useFormat';
import type { ProjectDetail } from '../types';

type Change = { before: unknown; after: unknown };
type Indicator = { code: string; name: string; unit: string; baseline: number; target: number };

/** The changes each resubmission made, as the ledger recorded them (R9, R21: what changed, when, by whom). */
export function resubmissionChanges(project: Pick<ProjectDetail, 'decisions'>) {
  return project.decisions
    .filter((d) => d.choice === 'resubmit' && d.details && typeof d.details.changes === 'object' && d.details.changes !== null)
    .map((d) => ({ seq: d.seq, actorName: d.actorName, decidedAt: d.decidedAt, changes: d.details!.changes as Record<string, Change> }));
}

const FIELD_LABEL: Record<string, string> = {
  title: 'resources.projects.fields.title',
  summary: 'resources.projects.fields.summary',
  requestedBudgetVnd: 'resources.projects.fields.requestedBudgetVnd',
  requiredCapabilities: 'app.actions.proposal.capabilities',
  indicators: 'app.actions.proposal.indicators',
};

const Value = ({ field, value }: { field: string; value: unknown }) => {
  const translate = useTranslate();
  const format = useFormat();
  if (value === null || value === undefined) return <>—</>;
  if (field === 'requestedBudgetVnd') return <>{format.money(Number(value))}</>;
  if (field === 'requiredCapabilities' && Array.isArray(value)) return <>{value.map((c) => translate(`app.capability.${c}`, { _: String(c) })).join(', ')}</>;
  if (field === 'indicators' && Array.isArray(value))
    return (
      <>
        {(value as Indicator[]).map((i) => (
          <Box key={i.code}>
            {i.code}: {i.name} ({i.unit}) {i.baseline} → {i.target}
          </Box>
        ))}
      </>
    );
  return <Box sx={{ whiteSpace: 'pre-line' }}>{String(value)}</Box>;
};

export const ProposalChangesSection = ({ project }: { project: ProjectDetail }) => {
  const translate = useTranslate();
  const format = useFormat();
  const rounds = resubmissionChanges(project);
  if (rounds.length === 0) return null;
  return (
    <Box data-testid="proposal-changes">
      {rounds.map((round, index) => (
        <Box key={round.seq} sx={{ mb: 2 }}>
          <Typography variant="subtitle2">
            {translate('app.actions.resubmit.round', { round: index + 1 })} · {round.actorName} · {format.dateTime(round.decidedAt)}
          </Typography>
          <TableContainer>
            <Table size="small" aria-label={translate('app.actions.resubmit.changes')}>
              <TableHead>
                <TableRow>
                  <TableCell>{translate('app.actions.resubmit.field')}</TableCell>
                  <TableCell>{translate('app.actions.resubmit.before')}</TableCell>
                  <TableCell>{translate('app.actions.resubmit.after')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {Object.entries(round.changes).map(([field, change]) => (
                  <TableRow key={field} data-testid="proposal-change" data-field={field} sx={{ verticalAlign: 'top' }}>
                    <TableCell>{translate(FIELD_LABEL[field] ?? field, { _: field })}</TableCell>
                    <TableCell sx={{ color: 'error.main', textDecoration: 'line-through' }}>
                      <Value field={field} value={change.before} />
                    </TableCell>
                    <TableCell sx={{ color: 'success.main' }}>
                      <Value field={field} value={change.after} />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        </Box>
      ))}
    </Box>
  );
};
