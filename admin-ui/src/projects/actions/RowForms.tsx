import { NumberInput, TextInput, useDataProvider } from 'react-admin';
import { ExtensionBody, IndicatorActualBody, MilestoneCompletionBody } from '../../../../domain/schemas';
import type { AppDataProvider } from '../../data/dataProvider';
import type { ProjectDetail } from '../../types';
import { useStepTypeLabel } from '../StatusChips';
import { CommandDialog } from './CommandDialog';
import { lines, listField, numberOrUndefined, textOrUndefined } from './commandForm';

const evidenceField = listField('evidence');

/** R20: a milestone is done, with evidence links and a note. */
export const MilestoneCompletionForm = ({ project, code }: { project: ProjectDetail; code: string }) => {
  const dataProvider = useDataProvider<AppDataProvider>();
  return (
    <CommandDialog
      testId={`action-complete-${code}`}
      label="app.actions.milestone.button"
      title="app.actions.milestone.title"
      titleArgs={{ code }}
      intro="app.actions.milestone.intro"
      schema={MilestoneCompletionBody}
      fieldOf={evidenceField}
      buttonProps={{ size: 'small', color: 'success' }}
      toBody={(v) => ({ evidence: lines(v.evidence), ...(textOrUndefined(v.note) ? { note: textOrUndefined(v.note) } : {}) })}
      send={(body) => dataProvider.completeMilestone(project.id, code, body)}
    >
      <TextInput source="evidence" label="app.actions.milestone.evidence" helperText="app.actions.milestone.evidence_help" multiline minRows={2} />
      <TextInput source="note" label="app.actions.milestone.note" helperText="app.actions.milestone.note_help" multiline />
    </CommandDialog>
  );
};

/** R5, R8: an indicator's actual value, with evidence. */
export const IndicatorActualForm = ({ project, indicator }: { project: ProjectDetail; indicator: ProjectDetail['indicators'][number] }) => {
  const dataProvider = useDataProvider<AppDataProvider>();
  return (
    <CommandDialog
      testId={`action-actual-${indicator.code}`}
      label="app.actions.indicator.button"
      title="app.actions.indicator.title"
      titleArgs={{ name: indicator.name }}
      schema={IndicatorActualBody}
      fieldOf={evidenceField}
      buttonProps={{ size: 'small' }}
      defaultValues={indicator.actual !== null ? { actual: indicator.actual, evidence: indicator.evidence.join('\n') } : {}}
      toBody={(v) => ({ actual: numberOrUndefined(v.actual) as number, evidence: lines(v.evidence) })}
      send={(body) => dataProvider.recordIndicator(project.id, indicator.code, body)}
    >
      <NumberInput source="actual" label={`${indicator.name} (${indicator.unit})`} />
      <TextInput source="evidence" label="app.actions.indicator.evidence" helperText="app.actions.indicator.evidence_help" multiline minRows={2} />
    </CommandDialog>
  );
};

/** R17: the coordinator moves an open step's deadline by working days, with a reason. */
export const ExtensionForm = ({ stepId, stepType }: { stepId: string; stepType: string }) => {
  const dataProvider = useDataProvider<AppDataProvider>();
  const stepTypeLabel = useStepTypeLabel();
  return (
    <CommandDialog
      testId="action-extend"
      label="app.actions.extend.button"
      title="app.actions.extend.title"
      titleArgs={{ step: stepTypeLabel(stepType) }}
      intro="app.actions.extend.intro"
      schema={ExtensionBody}
      buttonProps={{ size: 'small' }}
      defaultValues={{ workingDays: 5 }}
      toBody={(v) => ({ workingDays: numberOrUndefined(v.workingDays) as number, reason: String(v.reason ?? '') })}
      send={(body) => dataProvider.extendDeadline(stepId, body)}
    >
      <NumberInput source="workingDays" label="app.actions.extend.workingDays" />
      <TextInput source="reason" label="app.actions.extend.reason" multiline minRows={2} />
    </CommandDialog>
  );
};
