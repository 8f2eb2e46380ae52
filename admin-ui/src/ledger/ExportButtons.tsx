import DownloadIcon from '@mui/icons-material/Download';
import { Button, CircularProgress } from '@mui/material';
import { useState } from 'react';
import { useCanAccess, useDataProvider, useListContext, useLogoutIfAccessDenied, useNotify, useTranslate } from 'react-admin';
import type { AppDataProvider } from '../data/dataProvider';
import { useErrorText } from '../layout/LoadStates';
import { exportFileName, fileNameFromDisposition, toLedgerApiFilter, type ExportFormat } from './ledgerFilter';

function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The browser has taken the file by the next tasks; keep the URL a while for slow disks.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

const ExportButton = ({ format }: { format: ExportFormat }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const errorText = useErrorText();
  const logoutIfAccessDenied = useLogoutIfAccessDenied();
  const dataProvider = useDataProvider<AppDataProvider>();
  const { filterValues, filter } = useListContext();
  const [running, setRunning] = useState(false);

  const exportNow = async () => {
    setRunning(true);
    try {
      // Every entry the list shows with these filters, not only the current page.
      const apiFilter = toLedgerApiFilter({ ...filterValues, ...filter });
      const { blob, disposition } = await dataProvider.exportLedger(format, apiFilter);
      const file = fileNameFromDisposition(disposition) ?? exportFileName(format, apiFilter);
      saveBlob(blob, file);
      notify('app.audit.export.done', { type: 'success', messageArgs: { file } });
    } catch (error) {
      if (!(await logoutIfAccessDenied(error))) notify('app.audit.export.failed', { type: 'error', messageArgs: { message: errorText(error) } });
    } finally {
      setRunning(false);
    }
  };

  return (
    <Button
      size="small"
      data-testid={`ledger-export-${format}`}
      startIcon={running ? <CircularProgress size={16} /> : <DownloadIcon />}
      disabled={running}
      onClick={() => void exportNow()}
      aria-busy={running}
    >
      {translate(running ? 'app.audit.export.running' : `app.audit.export.${format}`)}
    </Button>
  );
};

/** CSV and JSON downloads of the filtered ledger, for the roles the API lets export (auditor, admin). */
export const ExportButtons = () => {
  const { canAccess } = useCanAccess({ resource: 'decisions', action: 'export' });
  if (canAccess !== true) return null;
  return (
    <>
      <ExportButton format="csv" />
      <ExportButton format="json" />
    </>
  );
};
