import HourglassEmptyIcon from '@mui/icons-material/HourglassEmpty';
import { Stack, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { waitingText } from './waiting';

/** "Waiting for Phạm Minh Anh, Đỗ Thị Lan (1/3 votes)": the people an open step waits for. */
export const WaitingFor = ({ people, vote }: { people: readonly { userId: string; displayName: string }[]; vote?: { eligible: number; outstanding: number } | null }) => {
  const translate = useTranslate();
  const text = waitingText(people, vote ?? null, (names, count) => translate('app.work.waiting_for_more', { names, smart_count: count }));
  if (!text) return null;
  return (
    <Stack direction="row" spacing={0.5} sx={{ alignItems: 'flex-start', mt: 0.5 }} data-testid="waiting-for" data-people={people.map((p) => p.userId).join(' ')}>
      <HourglassEmptyIcon fontSize="inherit" color="action" sx={{ mt: '3px' }} aria-hidden />
      <Typography variant="caption" component="span">
        {translate(text.key, text.options)}
      </Typography>
    </Stack>
  );
};
