import HandshakeIcon from '@mui/icons-material/Handshake';
import { lazy } from 'react';
import type { InvitationRow } from '../types';

const InvitationList = lazy(() => import('./InvitationList.js').then((m) => ({ default: m.InvitationList })));

export const invitations = {
  list: InvitationList,
  recordRepresentation: (invitation: InvitationRow) => `${invitation.projectCode} — ${invitation.capability}`,
  icon: HandshakeIcon,
};

export default invitations;
