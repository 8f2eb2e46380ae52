import { Alert, Box, Stack, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { StepRow } from '../types';

type RecusalLike = { reason: string; code: string | null };

/** The detail a recorded reason carries after its fixed part ("declared conflict of interest: <what was declared>"). */
const detailOf = (reason: string) => {
  const at = reason.indexOf(': ');
  return at < 0 ? '' : reason.slice(at + 2);
};

/** Why someone was left out of a step, in the console's language; a reason recorded before codes were kept is shown as it is. */
export function useRecusalReason(): (r: RecusalLike) => string {
  const translate = useTranslate();
  return (r) => (r.code ? translate(`app.separation.reason.${r.code}`, { detail: detailOf(r.reason), _: r.reason }) : r.reason);
}

/**
 * Who was left out of an open step and why, and the authority it went to when the
 * separation-of-duties rule left its usual deciders out (R18, R21): shown to everyone who sees the step.
 */
export const StepRecusals = ({ step }: { step: Pick<StepRow, 'recusals' | 'fallbackAuthority' | 'separationRuleVersion'> }) => {
  const translate = useTranslate();
  const reasonOf = useRecusalReason();
  if (step.recusals.length === 0 && !step.fallbackAuthority) return null;
  return (
    <Stack spacing={1} data-testid="step-recusals" data-fallback={step.fallbackAuthority ?? ''}>
      {step.fallbackAuthority && (
        <Alert severity="info" data-testid="step-fallback">
          {translate('app.separation.fallback', {
            authority: translate(`app.separation.authority.${step.fallbackAuthority}`, { _: step.fallbackAuthority }),
            version: step.separationRuleVersion ?? 0,
          })}
        </Alert>
      )}
      {step.recusals.length > 0 && (
        <Box>
          <Typography variant="subtitle2">{translate('app.project.recusals')}</Typography>
          <Box component="ul" sx={{ my: 0.5, pl: 3 }}>
            {step.recusals.map((r) => (
              <Typography component="li" variant="body2" key={r.userId} data-testid="step-recusal" data-code={r.code ?? ''}>
                {r.name ?? translate('app.separation.someone')}: {reasonOf(r)}
                {r.ruleVersion !== null && (
                  <Typography component="span" variant="caption" color="text.secondary">
                    {' '}
                    ({translate('app.separation.rule_version', { version: r.ruleVersion })})
                  </Typography>
                )}
              </Typography>
            ))}
          </Box>
        </Box>
      )}
    </Stack>
  );
};
