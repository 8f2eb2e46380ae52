import { Navigate } from 'react-router-dom';
import { usePermissions } from 'react-admin';
import { canAccess } from '../auth/canAccess';
import { Dashboard } from '../dashboard';
import type { Role } from '../types';

/** The landing page: the dashboards for the unit's staff; a partner starts from its invitations. */
export const Home = () => {
  const { permissions: role, isPending } = usePermissions<Role>();
  if (isPending) return null;
  if (role !== undefined && !canAccess(role, { resource: 'dashboard', action: 'list' })) return <Navigate to="/invitations" replace />;
  return <Dashboard />;
};
