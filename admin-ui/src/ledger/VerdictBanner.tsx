import ReplayIcon from '@mui/icons-material/Replay';
import { Alert, AlertTitle, Box, Button, CircularProgress } from '@mui/material';
import { useTranslate } from 'react-admin';
import { useErrorText } from '../layout/LoadStates';
import { useLedgerVerdict } from './useLedgerVerdict';
import { verdictMessage } from './verdict';

/**
 * R21: whether the ledger can be trusted, said plainly above it: "verified up to entry N" or
 * "broken at entry N: why". Only for the roles the API lets verify (auditor, admin).
 */
export const VerdictBanner = () => {
  const translate = useTranslate();
  const errorText = useErrorText();
  const { mayVerify, data: verdict, error, isPending, isFetching, refetch } = useLedgerVerdict();
  if (!mayVerify) return null;

  const recheck = (
    <Button color="inherit" size="small" startIcon={<ReplayIcon />} disabled={isFetching} onClick={() => void refetch()} sx={{ whiteSpace: 'nowrap' }}>
      {translate('app.audit.verdict.recheck')}
    </Button>
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
