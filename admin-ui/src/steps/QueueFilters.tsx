import SearchIcon from '@mui/icons-material/Search';
import { Chip, InputAdornment, Stack, TextField } from '@mui/material';
import { useEffect, useState } from 'react';
import { useTranslate } from 'react-admin';
import { QUEUES, type Queue } from '../../../domain/queues';

export interface QueueValue {
  queues: Queue[];
  search: string;
}

/** Waits this long after the last key before searching. */
const SEARCH_DELAY_MS = 300;

/**
 * The queues a team lead works from (mine, late, due this week, waiting for others; several narrow
 * together) and a search by code or title: server-side filters of the steps list and the pipeline.
 */
export const QueueFilters = ({ value, onChange, testId }: { value: QueueValue; onChange: (next: QueueValue) => void; testId: string }) => {
  const translate = useTranslate();
  const [text, setText] = useState(value.search);
  useEffect(() => setText(value.search), [value.search]);
  useEffect(() => {
    if (text.trim() === value.search) return;
    const timer = setTimeout(() => onChange({ ...value, search: text.trim() }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, value, onChange]);
  const toggle = (queue: Queue) => onChange({ ...value, queues: value.queues.includes(queue) ? value.queues.filter((q) => q !== queue) : [...value.queues, queue] });
  return (
    <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }} data-testid={testId} role="group" aria-label={translate('app.work.queue_label')}>
      {QUEUES.map((queue) => {
        const on = value.queues.includes(queue);
        return (
          <Chip
            key={queue}
            data-testid={`queue-${queue}`}
            data-on={on}
            aria-pressed={on}
            label={translate(`app.work.queue.${queue}`)}
            color={on ? 'primary' : 'default'}
            variant={on ? 'filled' : 'outlined'}
            onClick={() => toggle(queue)}
          />
        );
      })}
      <TextField
        size="small"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={translate('app.work.search')}
        slotProps={{ htmlInput: { 'data-testid': `${testId}-search`, 'aria-label': translate('app.work.search'), maxLength: 200 }, input: { startAdornment: <InputAdornment position="start"><SearchIcon fontSize="small" /></InputAdornment> } }}
        sx={{ width: { xs: '100%', sm: 320 } }}
      />
    </Stack>
  );
};

/** The list filter of a queue choice: only what is set. */
export const queueFilter = ({ queues, search }: QueueValue): { queue?: Queue[]; q?: string } => ({ ...(queues.length && { queue: queues }), ...(search && { q: search }) });
