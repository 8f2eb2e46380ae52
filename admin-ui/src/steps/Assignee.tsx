import { Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { SelectInput, TextInput, useDataProvider, usePermissions, useTranslate } from 'react-admin';
import { ReassignmentBody } from '../../../domain/schemas';
import { canReassignSteps } from '../auth/canAccess';
import type { AppDataProvider } from '../data/dataProvider';
import { CommandDialog } from '../projects/actions/CommandDialog';
import { useStepTypeLabel } from '../projects/StatusChips';
import type { Role } from '../types';

/** The step's accountable person, or that no one is assigned yet (issue 13, R20). */
export const AssigneeName = ({ name, variant = 'body2' }: { name: string | null | undefined; variant?: 'body2' | 'caption' }) => {
  const translate = useTranslate();
  return (
    <Typography variant={variant} component="span" data-testid="step-assignee" color={name ? undefined : 'warning.main'}>
      {name ?? translate('app.assignee.none')}
    </Typography>
  );
};

/** "Người phụ trách: …" on one line, for cards. */
export const AssigneeLine = ({ name }: { name: string | null | undefined }) => {
  const translate = useTranslate();
  return (
    <Typography variant="caption" component="div" color="text.secondary">
      {translate('app.assignee.label')}: <AssigneeName name={name} variant="caption" />
    </Typography>
  );
};

/**
 * Reassigns an open step with a reason (POST /api/steps/:id/assignee). Shown only when the API says
 * the caller may (a coordinator or admin, or the lead of the step's team) and someone else fits.
 */
export const ReassignForm = ({ stepId, stepType }: { stepId: string; stepType: string }) => {
  const dataProvider = useDataProvider<AppDataProvider>();
  const { permissions } = usePermissions<Role>();
  const stepTypeLabel = useStepTypeLabel();
  const translate = useTranslate();
  const { data } = useQuery({
    queryKey: ['steps', 'assignees', stepId],
    queryFn: () => dataProvider.stepAssignees(stepId),
    enabled: permissions !== undefined && canReassignSteps(permissions),
  });
  if (!data?.mayReassign) return null;
  if (data.people.length === 0)
    return (
      <Typography variant="caption" color="text.secondary" data-testid="reassign-no-one">
        {translate('app.assignee.no_one')}
      </Typography>
    );
  return (
    <CommandDialog
      testId="action-reassign"
      label="app.assignee.button"
      title="app.assignee.title"
      titleArgs={{ step: stepTypeLabel(stepType) }}
      intro="app.assignee.intro"
      schema={ReassignmentBody}
      buttonProps={{ size: 'small' }}
      toBody={(v) => ({ assigneeUserId: String(v.assigneeUserId ?? ''), reason: String(v.reason ?? '') })}
      send={(body) => dataProvider.reassignStep(stepId, body)}
    >
      <SelectInput
        source="assigneeUserId"
        label="app.assignee.person"
        choices={data.people.map((p) => ({ id: p.id, name: p.teamCode ? `${p.displayName} (${p.teamCode})` : p.displayName }))}
        translateChoice={false}
        fullWidth
      />
      <TextInput source="reason" label="app.assignee.reason" multiline minRows={2} fullWidth />
    </CommandDialog>
  );
};
