// Units (wards, communes) and the chair each names: the last rung of every escalation ladder and the
// last fallback of the separation-of-duties rule. An admin names or changes the chair (recorded).
import { Typography } from '@mui/material';
import { DataTable, Edit, List, SaveButton, SelectInput, SimpleForm, TextInput, Toolbar, useCanAccess, useGetList, useRecordContext, useTranslate } from 'react-admin';
import { ListErrorState } from '../layout/LoadStates';
import type { ListItemOf, Person } from '../types';
import { AdminTrail, useSavedRefresh } from './shared';

type UnitRow = ListItemOf<'UnitSchema'>;
const Column = DataTable.Col<UnitRow>;

export const UnitList = () => {
  const translate = useTranslate();
  const { canAccess: mayEdit } = useCanAccess({ resource: 'units', action: 'edit' });
  return (
    <List data-testid="unit-list" sort={{ field: 'code', order: 'ASC' }} exporter={false} queryOptions={{ onError: () => undefined }} error={<ListErrorState title="app.errors.load" help="app.errors.load_help" />}>
      <DataTable<UnitRow> bulkActionButtons={false} rowClick={mayEdit ? 'edit' : false}>
        <Column source="code" />
        <Column source="nameVi" disableSort />
        <Column source="province" disableSort />
        <Column source="iatiOrgId" disableSort render={(u) => u.iatiOrgId ?? `VN-DONGHANH-${u.code}`} />
        <Column
          source="chairName"
          disableSort
          render={(u) =>
            u.chairName ? (
              <span data-testid="unit-chair">{u.chairName}</span>
            ) : (
              <Typography component="span" variant="body2" color="warning.main" data-testid="unit-chair-missing">
                {translate('app.admin.no_unit_chair')}
              </Typography>
            )
          }
        />
      </DataTable>
    </List>
  );
};

/** The unit's active people, to choose the chair from (the API refuses anyone else). */
const ChairInput = () => {
  const unit = useRecordContext<UnitRow>();
  const { data } = useGetList<Person>('users', { filter: { active: true }, pagination: { page: 1, perPage: 200 }, sort: { field: 'displayName', order: 'ASC' } });
  const choices = (data ?? []).filter((p) => p.unitCode === unit?.code).map((p) => ({ id: p.id, name: `${p.displayName} (${p.email})` }));
  return <SelectInput source="chairUserId" label="resources.units.fields.chairUserId" choices={choices} translateChoice={false} emptyValue="" emptyText="app.admin.no_unit_chair" fullWidth />;
};

const Trail = () => {
  const record = useRecordContext();
  return record ? <AdminTrail entity="units" entityId={String(record.id)} /> : null;
};

export const UnitEdit = () => {
  const refreshAfterSave = useSavedRefresh();
  return (
    <Edit
      data-testid="unit-edit"
      mutationMode="pessimistic"
      redirect={false}
      mutationOptions={{ onSuccess: () => refreshAfterSave() }}
      transform={(values: Record<string, unknown>) => ({
        chairUserId: values.chairUserId ? values.chairUserId : null,
        // Open data (issue 16): empty means the placeholder VN-DONGHANH-<unit>.
        iatiOrgId: typeof values.iatiOrgId === 'string' && values.iatiOrgId.trim() ? values.iatiOrgId.trim() : null,
      })}
    >
      <SimpleForm toolbar={<Toolbar><SaveButton /></Toolbar>}>
        <ChairInput />
        <TextInput source="iatiOrgId" helperText="app.admin.iati_org_id_help" fullWidth />
      </SimpleForm>
      <Trail />
    </Edit>
  );
};
