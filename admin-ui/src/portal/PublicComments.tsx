import { useCallback, useEffect, useState } from 'react';
import { Alert, Box, Button, Card, CardContent, Chip, LinearProgress, Link, Stack, TextField, Typography } from '@mui/material';
import { Title, useGetIdentity, useLocaleState, usePermissions } from 'react-admin';
import type { Role } from '../../../domain/roles';
import { canAccess } from '../auth/canAccess';
import { createSessionStore } from '../auth/session';
import { newIdempotencyKey } from '../data/commandKeys';
import { createHttpClient } from '../data/httpClient';
import { currentLocale } from '../i18n/i18nProvider';
import { asAppLocale } from '../i18n/locale';
import { createFormatters } from '../i18n/format';
import { portalEn, portalVi } from './messages';
import { answerDelay, fill, portalPath } from './route';

const session = createSessionStore(window.localStorage);
const http = createHttpClient({ getToken: () => session.read()?.token ?? null, getLocale: currentLocale });
const send = (url: string, body: unknown) => http(url, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', 'Idempotency-Key': newIdempotencyKey() } });

interface StaffComment {
  id: number;
  projectCode: string;
  projectTitle: string;
  leadTeamCode: string;
  ratings: { access: number; procedure: number; officers: number; result: number; handling: number };
  comment: string | null;
  submittedAt: string;
  answer: string | null;
  answeredAt: string | null;
  hiddenReason: string | null;
  hiddenAt: string | null;
  /** Whether the caller may answer it: a lead of the project's team, its proposer (R22), a coordinator for residents. */
  mayAnswer?: boolean;
}

/** The staff's side of the residents' voice: the lead team answers in public, a coordinator hides with a reason. */
export const PublicComments = () => {
  const [locale] = useLocaleState();
  const lang = asAppLocale(locale);
  const m = lang === 'en' ? portalEn : portalVi;
  const f = createFormatters(lang);
  const { permissions: role } = usePermissions<Role>();
  const { identity } = useGetIdentity();
  const [items, setItems] = useState<StaffComment[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setItems((await http('/api/public-comments')).json as StaffComment[]);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }, []);
  useEffect(() => void load(), [load]);

  const mayAnswer = (c: StaffComment) => role !== undefined && canAccess(role, { resource: 'public-comments', action: 'answer' }) && (c.mayAnswer ?? identity?.teamCode === c.leadTeamCode) && c.comment && !c.answer && !c.hiddenAt;
  const mayHide = (c: StaffComment) => role !== undefined && canAccess(role, { resource: 'public-comments', action: 'hide' }) && !c.hiddenAt;

  return (
    <Box sx={{ p: 2, maxWidth: 900 }} data-testid="public-comments">
      <Title title={m.staff.title} />
      <Typography variant="h5" component="h1">
        {m.staff.title}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {m.staff.intro}
      </Typography>
      {error ? <Alert severity="error">{error}</Alert> : null}
      {items === null && !error ? <LinearProgress /> : null}
      {items?.length === 0 ? <Typography>{m.staff.empty}</Typography> : null}
      <Stack spacing={1.5}>
        {items?.map((c) => (
          <CommentCard key={c.id} c={c} m={m} f={f} mayAnswer={Boolean(mayAnswer(c))} mayHide={mayHide(c)} onChanged={load} />
        ))}
      </Stack>
    </Box>
  );
};

function CommentCard({ c, m, f, mayAnswer, mayHide, onChanged }: { c: StaffComment; m: typeof portalEn | typeof portalVi; f: ReturnType<typeof createFormatters>; mayAnswer: boolean; mayHide: boolean; onChanged: () => Promise<void> }) {
  const [answer, setAnswer] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const act = async (url: string, body: unknown) => {
    setBusy(true);
    setError(null);
    try {
      await send(url, body);
      await onChanged();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const delay = c.answeredAt ? answerDelay(c.submittedAt, c.answeredAt) : null;
  return (
    <Card variant="outlined" data-testid="staff-comment" data-id={c.id} sx={{ opacity: c.hiddenAt ? 0.6 : 1 }}>
      <CardContent>
        <Stack direction="row" sx={{ gap: 1, flexWrap: 'wrap', alignItems: 'center' }}>
          <Link href={portalPath({ page: 'project', code: c.projectCode })} target="_blank" rel="noopener">
            {c.projectCode}
          </Link>
          <Typography variant="body2">{c.projectTitle}</Typography>
          <Chip size="small" label={c.leadTeamCode} />
          <Typography variant="caption" color="text.secondary">
            {f.dateTime(c.submittedAt)}
          </Typography>
        </Stack>
        <Typography variant="caption" color="text.secondary">
          {fill(m.staff.ratings, c.ratings)}
        </Typography>
        <Typography variant="body1" sx={{ my: 0.5 }}>
          {c.comment ?? <em>{m.staff.only_ratings}</em>}
        </Typography>
        {c.answer && c.answeredAt && delay ? (
          <Box sx={{ pl: 1.5, borderLeft: 3, borderColor: 'primary.main', my: 1 }}>
            <Typography variant="caption" color="primary">
              {fill(m.staff.answered, { date: f.dateTime(c.answeredAt) })} · {fill(m.voice.answer, { delay: fill(m.delay[delay.unit], { n: delay.n }) })}
            </Typography>
            <Typography variant="body2">{c.answer}</Typography>
          </Box>
        ) : null}
        {c.hiddenAt ? (
          <Alert severity="warning" sx={{ my: 1 }}>
            {fill(m.staff.hidden, { date: f.dateTime(c.hiddenAt), reason: c.hiddenReason ?? '' })}
          </Alert>
        ) : null}
        {mayAnswer ? (
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ mt: 1 }}>
            <TextField size="small" fullWidth multiline label={m.staff.answer_label} value={answer} onChange={(e) => setAnswer(e.target.value)} slotProps={{ htmlInput: { 'data-testid': 'answer-text' } }} />
            <Button variant="contained" disabled={busy || answer.trim().length < 10} onClick={() => void act(`/api/public-comments/${c.id}/answer`, { answer: answer.trim() })} data-testid="answer-send">
              {m.staff.answer}
            </Button>
          </Stack>
        ) : null}
        {mayHide ? (
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ mt: 1 }}>
            <TextField size="small" fullWidth label={m.staff.hide_label} value={reason} onChange={(e) => setReason(e.target.value)} slotProps={{ htmlInput: { 'data-testid': 'hide-reason' } }} />
            <Button color="warning" variant="outlined" disabled={busy || reason.trim().length < 3} onClick={() => void act(`/api/public-comments/${c.id}/hide`, { reason: reason.trim() })} data-testid="hide-send">
              {m.staff.hide}
            </Button>
          </Stack>
        ) : null}
        {error ? <Alert severity="error" sx={{ mt: 1 }}>{error}</Alert> : null}
      </CardContent>
    </Card>
  );
}
