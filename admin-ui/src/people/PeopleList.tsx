import { Chip } from '@mui/material';
import { DataTable, EditButton, List, SearchInput, SelectInput, useLocaleState, useTranslate } from 'react-admin';
import { ROLES } from '../../../domain/roles';
import { EmptyState, ListErrorState } from '../layout/LoadStates';
import type { Person } from '../ledger/types';
import { asAppLocale } from '../i18n/locale';
import { TeamName, teamLabel, useTeams } from '../projects/teams';

const roleChoices = ROLES.map((role) => ({ id: role, name: `app.role.${role}` }));

const TeamFilter = (props: { source: string; alwaysOn?: boolean }) => {
  const { data: teams } = useTeams();
  const [locale] = useLocaleState();
  const choices = (teams ?? []).map((team) => ({ id: team.code, name: teamLabel(team, asAppLocale(locale)) }));
  return <SelectInput {...props} choices={choices} translateChoice={false} />;
};

// Filters GET /api/users accepts: q (name or email), role, teamCode. It sorts by name, email, role, team.
const peopleFilters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="role" source="role" choices={roleChoices} alwaysOn />,
  <TeamFilter key="teamCode" source="teamCode" />,
];

const Column = DataTable.Col<Person>;

const RoleLabel = ({ person }: { person: Person }) => {
  const translate = useTranslate();
  return <>{translate(`app.role.${person.role}`, { _: person.role })}</>;
};

const ActiveChip = ({ person }: { person: Person }) => {
  const translate = useTranslate();
  return person.active ? (
    <Chip size="small" variant="outlined" color="success" label={translate('app.audit.person.active')} />
  ) : (
    <Chip size="small" variant="outlined" label={translate('app.audit.person.inactive')} />
  );
};

/** Who can decide what, and how much each person has decided: the way into a person's trail. */
export const PeopleList = () => (
  <List
    data-testid="people-list"
    filters={peopleFilters}
    sort={{ field: 'displayName', order: 'ASC' }}
    perPage={25}
    exporter={false}
    queryOptions={{ onError: () => undefined }}
    empty={<EmptyState title="app.audit.people.empty" help="app.audit.people.empty_help" />}
    error={<ListErrorState title="app.audit.people.error" help="app.audit.people.error_help" />}
  >
    <DataTable<Person> rowClick="show" bulkActionButtons={false} empty={<EmptyState title="app.audit.people.empty" help="app.audit.people.empty_help" />}>
      <Column source="displayName" />
      <Column source="email" />
      <Column source="role" render={(person) => <RoleLabel person={person} />} />
      <Column source="teamCode" render={(person) => (person.teamCode ? <TeamName unitCode={person.unitCode} code={person.teamCode} /> : '—')} />
      <Column source="decisionCount" align="right" disableSort />
      <Column source="active" disableSort render={(person) => <ActiveChip person={person} />} />
      <Column label="" disableSort render={() => <EditButton />} />
    </DataTable>
  </List>
);
