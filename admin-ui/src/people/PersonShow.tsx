import { Box, Chip, Divider, Stack, Typography } from '@mui/material';
import { EditButton, ListButton, Pagination, ReferenceManyField, Show, TopToolbar, useRecordContext, useTranslate } from 'react-admin';
import { LedgerTable } from '../ledger/LedgerFields';
import { EmptyState, ListErrorState, ShowErrorState } from '../layout/LoadStates';
import type { Person } from '../ledger/types';
import { TeamName, UnitName } from '../projects/teams';
import { Fact } from '../layout/Facts';

/** Every ledger entry the person made (decisions, votes, stage commands), newest first (R18, R21). */
const Trail = () => {
  const translate = useTranslate();
  return (
    <Box component="section" sx={{ mt: 3 }} data-testid="person-trail">
      <Typography variant="h6" component="h2">
        {translate('app.audit.person.trail')}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {translate('app.audit.person.trail_help')}
      </Typography>
      <ReferenceManyField
        reference="decisions"
        target="actorUserId"
        sort={{ field: 'seq', order: 'DESC' }}
        perPage={25}
        pagination={<Pagination />}
        queryOptions={{ onError: () => undefined }}
        error={<ListErrorState title="app.audit.list.error" help="app.audit.list.error_help" />}
      >
        <LedgerTable showActor={false} empty={<EmptyState testId="trail-empty" title="app.audit.person.trail_empty" help="app.audit.list.empty_help" />} />
      </ReferenceManyField>
    </Box>
  );
};

const PersonView = () => {
  const person = useRecordContext<Person>();
  const translate = useTranslate();
  if (!person) return null;
  const field = (name: keyof Person) => `resources.users.fields.${name}`;
  return (
    <Box sx={{ p: 2 }}>
      <Box component="header">
        <Typography variant="overline" color="text.secondary">
          {translate(`app.role.${person.role}`, { _: person.role })}
        </Typography>
        <Typography variant="h5" component="h1" sx={{ mb: 1 }}>
          {person.displayName}
        </Typography>
        <Stack direction="row" spacing={1} sx={{ mb: 2 }}>
          <Chip size="small" variant="outlined" color={person.active ? 'success' : 'default'} label={translate(person.active ? 'app.audit.person.active' : 'app.audit.person.inactive')} />
        </Stack>
        <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: 'repeat(auto-fill, minmax(190px, 1fr))' }}>
          <Fact label={field('email')}>{person.email}</Fact>
          <Fact label={field('unitCode')}>
            <UnitName code={person.unitCode} />
          </Fact>
          <Fact label={field('teamCode')}>{person.teamCode ? <TeamName unitCode={person.unitCode} code={person.teamCode} /> : '—'}</Fact>
          <Fact label={field('decisionCount')}>{person.decisionCount}</Fact>
        </Box>
      </Box>
      <Divider sx={{ mt: 3 }} />
      <Trail />
    </Box>
  );
};

/** `users/:id/show`: the person, then their trail in the ledger. */
export const PersonShow = () => (
  <Show
    actions={
      <TopToolbar>
        <ListButton />
        {/* Admins only (canAccess users/edit): role, team, partner, active, password. */}
        <EditButton />
      </TopToolbar>
    }
    queryOptions={{ onError: () => undefined }}
    error={<ShowErrorState title="app.audit.person.error" help="app.audit.person.error_help" />}
  >
    <PersonView />
  </Show>
);
