import PeopleIcon from '@mui/icons-material/People';
import { lazy } from 'react';
import type { Person } from '../ledger/types';
import { PeopleList } from './PeopleList';

// A person's trail loads on first use.
const PersonShow = lazy(() => import('./PersonShow.js').then((module) => ({ default: module.PersonShow })));

/** Resource `users` (GET /api/users): `<Resource name="users" {...people} />`. */
export const people = {
  list: PeopleList,
  show: PersonShow,
  recordRepresentation: (person: Person) => person.displayName,
  icon: PeopleIcon,
};

export default people;
