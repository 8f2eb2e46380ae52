import ReceiptLongIcon from '@mui/icons-material/ReceiptLong';
import { lazy } from 'react';
import { LedgerList } from './LedgerList';
import type { LedgerEntry } from './types';

// The entry page loads on first use.
const LedgerEntryShow = lazy(() => import('./LedgerEntryShow.js').then((module) => ({ default: module.LedgerEntryShow })));

/** Resource `decisions` (GET /api/ledger): `<Resource name="decisions" {...ledger} />`. */
export const ledger = {
  list: LedgerList,
  show: LedgerEntryShow,
  recordRepresentation: (entry: LedgerEntry) => `#${entry.seq}`,
  icon: ReceiptLongIcon,
};

export default ledger;
