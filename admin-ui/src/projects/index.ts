import FolderSpecialIcon from '@mui/icons-material/FolderSpecial';
import { lazy } from 'react';
import type { Project } from '../types';
import { ProjectList } from './ProjectList';

// The list is the landing page; the detail and the form load on first use.
const ProjectShow = lazy(() => import('./ProjectShow.js').then((module) => ({ default: module.ProjectShow })));
const ProjectCreate = lazy(() => import('./ProjectCreate.js').then((module) => ({ default: module.ProjectCreate })));

export const projects = {
  list: ProjectList,
  show: ProjectShow,
  create: ProjectCreate,
  recordRepresentation: (project: Project) => `${project.code} — ${project.title}`,
  icon: FolderSpecialIcon,
};

export default projects;
