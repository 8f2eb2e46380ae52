import { Alert, Box, Button, Chip, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { useDataProvider, useLocaleState, useNotify, useRefresh, useTranslate } from 'react-admin';
import { InvitationBody } from '../../../../domain/schemas';
import type { AppDataProvider } from '../../data/dataProvider';
import { asAppLocale } from '../../i18n/locale';
import { useFormat } from '../../i18n/useFormat';
import type { ProjectDetail } from '../../types';
import { schemaErrors } from './commandForm';
import { reasonText } from './reasons';

type Candidate = ProjectDetail['candidates'][number];

const Reasons = ({ reasons }: { reasons: string[] }) => {
  const translate = useTranslate();
  return (
    <Box component="ul" sx={{ m: 0, pl: 2 }} data-testid="candidate-reasons">
      {reasons.map((line) => {
        const known = reasonText(line);
        const args = known?.args.capability ? { ...known.args, capability: translate(`app.capability.${known.args.capability}`, { _: String(known.args.capability) }) } : known?.args;
        return (
          <Typography key={line} component="li" variant="caption" color="text.secondary">
            {known ? translate(known.key, args) : line}
          </Typography>
        );
      })}
    </Box>
  );
};

/** One ranked candidate: its score, the reasons, its invitation's state, and the button to invite it. */
const CandidateRow = ({ project, candidate }: { project: ProjectDetail; candidate: Candidate }) => {
  const dataProvider = useDataProvider<AppDataProvider>();
  const translate = useTranslate();
  const format = useFormat();
  const notify = useNotify();
  const refresh = useRefresh();
  const [locale] = useLocaleState();
  const [sending, setSending] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const invitation = [...project.invitations].reverse().find((i) => i.partnerId === candidate.partnerId && i.capability === candidate.capability);
  const open = invitation?.status === 'invited';

  const invite = async () => {
    const body = { partnerId: candidate.partnerId, capability: candidate.capability };
    const errors = schemaErrors(InvitationBody, body, asAppLocale(locale));
    if (Object.keys(errors).length) return setRefusal(Object.values(errors).map(String).join(' '));
    setSending(true);
    setRefusal(null);
    try {
      await dataProvider.stageCommand('invite', { id: project.id }, body);
      notify('app.actions.recorded', { type: 'success' });
      refresh();
    } catch (error) {
      setRefusal(error instanceof Error ? error.message : translate('app.errors.unexpected'));
    } finally {
      setSending(false);
    }
  };

  return (
    <Box data-testid="candidate" data-partner={candidate.partnerName} data-capability={candidate.capability} sx={{ py: 1, borderBottom: 1, borderColor: 'divider' }}>
      <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="body2" sx={{ fontWeight: 600 }}>
          {candidate.rank}. {candidate.partnerName}
        </Typography>
        <Chip size="small" label={translate('app.actions.invite.score', { score: candidate.score })} />
        {invitation && (
          <Chip
            size="small"
            variant="outlined"
            data-testid="invitation-state"
            data-status={invitation.status}
            label={translate('app.actions.invite.status', { status: translate(`app.record_status.${invitation.status}`, { _: invitation.status }), due: format.dateTime(invitation.dueAt) })}
          />
        )}
        {!open && (
          <Button size="small" variant="contained" data-testid="invite" disabled={sending} onClick={invite}>
            {translate('app.actions.invite.button')}
          </Button>
        )}
      </Stack>
      <Reasons reasons={candidate.reasons} />
      {refusal && (
        <Alert severity="error" sx={{ mt: 1 }} data-testid="invite-refusal">
          {refusal}
        </Alert>
      )}
    </Box>
  );
};

/** R1: for each missing capability, the partners matching ranked, best first. */
export const InvitePartners = ({ project, capabilities }: { project: ProjectDetail; capabilities: string[] }) => {
  const translate = useTranslate();
  return (
    <Box data-testid="invite-partners">
      <Typography variant="subtitle1">{translate('app.actions.invite.title')}</Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {translate('app.actions.invite.intro')}
      </Typography>
      {capabilities.map((capability) => {
        const candidates = project.candidates.filter((c) => c.capability === capability);
        return (
          <Box key={capability} sx={{ mb: 2 }} data-testid="missing-capability" data-capability={capability}>
            <Typography variant="subtitle2">{translate('app.actions.invite.capability', { capability: translate(`app.capability.${capability}`, { _: capability }) })}</Typography>
            {candidates.length === 0 ? (
              <Typography variant="body2" color="text.secondary">
                {translate('app.actions.invite.no_candidates')}
              </Typography>
            ) : (
              candidates.map((candidate) => <CandidateRow key={candidate.partnerId} project={project} candidate={candidate} />)
            )}
          </Box>
        );
      })}
    </Box>
  );
};
