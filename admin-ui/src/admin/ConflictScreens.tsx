// Conflicts of interest (R21): a board member declares their own, an admin records anyone's; all see the list.
import { AutocompleteInput, Create, DataTable, List, ReferenceInput, SelectInput, SimpleForm, TextInput, useNotify, usePermissions, useRedirect, useTranslate } from 'react-admin';
import { ConflictOfInterestBody } from '../../../domain/schemas';
import { useFormat } from '../i18n/useFormat';
import { ListErrorState, EmptyState } from '../layout/LoadStates';
import type { Role } from '../types';
import { conflictBody } from './forms';
import { useSchemaValidator } from './shared';
import type { ConflictOfInterest } from '../../../contract/types';

type ConflictRow = ConflictOfInterest;

const Column = DataTable.Col<ConflictRow>;

export const ConflictList = () => {
  const format = useFormat();
  return (
    <List data-testid="conflict-list" sort={{ field: 'declaredAt', order: 'DESC' }} exporter={false} queryOptions={{ onError: () => undefined }} error={<ListErrorState title="app.errors.load" help="app.errors.load_help" />} empty={<EmptyState title="app.admin.trail.empty" help="app.admin.declare_help" />}>
      <DataTable<ConflictRow> bulkActionButtons={false} rowClick={false}>
        <Column source="userName" />
        <Column source="projectCode" disableSort render={(c) => c.projectCode ?? '—'} />
        <Column source="partnerName" disableSort render={(c) => c.partnerName ?? '—'} />
        <Column source="reason" disableSort />
        <Column source="declaredAt" render={(c) => format.dateTime(c.declaredAt)} />
      </DataTable>
    </List>
  );
};

export const ConflictCreate = () => {
  const validate = useSchemaValidator(ConflictOfInterestBody, conflictBody);
  const { permissions: role } = usePermissions<Role>();
  const notify = useNotify();
  const redirect = useRedirect();
  const translate = useTranslate();
  return (
    <Create data-testid="conflict-create" transform={conflictBody} mutationOptions={{ onSuccess: () => (notify('app.admin.declared', { type: 'success' }), redirect('list', 'conflicts-of-interest')) }}>
      <SimpleForm validate={validate}>
        <p>{translate('app.admin.declare_help')}</p>
        {role === 'admin' && (
          <ReferenceInput source="userId" reference="users" filter={{ role: 'board_member' }} sort={{ field: 'displayName', order: 'ASC' }}>
            <SelectInput optionText="displayName" label="app.admin.for_person" fullWidth />
          </ReferenceInput>
        )}
        <ReferenceInput source="projectId" reference="projects" sort={{ field: 'code', order: 'ASC' }} perPage={50}>
          <AutocompleteInput optionText={(p: { code: string; title: string }) => `${p.code} · ${p.title}`} filterToQuery={(q: string) => ({ q })} fullWidth />
        </ReferenceInput>
        <ReferenceInput source="partnerId" reference="partners" sort={{ field: 'name', order: 'ASC' }}>
          <SelectInput optionText="name" fullWidth />
        </ReferenceInput>
        <TextInput source="reason" multiline minRows={2} fullWidth />
      </SimpleForm>
    </Create>
  );
};
