import { Box, Stack } from '@mui/material';
import {
  ArrayInput,
  DateInput,
  FormDataConsumer,
  NumberInput,
  SelectInput,
  SimpleFormIterator,
  TextInput,
  useDataProvider,
  useLocaleState,
} from 'react-admin';
import { CAPABILITIES } from '../../../../domain/matching';
import { CHANGE_KINDS } from '../../../../domain/lifecycle';
import { FUNDING_SOURCES } from '../../../../domain/funding';
import { CancellationBody, ChangeRequestBody, PlanBody, PledgeBody, WaiverBody, WithdrawalBody } from '../../../../domain/schemas';
import type { AppDataProvider } from '../../data/dataProvider';
import { asAppLocale } from '../../i18n/locale';
import type { ProjectDetail, Team } from '../../types';
import { teamLabel, useTeams } from '../teams';
import { CommandDialog } from './CommandDialog';
import { numberOrUndefined, textOrUndefined } from './commandForm';

const capabilityChoices = (caps: readonly string[]) => caps.map((c) => ({ id: c, name: `app.capability.${c}` }));

/** The board chair waives a missing capability or the 70% non-state share, with a rationale. */
export const WaiverForm = ({ project, gap, capabilities = [] }: { project: ProjectDetail; gap: 'capability' | 'socialization'; capabilities?: string[] }) => {
  const dataProvider = useDataProvider<AppDataProvider>();
  return (
    <CommandDialog
      testId={`action-waive-${gap}`}
      label={`app.actions.waive.button_${gap}`}
      title={`app.actions.waive.title_${gap}`}
      intro="app.actions.waive.intro"
      schema={WaiverBody}
      buttonProps={{ color: 'warning' }}
      defaultValues={gap === 'capability' ? { capability: capabilities[0] } : {}}
      toBody={(v) => ({ gap, ...(gap === 'capability' ? { capability: v.capability || undefined } : {}), rationale: String(v.rationale ?? '') })}
      send={(body) => dataProvider.stageCommand('waive', { id: project.id }, body)}
    >
      {gap === 'capability' && <SelectInput source="capability" label="app.actions.waive.capability" choices={capabilityChoices(capabilities.length ? capabilities : CAPABILITIES)} />}
      <TextInput source="rationale" label="app.actions.waive.rationale" multiline minRows={3} />
    </CommandDialog>
  );
};

const TeamSelect = ({ source, unitCode }: { source: string; unitCode: string }) => {
  const { data, isPending } = useTeams(unitCode);
  const [locale] = useLocaleState();
  return (
    <SelectInput
      source={source}
      label="app.actions.plan.ownerTeamCode"
      choices={data ?? []}
      optionValue="code"
      optionText={(team: Team) => `${teamLabel(team, asAppLocale(locale))} (${team.code})`}
      translateChoice={false}
      isPending={isPending}
    />
  );
};

/** R6, R20: the budget lines and the milestones, each with its owner team and due date. */
export const PlanForm = ({ project }: { project: ProjectDetail }) => {
  const dataProvider = useDataProvider<AppDataProvider>();
  const defaults = {
    lines: project.budgetLines.length ? project.budgetLines : [{ label: '', amountVnd: project.requestedBudgetVnd }],
    milestones: project.milestones.length
      ? project.milestones.map((m) => ({ code: m.code, title: m.title, ownerTeamCode: m.ownerTeamCode, dueDate: m.dueAt.slice(0, 10) }))
      : [{ code: 'M1', title: '', ownerTeamCode: project.leadTeamCode, dueDate: '' }],
  };
  return (
    <CommandDialog
      testId="action-plan"
      label="app.actions.plan.button"
      title="app.actions.plan.title"
      intro="app.actions.plan.intro"
      schema={PlanBody}
      defaultValues={defaults}
      toBody={(v) => ({
        lines: ((v.lines ?? []) as Record<string, unknown>[]).map((l) => ({ label: String(l.label ?? ''), amountVnd: numberOrUndefined(l.amountVnd) as number })),
        milestones: ((v.milestones ?? []) as Record<string, unknown>[]).map((m) => ({
          code: String(m.code ?? ''),
          title: String(m.title ?? ''),
          ownerTeamCode: String(m.ownerTeamCode ?? ''),
          dueDate: String(m.dueDate ?? ''),
        })),
      })}
      send={(body) => dataProvider.stageCommand('set_plan', { id: project.id }, body)}
    >
      <ArrayInput source="lines" label="app.actions.plan.lines">
        <SimpleFormIterator inline disableReordering>
          <TextInput source="label" label="app.actions.plan.label" />
          <NumberInput source="amountVnd" label="app.actions.plan.amountVnd" step={1_000_000} />
        </SimpleFormIterator>
      </ArrayInput>
      <ArrayInput source="milestones" label="app.actions.plan.milestones">
        <SimpleFormIterator inline disableReordering>
          <TextInput source="code" label="app.actions.plan.code" sx={{ width: 90 }} />
          <TextInput source="title" label="app.actions.plan.milestone_title" />
          <TeamSelect source="ownerTeamCode" unitCode={project.unitCode} />
          <DateInput source="dueDate" label="app.actions.plan.dueDate" />
        </SimpleFormIterator>
      </ArrayInput>
    </CommandDialog>
  );
};

/** R6: a pledge by source; volunteer hours instead of an amount. */
export const PledgeForm = ({ project, partners }: { project: ProjectDetail; partners: { partnerId: string; partnerName: string }[] }) => {
  const dataProvider = useDataProvider<AppDataProvider>();
  return (
    <CommandDialog
      testId="action-pledge"
      label="app.actions.pledge.button"
      title="app.actions.pledge.title"
      intro="app.actions.pledge.intro"
      schema={PledgeBody}
      defaultValues={{ source: 'community' }}
      toBody={(v) => {
        const hours = v.source === 'volunteer_hours';
        return {
          source: v.source,
          ...(hours ? { hours: numberOrUndefined(v.hours) } : { amountVnd: numberOrUndefined(v.amountVnd) ?? 0 }),
          ...(v.partnerId ? { partnerId: v.partnerId } : {}),
          ...(textOrUndefined(v.note) ? { note: textOrUndefined(v.note) } : {}),
        };
      }}
      send={(body) => dataProvider.stageCommand('pledge', { id: project.id }, body)}
    >
      <SelectInput source="source" label="app.actions.pledge.source" choices={FUNDING_SOURCES.map((s) => ({ id: s, name: `app.funding_source.${s}` }))} />
      <FormDataConsumer>
        {({ formData }) =>
          formData.source === 'volunteer_hours' ? (
            <NumberInput source="hours" label="app.actions.pledge.hours" />
          ) : (
            <NumberInput source="amountVnd" label="app.actions.pledge.amountVnd" step={1_000_000} />
          )
        }
      </FormDataConsumer>
      {partners.length > 0 && (
        <SelectInput source="partnerId" label="app.actions.pledge.partnerId" choices={partners.map((p) => ({ id: p.partnerId, name: p.partnerName }))} translateChoice={false} />
      )}
      <TextInput source="note" label="app.actions.pledge.note" />
    </CommandDialog>
  );
};

/** R20: scope, budget or schedule; who decides depends on the kind and the amount. */
export const ChangeRequestForm = ({ project }: { project: ProjectDetail }) => {
  const dataProvider = useDataProvider<AppDataProvider>();
  return (
    <CommandDialog
      testId="action-change"
      label="app.actions.change.button"
      title="app.actions.change.title"
      intro="app.actions.change.intro"
      schema={ChangeRequestBody}
      defaultValues={{ kind: 'schedule' }}
      toBody={(v) => ({
        kind: v.kind,
        description: String(v.description ?? ''),
        ...(v.kind === 'budget' ? { budgetDeltaVnd: numberOrUndefined(v.budgetDeltaVnd) ?? 0 } : {}),
        ...(v.kind === 'schedule' ? { scheduleShiftDays: numberOrUndefined(v.scheduleShiftDays) ?? 0 } : {}),
      })}
      send={(body) => dataProvider.stageCommand('request_change', { id: project.id }, body)}
    >
      <SelectInput source="kind" label="app.actions.change.kind" choices={CHANGE_KINDS.map((k) => ({ id: k, name: `app.actions.change.kind_${k}` }))} />
      <TextInput source="description" label="app.actions.change.description" multiline minRows={3} />
      <FormDataConsumer>
        {({ formData }) => (
          <Stack direction="row" spacing={2}>
            {formData.kind === 'budget' && <NumberInput source="budgetDeltaVnd" label="app.actions.change.budgetDeltaVnd" step={1_000_000} />}
            {formData.kind === 'schedule' && <NumberInput source="scheduleShiftDays" label="app.actions.change.scheduleShiftDays" />}
          </Stack>
        )}
      </FormDataConsumer>
    </CommandDialog>
  );
};

/** R10: a partner leaves; its commitments and pledges go and matching reopens. */
export const WithdrawalForm = ({ project, partners }: { project: ProjectDetail; partners: { partnerId: string; partnerName: string }[] }) => {
  const dataProvider = useDataProvider<AppDataProvider>();
  return (
    <CommandDialog
      testId="action-withdraw"
      label="app.actions.withdraw.button"
      title="app.actions.withdraw.title"
      intro="app.actions.withdraw.intro"
      schema={WithdrawalBody}
      buttonProps={{ color: 'warning' }}
      defaultValues={{ partnerId: partners[0]?.partnerId }}
      toBody={(v) => ({ ...(v.partnerId ? { partnerId: v.partnerId } : {}), reason: String(v.reason ?? '') })}
      send={(body) => dataProvider.stageCommand('withdraw_partner', { id: project.id }, body)}
    >
      <SelectInput source="partnerId" label="app.actions.withdraw.partnerId" choices={partners.map((p) => ({ id: p.partnerId, name: p.partnerName }))} translateChoice={false} />
      <TextInput source="reason" label="app.actions.withdraw.reason" multiline minRows={2} />
    </CommandDialog>
  );
};

/** The board chair cancels a project, with a rationale; partners are told. */
export const CancellationForm = ({ project }: { project: ProjectDetail }) => {
  const dataProvider = useDataProvider<AppDataProvider>();
  return (
    <Box>
      <CommandDialog
        testId="action-cancel"
        label="app.actions.cancel_project.button"
        title="app.actions.cancel_project.title"
        intro="app.actions.cancel_project.intro"
        schema={CancellationBody}
        buttonProps={{ color: 'error' }}
        toBody={(v) => ({ rationale: String(v.rationale ?? '') })}
        send={(body) => dataProvider.stageCommand('cancel', { id: project.id }, body)}
      >
        <TextInput source="rationale" label="app.actions.cancel_project.rationale" multiline minRows={3} />
      </CommandDialog>
    </Box>
  );
};
