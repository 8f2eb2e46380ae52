// No min/max on the number inputs: the browser's own check would block the form before the API's schema speaks.
// SLA policies and quorum rules are versioned data: a new version is appended, prefilled from the
// one in force, with a preview of what changes before it is saved. Nothing is ever edited.
import { Alert, Box, Chip, Typography } from '@mui/material';
import { useMemo } from 'react';
import {
  ArrayInput,
  BooleanInput,
  CloneButton,
  Create,
  DataTable,
  List,
  NumberInput,
  SelectInput,
  SimpleForm,
  SimpleFormIterator,
  TextInput,
  useCanAccess,
  useGetList,
  useNotify,
  useRedirect,
  useTranslate,
} from 'react-admin';
import { useWatch } from 'react-hook-form';
import { DURATION_UNITS } from '../../../domain/durations';
import { ConsultationPolicyVersionBody, QuorumRuleVersionBody, SLA_POLICY_TYPES, SlaPolicyVersionBody } from '../../../domain/schemas';
import { useFormat } from '../i18n/useFormat';
import { ListErrorState } from '../layout/LoadStates';
import { diffRecords, quorumRuleBody, QUORUM_FIELDS, slaPolicyBody, SLA_FIELDS } from './forms';
import { ChangesTable, useSchemaValidator, useTeamChoices } from './shared';
import type { QuorumRuleVersion, SeparationRuleVersion, SlaPolicy } from '../../../contract/types';

type SlaPolicyRow = SlaPolicy;

type QuorumRow = QuorumRuleVersion;

const typeKey = (t: string) => (t === 'invitation_response' || t === 'feedback_window' ? `app.admin.policy_type.${t}` : `app.step_type.${t}`);
const stepTypeChoices = SLA_POLICY_TYPES.map((t) => ({ id: t, name: typeKey(t) }));
const unitChoices = DURATION_UNITS.map((u) => ({ id: u, name: `app.admin.unit.${u}` }));
const ladderRoleChoices = ['team_lead', 'board_chair', 'unit_chair'].map((r) => ({ id: r, name: `app.role.${r}` }));
const majorityChoices = ['simple', 'two_thirds'].map((m) => ({ id: m, name: `app.admin.majority.${m}` }));

const CurrentChip = ({ current }: { current: boolean }) => {
  const translate = useTranslate();
  return current ? <Chip size="small" color="success" variant="outlined" label={translate('app.admin.current')} /> : <Chip size="small" variant="outlined" label={translate('app.admin.not_current')} />;
};

/** "New version" on the row in force, for those who may append one. */
const NewVersionButton = ({ resource }: { resource: string }) => {
  const { canAccess } = useCanAccess({ resource, action: 'create' });
  return canAccess ? <CloneButton label="app.admin.new_version" data-testid="new-version" /> : null;
};

const SlaColumn = DataTable.Col<SlaPolicyRow>;

export const SlaPolicyList = () => {
  const translate = useTranslate();
  const format = useFormat();
  return (
    <List
      data-testid="sla-policy-list"
      filters={[<SelectInput key="stepType" source="stepType" choices={stepTypeChoices} alwaysOn />]}
      filterDefaultValues={{ current: true }}
      sort={{ field: 'stepType', order: 'ASC' }}
      perPage={50}
      exporter={false}
      queryOptions={{ onError: () => undefined }}
      error={<ListErrorState title="app.errors.load" help="app.errors.load_help" />}
    >
      <DataTable<SlaPolicyRow> bulkActionButtons={false} rowClick={false}>
        <SlaColumn source="stepType" render={(p) => translate(typeKey(p.stepType), { _: p.stepType })} />
        <SlaColumn source="version" />
        <SlaColumn source="durationValue" disableSort render={(p) => `${p.durationValue} ${translate(`app.admin.unit.${p.durationUnit}`, { _: p.durationUnit })}`} />
        <SlaColumn source="atRiskRatio" disableSort render={(p) => `${Math.round(p.atRiskRatio * 100)}%`} />
        <SlaColumn source="escalationLadder" disableSort render={(p) => p.escalationLadder.map((r) => `${r.level}: ${translate(`app.role.${r.role}`, { _: r.role })} +${r.after}`).join(' · ') || '—'} />
        <SlaColumn source="responsibleTeamCode" disableSort render={(p) => p.responsibleTeamCode ?? '—'} />
        <SlaColumn source="activeFrom" render={(p) => format.dateTime(p.activeFrom)} />
        <SlaColumn source="current" disableSort render={(p) => <CurrentChip current={p.current} />} />
        <SlaColumn render={(p) => (p.current ? <NewVersionButton resource="sla-policies" /> : null)} />
      </DataTable>
    </List>
  );
};

/** Old against new before saving: the version in force for this step type and what the form now says. */
const Preview = ({ resource, current, toBody, fields }: { resource: string; current: Record<string, unknown> | undefined; toBody: (v: Record<string, unknown>) => Record<string, unknown>; fields: readonly string[] }) => {
  const translate = useTranslate();
  const values = useWatch() as Record<string, unknown>;
  const changes = useMemo(() => diffRecords(current ? toBody(current) : null, toBody(values), fields), [current, values, toBody, fields]);
  const version = Number(current?.version ?? 0);
  return (
    <Box data-testid="version-preview" data-changes={changes.length} sx={{ width: '100%', my: 2 }}>
      <Typography variant="subtitle1" gutterBottom>{translate('app.admin.preview')}</Typography>
      <Alert severity="info" sx={{ mb: 1 }}>{translate('app.admin.new_version_help', { version: version + 1 })}</Alert>
      {changes.length === 0 ? (
        <Typography variant="body2" color="text.secondary">{translate('app.admin.preview_none')}</Typography>
      ) : (
        <ChangesTable changes={changes} resource={resource} beforeLabel={translate('app.admin.preview_before', { version })} afterLabel={translate('app.admin.preview_after')} />
      )}
    </Box>
  );
};

const SlaPreview = () => {
  const stepType = useWatch({ name: 'stepType' }) as string | undefined;
  const { data } = useGetList<SlaPolicyRow>('sla-policies', { filter: { stepType, current: true }, pagination: { page: 1, perPage: 1 }, sort: { field: 'stepType', order: 'ASC' } }, { enabled: Boolean(stepType) });
  return <Preview resource="sla-policies" current={data?.[0] as unknown as Record<string, unknown>} toBody={slaPolicyBody} fields={SLA_FIELDS} />;
};

export const SlaPolicyCreate = () => {
  const validate = useSchemaValidator(SlaPolicyVersionBody, slaPolicyBody);
  const teams = useTeamChoices();
  const notify = useNotify();
  const redirect = useRedirect();
  return (
    <Create data-testid="sla-policy-create" transform={slaPolicyBody} mutationOptions={{ onSuccess: () => (notify('app.admin.saved', { type: 'success' }), redirect('list', 'sla-policies')) }}>
      <SimpleForm validate={validate}>
        <SelectInput source="stepType" choices={stepTypeChoices} fullWidth />
        <NumberInput source="durationValue" step={1} />
        <SelectInput source="durationUnit" choices={unitChoices} />
        <NumberInput source="atRiskRatio" step={0.05} />
        <SelectInput source="responsibleTeamCode" choices={teams} translateChoice={false} emptyValue="" emptyText="app.admin.no_team" fullWidth />
        <ArrayInput source="escalationLadder" label="app.admin.ladder">
          <SimpleFormIterator inline>
            <NumberInput source="level" label="app.admin.ladder_level" step={1} />
            <SelectInput source="role" label="app.admin.ladder_role" choices={ladderRoleChoices} />
            <NumberInput source="after" label="app.admin.ladder_after" />
          </SimpleFormIterator>
        </ArrayInput>
        <SlaPreview />
      </SimpleForm>
    </Create>
  );
};

const QuorumColumn = DataTable.Col<QuorumRow>;

export const QuorumRuleList = () => {
  const translate = useTranslate();
  const format = useFormat();
  const yes = (v: boolean) => translate(v ? 'ra.boolean.true' : 'ra.boolean.false');
  return (
    <List data-testid="quorum-rule-list" sort={{ field: 'version', order: 'DESC' }} exporter={false} queryOptions={{ onError: () => undefined }} error={<ListErrorState title="app.errors.load" help="app.errors.load_help" />}>
      <DataTable<QuorumRow> bulkActionButtons={false} rowClick={false}>
        <QuorumColumn source="version" />
        <QuorumColumn source="minVoters" disableSort />
        <QuorumColumn source="majority" disableSort render={(r) => translate(`app.admin.majority.${r.majority}`, { _: r.majority })} />
        <QuorumColumn source="requireNonGovernment" disableSort render={(r) => yes(r.requireNonGovernment)} />
        <QuorumColumn source="abstentionsCountAsPresent" disableSort render={(r) => yes(r.abstentionsCountAsPresent)} />
        <QuorumColumn source="activeFrom" render={(r) => format.dateTime(r.activeFrom)} />
        <QuorumColumn source="current" disableSort render={(r) => <CurrentChip current={r.current} />} />
        <QuorumColumn render={(r) => (r.current ? <NewVersionButton resource="quorum-rules" /> : null)} />
      </DataTable>
    </List>
  );
};

const QuorumPreview = () => {
  const { data } = useGetList<QuorumRow>('quorum-rules', { filter: { current: true }, pagination: { page: 1, perPage: 1 }, sort: { field: 'version', order: 'DESC' } });
  return <Preview resource="quorum-rules" current={data?.[0] as unknown as Record<string, unknown>} toBody={quorumRuleBody} fields={QUORUM_FIELDS} />;
};

export const QuorumRuleCreate = () => {
  const validate = useSchemaValidator(QuorumRuleVersionBody, quorumRuleBody);
  const notify = useNotify();
  const redirect = useRedirect();
  return (
    <Create data-testid="quorum-rule-create" transform={quorumRuleBody} mutationOptions={{ onSuccess: () => (notify('app.admin.saved', { type: 'success' }), redirect('list', 'quorum-rules')) }}>
      <SimpleForm validate={validate}>
        <NumberInput source="minVoters" step={1} />
        <SelectInput source="majority" choices={majorityChoices} />
        <BooleanInput source="requireNonGovernment" />
        <BooleanInput source="abstentionsCountAsPresent" />
        <QuorumPreview />
      </SimpleForm>
    </Create>
  );
};

type SeparationRow = SeparationRuleVersion;
const SeparationColumn = DataTable.Col<SeparationRow>;

/**
 * The separation-of-duties rule's versions (R18, R21): which steps keep the proposer out, which keep
 * the delivering team's leads out, and where a step goes when nobody is left. Read here; a new
 * version is appended in the database like the others, steps keep the version they opened with.
 */
export const SeparationRuleList = () => {
  const translate = useTranslate();
  const format = useFormat();
  const steps = (types: string[]) => types.map((t) => translate(`app.step_type.${t}`, { _: t })).join(', ');
  const authority = (a: string) => translate(`app.separation.authority.${a}`, { _: a });
  return (
    <List data-testid="separation-rule-list" sort={{ field: 'version', order: 'DESC' }} exporter={false} queryOptions={{ onError: () => undefined }} error={<ListErrorState title="app.errors.load" help="app.errors.load_help" />}>
      <DataTable<SeparationRow> bulkActionButtons={false} rowClick={false}>
        <SeparationColumn source="version" />
        <SeparationColumn source="proposerExcluded" disableSort render={(r) => steps(r.proposerExcluded)} />
        <SeparationColumn source="deliveringTeamExcluded" disableSort render={(r) => steps(r.deliveringTeamExcluded)} />
        <SeparationColumn
          source="fallback"
          disableSort
          render={(r) => (
            <Box component="ul" sx={{ m: 0, pl: 2 }}>
              {Object.entries(r.fallback).map(([type, chain]) => (
                <li key={type}>
                  {translate(`app.step_type.${type}`, { _: type })}: {chain.map(authority).join(' → ')}
                </li>
              ))}
            </Box>
          )}
        />
        <SeparationColumn source="activeFrom" render={(r) => format.dateTime(r.activeFrom)} />
        <SeparationColumn source="current" disableSort render={(r) => <CurrentChip current={r.current} />} />
      </DataTable>
    </List>
  );
};

interface ConsultationPolicyRow {
  id: number;
  version: number;
  thresholdVnd: number;
  windowWorkingDays: number;
  activeFrom: string;
  recordedBy: string | null;
  reason: string;
  current: boolean;
}

const ConsultationColumn = DataTable.Col<ConsultationPolicyRow>;

/** R22: the consultation policy (budget threshold, window in working days), versioned like the SLA. */
export const ConsultationPolicyList = () => {
  const format = useFormat();
  return (
    <List data-testid="consultation-policy-list" sort={{ field: 'version', order: 'DESC' }} exporter={false} queryOptions={{ onError: () => undefined }} error={<ListErrorState title="app.errors.load" help="app.errors.load_help" />}>
      <DataTable<ConsultationPolicyRow> bulkActionButtons={false} rowClick={false}>
        <ConsultationColumn source="version" />
        <ConsultationColumn source="thresholdVnd" disableSort render={(r) => format.money(r.thresholdVnd)} />
        <ConsultationColumn source="windowWorkingDays" disableSort />
        <ConsultationColumn source="reason" disableSort />
        <ConsultationColumn source="recordedBy" disableSort render={(r) => r.recordedBy ?? '—'} />
        <ConsultationColumn source="activeFrom" render={(r) => format.dateTime(r.activeFrom)} />
        <ConsultationColumn source="current" disableSort render={(r) => <CurrentChip current={r.current} />} />
        <ConsultationColumn render={(r) => (r.current ? <NewVersionButton resource="consultation-policies" /> : null)} />
      </DataTable>
    </List>
  );
};

const consultationPolicyBody = (values: Record<string, unknown>): Record<string, unknown> => {
  const num = (v: unknown) => (v === '' || v === null || v === undefined ? v : Number(v));
  return { thresholdVnd: num(values.thresholdVnd), windowWorkingDays: num(values.windowWorkingDays), reason: typeof values.reason === 'string' ? values.reason : '' };
};

export const ConsultationPolicyCreate = () => {
  const validate = useSchemaValidator(ConsultationPolicyVersionBody, consultationPolicyBody);
  const notify = useNotify();
  const redirect = useRedirect();
  return (
    <Create data-testid="consultation-policy-create" transform={consultationPolicyBody} mutationOptions={{ onSuccess: () => (notify('app.admin.saved', { type: 'success' }), redirect('list', 'consultation-policies')) }}>
      <SimpleForm validate={validate}>
        <NumberInput source="thresholdVnd" step={1_000_000} />
        <NumberInput source="windowWorkingDays" step={1} />
        <TextInput source="reason" multiline fullWidth />
      </SimpleForm>
    </Create>
  );
};
