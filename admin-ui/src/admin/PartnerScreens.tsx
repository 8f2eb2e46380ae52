// Partners (R1): kind, capabilities, service area, contact. Admins register and change them.
import { Chip, Stack } from '@mui/material';
import { CheckboxGroupInput, Create, DataTable, Edit, List, SaveButton, SearchInput, SelectInput, SimpleForm, TextInput, Toolbar, useGetList, useNotify, useRecordContext, useRedirect, useTranslate, useCanAccess } from 'react-admin';
import { PartnerCreateBody, PartnerUpdateBody } from '../../../domain/schemas';
import { EmptyState, ListErrorState } from '../layout/LoadStates';
import { changedFields, partnerCreateBody, PARTNER_FIELDS } from './forms';
import { AdminTrail, capabilityChoices, kindChoices, useSavedRefresh, useSchemaValidator } from './shared';
import type { Partner } from '../../../contract/types';

type PartnerRow = Partner;

const Column = DataTable.Col<PartnerRow>;

const Capabilities = ({ partner }: { partner: PartnerRow }) => {
  const translate = useTranslate();
  return (
    <Stack direction="row" spacing={0.5} flexWrap="wrap" useFlexGap>
      {partner.capabilities.map((c) => <Chip key={c} size="small" variant="outlined" label={translate(`app.capability.${c}`, { _: c })} />)}
    </Stack>
  );
};

const filters = [<SearchInput key="q" source="q" alwaysOn />, <SelectInput key="kind" source="kind" choices={kindChoices} alwaysOn />, <SelectInput key="capability" source="capability" choices={capabilityChoices} />];

export const PartnerList = () => {
  const translate = useTranslate();
  const { canAccess: canEdit } = useCanAccess({ resource: 'partners', action: 'edit' });
  return (
    <List data-testid="partner-list" filters={filters} sort={{ field: 'name', order: 'ASC' }} exporter={false} queryOptions={{ onError: () => undefined }} error={<ListErrorState title="app.errors.load" help="app.errors.load_help" />} empty={<EmptyState title="app.admin.trail.empty" help="app.admin.declare_help" />}>
      <DataTable<PartnerRow> rowClick={canEdit ? 'edit' : false} bulkActionButtons={false}>
        <Column source="name" />
        <Column source="kind" render={(p) => translate(`app.admin.kind.${p.kind}`, { _: p.kind })} />
        <Column source="capabilities" disableSort render={(p) => <Capabilities partner={p} />} />
        <Column source="unitCode" disableSort />
        <Column source="contactEmail" disableSort />
      </DataTable>
    </List>
  );
};

const useUnitChoices = () => {
  const { data } = useGetList('units', { pagination: { page: 1, perPage: 100 }, sort: { field: 'code', order: 'ASC' } }, { staleTime: 5 * 60_000 });
  return (data ?? []).map((u) => ({ id: u.code as string, name: `${u.nameVi ?? u.name} (${u.code})` }));
};

const PartnerFields = ({ create }: { create: boolean }) => {
  const units = useUnitChoices();
  return (
    <>
      <TextInput source="name" fullWidth />
      <SelectInput source="kind" choices={kindChoices} fullWidth />
      <CheckboxGroupInput source="capabilities" choices={capabilityChoices} />
      {create && <SelectInput source="unitCode" label="app.admin.service_area" choices={units} translateChoice={false} fullWidth />}
      <TextInput source="contactEmail" type="email" label="app.admin.contact" fullWidth />
    </>
  );
};

export const PartnerCreate = () => {
  const validate = useSchemaValidator(PartnerCreateBody, partnerCreateBody);
  const notify = useNotify();
  const redirect = useRedirect();
  return (
    <Create data-testid="partner-create" transform={partnerCreateBody} mutationOptions={{ onSuccess: (data: { id: string }) => (notify('app.admin.saved', { type: 'success' }), redirect('edit', 'partners', data.id)) }}>
      <SimpleForm validate={validate} defaultValues={{ capabilities: [] }}>
        <PartnerFields create />
      </SimpleForm>
    </Create>
  );
};

const PartnerEditForm = () => {
  const record = useRecordContext() ?? {};
  const validate = useSchemaValidator(PartnerUpdateBody, (values) => {
    const patch = changedFields(values, record, PARTNER_FIELDS);
    return Object.keys(patch).length ? patch : { name: values.name };
  });
  return (
    <SimpleForm validate={validate} toolbar={<Toolbar><SaveButton /></Toolbar>}>
      <PartnerFields create={false} />
    </SimpleForm>
  );
};

const Trail = () => {
  const record = useRecordContext();
  return record ? <AdminTrail entity="partners" entityId={String(record.id)} /> : null;
};

export const PartnerEdit = () => {
  const refreshAfterSave = useSavedRefresh();
  return (
  <Edit
    data-testid="partner-edit"
    mutationMode="pessimistic"
    redirect={false}
    mutationOptions={{ onSuccess: () => refreshAfterSave() }}
    transform={(values: Record<string, unknown>, options?: { previousData: Record<string, unknown> }) => changedFields(values, options?.previousData ?? {}, PARTNER_FIELDS)}
  >
    <PartnerEditForm />
    <Trail />
  </Edit>
);
};
