import { Stack, Typography } from '@mui/material';
import { useGetIdentity, useGetList, useTranslate } from 'react-admin';
import type { ProjectDetail, Role } from '../../types';
import { hasAnyAction, livePartners, projectActions, type ProjectActionSet, type Viewer } from './eligibility';
import { InvitePartners } from './InvitePartners';
import { CancellationForm, ChangeRequestForm, PlanForm, PledgeForm, WaiverForm, WithdrawalForm } from './StageForms';
import type { BoardMember } from '../../../../contract/types';

type BoardSeat = BoardMember;

/** Who is looking: role and team from the session, and whether they chair the board (board seats list). */
export function useViewer(): Viewer | null {
  const { identity } = useGetIdentity();
  const role = identity?.role as Role | undefined;
  const { data: seats } = useGetList<BoardSeat>('board-members', { pagination: { page: 1, perPage: 100 }, sort: { field: 'displayName', order: 'ASC' }, filter: { current: true } }, { enabled: role === 'board_member', staleTime: 60_000 });
  if (!identity || !role) return null;
  const isChair = role === 'board_member' && Boolean(seats?.some((s) => s.userId === identity.id && s.isChair));
  return { role, teamCode: (identity.teamCode as string | null) ?? null, isChair };
}

/** The commands the viewer may send on this project now, each a small form (R18: only those they may use). */
export const ProjectActions = ({ project, actions }: { project: ProjectDetail; actions: ProjectActionSet }) => {
  const translate = useTranslate();
  if (!hasAnyAction({ ...actions, completeMilestones: [], indicators: false, extend: false })) return null;
  return (
    <Stack spacing={2} data-testid="project-actions" sx={{ mt: 3 }}>
      <Typography variant="h6" component="h2">
        {translate('app.actions.title')}
      </Typography>
      {actions.invite.length > 0 && <InvitePartners project={project} capabilities={actions.invite} />}
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
        {actions.plan && <PlanForm project={project} />}
        {actions.pledge && <PledgeForm project={project} partners={livePartners(project)} />}
        {actions.changeRequest && <ChangeRequestForm project={project} />}
        {actions.waiveCapability.length > 0 && <WaiverForm project={project} gap="capability" capabilities={actions.waiveCapability} />}
        {actions.waiveSocialization && <WaiverForm project={project} gap="socialization" />}
        {actions.withdraw.length > 0 && <WithdrawalForm project={project} partners={actions.withdraw} />}
        {actions.cancel && <CancellationForm project={project} />}
      </Stack>
    </Stack>
  );
};

export { projectActions };
