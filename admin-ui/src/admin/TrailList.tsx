// The admin trail (admin_changes): every change to reference data, who made it, when, before → after.
import { DataTable, List, SelectInput, useRecordContext, useTranslate } from 'react-admin';
import { useFormat } from '../i18n/useFormat';
import { EmptyState, ListErrorState } from '../layout/LoadStates';
import { ActorName, TrailEntry, type AdminChange } from './shared';

const entityChoices = ['users', 'partners', 'board_members', 'conflicts_of_interest', 'sla_policies', 'quorum_rules', 'consultation_policies'].map((e) => ({ id: e, name: `app.admin.entity.${e}` }));
const Column = DataTable.Col<AdminChange>;

const Expanded = () => {
  const change = useRecordContext<AdminChange>();
  return change ? <TrailEntry change={change} /> : null;
};

export const AdminChangeList = () => {
  const translate = useTranslate();
  const format = useFormat();
  return (
    <List
      data-testid="admin-trail-list"
      filters={[<SelectInput key="entity" source="entity" choices={entityChoices} alwaysOn />]}
      sort={{ field: 'id', order: 'DESC' }}
      exporter={false}
      queryOptions={{ onError: () => undefined }}
      error={<ListErrorState title="app.errors.load" help="app.errors.load_help" />}
      empty={<EmptyState title="app.admin.trail.empty" help="app.admin.trail.title" />}
    >
      <DataTable<AdminChange> bulkActionButtons={false} rowClick={false} expand={<Expanded />}>
        <Column source="changedAt" render={(c) => format.dateTime(c.changedAt)} />
        <Column source="entity" disableSort render={(c) => translate(`app.admin.entity.${c.entity}`, { _: c.entity })} />
        <Column source="entityId" disableSort />
        <Column source="action" disableSort render={(c) => translate(`app.admin.trail.${c.action === 'create' ? 'created' : c.action === 'update' ? 'updated' : 'deleted'}`)} />
        <Column source="actorUserId" disableSort render={(c) => <ActorName userId={c.actorUserId} />} />
        <Column source="actorRole" disableSort render={(c) => translate(`app.role.${c.actorRole}`, { _: c.actorRole })} />
      </DataTable>
    </List>
  );
};
