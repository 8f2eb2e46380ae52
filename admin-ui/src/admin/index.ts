// The admin's reference-data screens, each loaded on first use (the first load stays small).
import BalanceIcon from '@mui/icons-material/Balance';
import GroupsIcon from '@mui/icons-material/Groups';
import GavelIcon from '@mui/icons-material/Gavel';
import HandshakeIcon from '@mui/icons-material/Handshake';
import HistoryIcon from '@mui/icons-material/History';
import AccountBalanceIcon from '@mui/icons-material/AccountBalance';
import RuleIcon from '@mui/icons-material/Rule';
import TimerIcon from '@mui/icons-material/Timer';
import { lazy } from 'react';

const load = <K extends string>(name: K, chunk: () => Promise<Record<K, React.ComponentType>>) => lazy(() => chunk().then((m) => ({ default: m[name] })));

export const UserCreate = load('UserCreate', () => import('./UserScreens.js'));
export const UserEdit = load('UserEdit', () => import('./UserScreens.js'));

export const partners = {
  list: load('PartnerList', () => import('./PartnerScreens.js')),
  create: load('PartnerCreate', () => import('./PartnerScreens.js')),
  edit: load('PartnerEdit', () => import('./PartnerScreens.js')),
  recordRepresentation: 'name',
  icon: HandshakeIcon,
};

export const conflicts = {
  list: load('ConflictList', () => import('./ConflictScreens.js')),
  create: load('ConflictCreate', () => import('./ConflictScreens.js')),
  icon: BalanceIcon,
};

export const boardMembers = {
  list: load('BoardMemberList', () => import('./BoardScreens.js')),
  create: load('BoardMemberCreate', () => import('./BoardScreens.js')),
  icon: GroupsIcon,
};

export const slaPolicies = {
  list: load('SlaPolicyList', () => import('./PolicyScreens.js')),
  create: load('SlaPolicyCreate', () => import('./PolicyScreens.js')),
  icon: TimerIcon,
};

export const quorumRules = {
  list: load('QuorumRuleList', () => import('./PolicyScreens.js')),
  create: load('QuorumRuleCreate', () => import('./PolicyScreens.js')),
  icon: GavelIcon,
};

export const consultationPolicies = {
  list: load('ConsultationPolicyList', () => import('./PolicyScreens.js')),
  create: load('ConsultationPolicyCreate', () => import('./PolicyScreens.js')),
  icon: GavelIcon,
};

export const separationRules = {
  list: load('SeparationRuleList', () => import('./PolicyScreens.js')),
  icon: RuleIcon,
};

export const units = {
  list: load('UnitList', () => import('./UnitScreens.js')),
  edit: load('UnitEdit', () => import('./UnitScreens.js')),
  recordRepresentation: 'nameVi',
  icon: AccountBalanceIcon,
};

export const adminChanges = {
  list: load('AdminChangeList', () => import('./TrailList.js')),
  icon: HistoryIcon,
};
