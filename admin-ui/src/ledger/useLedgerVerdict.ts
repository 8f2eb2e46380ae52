import { useQuery } from '@tanstack/react-query';
import { useCanAccess, useDataProvider, useLogoutIfAccessDenied } from 'react-admin';
import type { AppDataProvider } from '../data/dataProvider';

/**
 * The chain's verdict, for the roles that may ask (auditor, admin); the API walks the whole chain,
 * so one answer is shared by the banner and every entry page. React-admin's refresh asks again.
 */
export function useLedgerVerdict() {
  const { canAccess: mayVerify } = useCanAccess({ resource: 'decisions', action: 'verify' });
  const logoutIfAccessDenied = useLogoutIfAccessDenied();
  const dataProvider = useDataProvider<AppDataProvider>();
  const query = useQuery({
    queryKey: ['decisions', 'verify'],
    queryFn: async ({ signal }) => {
      try {
        return await dataProvider.verifyLedger(signal);
      } catch (error) {
        await logoutIfAccessDenied(error);
        throw error;
      }
    },
    enabled: mayVerify === true,
  });
  return { ...query, mayVerify: mayVerify === true };
}
