import { DataTable, List, SearchInput, SelectInput } from 'react-admin';
import { STAGES } from '../../../domain/lifecycle';
import { useFormat } from '../i18n/useFormat';
import type { Project } from '../types';
import { SlaChip, StageChip, useStepTypeLabel } from './StatusChips';
import { TeamName } from './teams';

const stageChoices = STAGES.map((stage) => ({ id: stage, name: `app.stage.${stage}` }));

// Filters the API accepts on /api/projects: q (title or code), stage.
const projectFilters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="stage" source="stage" choices={stageChoices} alwaysOn />,
];

const Column = DataTable.Col<Project>;

export const ProjectList = () => {
  const format = useFormat();
  const stepTypeLabel = useStepTypeLabel();
  return (
    <List data-testid="projects-list" filters={projectFilters} sort={{ field: 'updatedAt', order: 'DESC' }} perPage={25} exporter={false}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <Column source="code" />
        <Column source="title" />
        <Column source="stage" render={(project) => <StageChip stage={project.stage} />} />
        <Column source="leadTeamCode" disableSort render={(project) => <TeamName unitCode={project.unitCode} code={project.leadTeamCode} />} />
        <Column source="activeStep" disableSort render={(project) => (project.activeStep ? stepTypeLabel(project.activeStep.type) : '—')} />
        <Column
          source="slaStatus"
          disableSort
          render={(project) => (project.activeStep ? <SlaChip status={project.activeStep.slaStatus} /> : null)}
        />
        {/* `dueAt` is the API's sort key for the open step's deadline. */}
        <Column source="dueAt" render={(project) => format.dateTime(project.activeStep?.dueAt)} />
        <Column source="updatedAt" render={(project) => format.dateTime(project.updatedAt)} />
      </DataTable>
    </List>
  );
};
