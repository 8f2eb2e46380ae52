// Admin: create a person with an initial password, change their role, team, partner, active flag.
import { BooleanInput, Create, Edit, PasswordInput, ReferenceInput, SaveButton, SelectInput, SimpleForm, TextInput, Toolbar, useNotify, useRecordContext, useRedirect, useTranslate } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { UserCreateBody, UserUpdateBody } from '../../../domain/schemas';
import { changedFields, userCreateBody, USER_FIELDS } from './forms';
import { AdminTrail, roleChoices, useSavedRefresh, useSchemaValidator, useTeamChoices } from './shared';

const PartnerPicker = () => {
  const role = useWatch({ name: 'role' });
  if (role !== 'partner') return null;
  return (
    <ReferenceInput source="partnerId" reference="partners" sort={{ field: 'name', order: 'ASC' }}>
      <SelectInput optionText="name" fullWidth />
    </ReferenceInput>
  );
};

const UserFields = ({ create }: { create: boolean }) => {
  const teams = useTeamChoices();
  return (
    <>
      <TextInput source="email" type="email" fullWidth />
      <TextInput source="displayName" fullWidth />
      <SelectInput source="role" choices={roleChoices} fullWidth />
      <SelectInput source="teamCode" choices={teams} translateChoice={false} emptyValue="" emptyText="app.admin.no_team" fullWidth />
      <PartnerPicker />
      <PasswordInput source="password" label={create ? 'app.admin.password' : 'app.admin.new_password'} helperText={create ? 'app.admin.password_help' : 'app.admin.new_password_help'} fullWidth autoComplete="new-password" />
      <BooleanInput source="active" />
    </>
  );
};

const toCreateBody = (values: Record<string, unknown>) => userCreateBody(values);

export const UserCreate = () => {
  const validate = useSchemaValidator(UserCreateBody, toCreateBody);
  const notify = useNotify();
  const redirect = useRedirect();
  return (
    <Create
      data-testid="user-create"
      transform={toCreateBody}
      mutationOptions={{ onSuccess: (data: { id: string }) => (notify('app.admin.saved', { type: 'success' }), redirect('edit', 'users', data.id)) }}
    >
      <SimpleForm validate={validate} defaultValues={{ role: 'team_lead', active: true, teamCode: '' }}>
        <UserFields create />
      </SimpleForm>
    </Create>
  );
};

const EditTrail = ({ entity }: { entity: string }) => {
  const record = useRecordContext();
  return record ? <AdminTrail entity={entity} entityId={String(record.id)} /> : null;
};

const SaveOnly = () => (
  <Toolbar>
    <SaveButton />
  </Toolbar>
);

const UserEditForm = () => {
  const record = useRecordContext() ?? {};
  // The form sends only what changed, and the schema checks exactly that.
  const validate = useSchemaValidator(UserUpdateBody, (values) => {
    const patch = changedFields(values, record, USER_FIELDS);
    return Object.keys(patch).length ? patch : { displayName: values.displayName };
  });
  return (
    <SimpleForm validate={validate} toolbar={<SaveOnly />}>
      <UserFields create={false} />
    </SimpleForm>
  );
};

export const UserEdit = () => {
  const translate = useTranslate();
  const refreshAfterSave = useSavedRefresh();
  return (
    <Edit
      data-testid="user-edit"
      mutationMode="pessimistic"
    redirect={false}
    mutationOptions={{ onSuccess: () => refreshAfterSave() }}
      title={translate('resources.users.name')}
      transform={(values: Record<string, unknown>, options?: { previousData: Record<string, unknown> }) => changedFields(values, options?.previousData ?? {}, USER_FIELDS)}
    >
      <UserEditForm />
      <EditTrail entity="users" />
    </Edit>
  );
};
