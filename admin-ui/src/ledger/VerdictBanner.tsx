import ReplayIcon from '@mui/icons-material/Replay';
import VerifiedIcon from '@mui/icons-material/Verified';
import { Alert, AlertTitle, Box, Button, CircularProgress, Stack } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useCanAccess, useDataProvider, useNotify, useTranslate } from 'react-admin';
import type { AppDataProvider } from '../data/dataProvider';
import { useFormat } from '../i18n/useFormat';
import { useErrorText } from '../layout/LoadStates';
import { useLedgerVerdict } from './useLedgerVerdict';
import { verdictMessage } from './verdict';

/** An auditor (or admin) signs the chain's head now, besides the nightly run; then the verdict is asked again. */
function usePublishHead(onDone: () => void) {
  const dataProvider = useDataProvider<AppDataProvider>();
  const notify = useNotify();
  const errorText = useErrorText();
  return useMutation({
    mutationFn: () => dataProvider.publishLedgerHead(),
    onSuccess: ({ seq }) => {
      notify(seq === null ? 'app.audit.verdict.nothing_to_publish' : 'app.audit.verdict.published', { type: seq === null ? 'info' : 'success', messageArgs: { seq: seq ?? 0 } });
      onDone();
    },
    onError: (error) => notify('app.audit.verdict.publish_failed', { type: 'error', messageArgs: { message: errorText(error) } }),
  });
}

/**
 * R21: whether the ledger can be trusted, said plainly above it: "verified up to entry N" or
 * "broken at entry N: why". Only for the roles the API lets verify (auditor, admin).
 */
export const VerdictBanner = () => {
  const translate = useTranslate();
  const errorText = useErrorText();
  const format = useFormat();
  const { mayVerify, data: verdict, error, isPending, isFetching, refetch } = useLedgerVerdict();
  const { canAccess: mayPublish } = useCanAccess({ resource: 'decisions', action: 'anchor' });
  const publish = usePublishHead(() => void refetch());
  if (!mayVerify) return null;

  const recheck = (
    <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} alignItems="flex-end">
      {mayPublish && (
        <Button
          color="inherit"
          size="small"
          startIcon={<VerifiedIcon />}
          disabled={publish.isPending}
          onClick={() => publish.mutate()}
          data-testid="ledger-publish-head"
          sx={{ whiteSpace: 'nowrap' }}
        >
          {translate('app.audit.verdict.publish')}
        </Button>
      )}
      <Button color="inherit" size="small" startIcon={<ReplayIcon />} disabled={isFetching} onClick={() => void refetch()} sx={{ whiteSpace: 'nowrap' }}>
        {translate('app.audit.verdict.recheck')}
      </Button>
    </Stack>
  );

  if (isPending && !error) {
    return (
      <Alert severity="info" data-testid="ledger-verdict" data-state="checking" icon={<CircularProgress size={20} />} sx={{ mb: 1 }}>
        {translate('app.audit.verdict.checking')}
      </Alert>
    );
  }
  if (error || !verdict) {
    return (
      <Alert severity="warning" data-testid="ledger-verdict" data-state="error" action={recheck} sx={{ mb: 1 }}>
        {translate('app.audit.verdict.error', { message: errorText(error) })}
      </Alert>
    );
  }

  const message = verdictMessage(verdict);
  const reason = message.reasonKey ? translate(message.reasonKey) : '';
  return (
    <Alert
      severity={message.ok ? 'success' : 'error'}
      data-testid="ledger-verdict"
      data-ok={String(message.ok)}
      data-state="done"
      action={recheck}
      sx={{ mb: 1, '& .MuiAlert-message': { minWidth: 0 } }}
    >
      <AlertTitle>{translate(message.headline.key, { ...message.headline.params, reason })}</AlertTitle>
      <Box>{translate(message.detail.key, message.detail.params)}</Box>
      {message.signedHead && (
        <Box data-testid="ledger-signed-head" sx={{ mt: 0.5 }}>
          {translate(message.signedHead.key, { ...message.signedHead.params, at: typeof message.signedHead.params.at === 'string' ? format.dateTime(message.signedHead.params.at) : '' })}
        </Box>
      )}
      {message.mismatch && (
        <Box component="dl" sx={{ m: 0, mt: 0.5, display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 1 }}>
          <dt>{translate('app.audit.verdict.expected')}</dt>
          <Box component="dd" sx={{ m: 0, fontFamily: 'monospace', fontSize: '0.8rem', wordBreak: 'break-all' }}>
            {message.mismatch.expected}
          </Box>
          <dt>{translate('app.audit.verdict.found')}</dt>
          <Box component="dd" sx={{ m: 0, fontFamily: 'monospace', fontSize: '0.8rem', wordBreak: 'break-all' }}>
            {message.mismatch.found}
          </Box>
        </Box>
      )}
    </Alert>
  );
};
