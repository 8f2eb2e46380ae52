// Units (wards, communes) and the chair each names: the last rung of every escalation ladder.
import { Typography } from '@mui/material';
import { DataTable, List, useTranslate } from 'react-admin';
import { ListErrorState } from '../layout/LoadStates';
import type { ListItemOf } from '../types';

type UnitRow = ListItemOf<'UnitSchema'>;
const Column = DataTable.Col<UnitRow>;

export const UnitList = () => {
  const translate = useTranslate();
  return (
    <List data-testid="unit-list" sort={{ field: 'code', order: 'ASC' }} exporter={false} queryOptions={{ onError: () => undefined }} error={<ListErrorState title="app.errors.load" help="app.errors.load_help" />}>
      <DataTable<UnitRow> bulkActionButtons={false} rowClick={false}>
        <Column source="code" />
        <Column source="nameVi" disableSort />
        <Column source="province" disableSort />
        <Column
          source="chairName"
          disableSort
          render={(u) =>
            u.chairName ? (
              <span data-testid="unit-chair">{u.chairName}</span>
            ) : (
              <Typography component="span" variant="body2" color="warning.main" data-testid="unit-chair-missing">
                {translate('app.admin.no_unit_chair')}
              </Typography>
            )
          }
        />
      </DataTable>
    </List>
  );
};
