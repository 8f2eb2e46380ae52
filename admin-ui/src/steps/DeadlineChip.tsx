import { Chip } from '@mui/material';
import { useTranslate } from 'react-admin';
import { deadlineText } from './deadline';

/** Working days left (or overdue) on the step's deadline; nothing when it has none. */
export const DeadlineChip = ({ workingDaysLeft }: { workingDaysLeft: number | null | undefined }) => {
  const translate = useTranslate();
  const text = deadlineText(workingDaysLeft);
  if (!text) return null;
  const overdue = text.key === 'app.deadline.days_overdue';
  return (
    <Chip
      data-testid="deadline-chip"
      data-days={workingDaysLeft ?? ''}
      size="small"
      variant="outlined"
      color={overdue ? 'error' : text.key === 'app.deadline.due_today' ? 'warning' : 'default'}
      // Narrow pipeline columns: wrap the words rather than cut them off.
      sx={{ height: 'auto', maxWidth: '100%', '& .MuiChip-label': { whiteSpace: 'normal', py: 0.25 } }}
      label={translate(text.key, { smart_count: text.count })}
    />
  );
};

export const EscalationChip = ({ level }: { level: number | null | undefined }) => {
  const translate = useTranslate();
  if (!level) return null;
  return <Chip data-testid="escalation-chip" size="small" color="error" variant="outlined" label={translate('app.deadline.escalation', { level })} />;
};
