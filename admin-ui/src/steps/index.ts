import AssignmentIcon from '@mui/icons-material/Assignment';
import type { StepRow } from '../types';
import { MyStepsList } from './MyStepsList';

export const steps = {
  list: MyStepsList,
  recordRepresentation: (step: StepRow) => `${step.projectCode} — ${step.type}`,
  icon: AssignmentIcon,
};

export default steps;
