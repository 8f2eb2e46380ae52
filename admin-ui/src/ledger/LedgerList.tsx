import {
  AutocompleteInput,
  FilterButton,
  List,
  ReferenceInput,
  SelectInput,
  TextInput,
  TopToolbar,
  useCanAccess,
  useTranslate,
  type TextInputProps,
} from 'react-admin';
import { CHOICES, COMMAND_KINDS, STEP_TYPES } from '../../../domain/lifecycle';
import { ExportButtons } from './ExportButtons';
import { validateFilterDate } from './ledgerFilter';
import { LedgerTable } from './LedgerFields';
import { EmptyState, ListErrorState } from '../layout/LoadStates';
import type { Person } from './types';
import { VerdictBanner } from './VerdictBanner';

const stepTypeChoices = STEP_TYPES.map((type) => ({ id: type, name: `app.step_type.${type}` }));
const choiceChoices = [...CHOICES, ...COMMAND_KINDS].map((choice) => ({ id: choice, name: `app.choice.${choice}` }));

/**
 * A date typed day/month/year in either language: the browser's own date input would show its own
 * locale's order (mm/dd/yyyy in an English browser) whatever language the console speaks.
 */
const DateFilter = ({ alwaysOn: _alwaysOn, ...props }: TextInputProps & { source: 'from' | 'to' }) => {
  const translate = useTranslate();
  return (
    <TextInput
      {...props}
      validate={validateFilterDate}
      placeholder={translate('app.audit.list.date_placeholder')}
      slotProps={{ htmlInput: { inputMode: 'numeric', 'data-testid': `ledger-date-${props.source}` } }}
      sx={{ width: 150 }}
    />
  );
};

// Filters GET /api/ledger accepts (ledgerFilter.ts LEDGER_FILTERS); the person filter needs /api/users.
function ledgerFilters(canFindPeople: boolean) {
  return [
    <TextInput key="q" source="q" alwaysOn resettable />,
    ...(canFindPeople
      ? [
          <ReferenceInput key="actorUserId" source="actorUserId" reference="users" alwaysOn>
            <AutocompleteInput<Person> optionText="displayName" filterToQuery={(search) => ({ q: search })} sx={{ minWidth: 220 }} />
          </ReferenceInput>,
        ]
      : []),
    <SelectInput key="stepType" source="stepType" choices={stepTypeChoices} alwaysOn />,
    <SelectInput key="choice" source="choice" choices={choiceChoices} />,
    <DateFilter key="from" source="from" alwaysOn />,
    <DateFilter key="to" source="to" alwaysOn />,
  ];
}

const LedgerActions = () => (
  <TopToolbar>
    <FilterButton />
    <ExportButtons />
  </TopToolbar>
);

/** R21: the whole ledger, newest first, with the chain's verdict on top for those who may verify. */
export const LedgerList = () => {
  const { canAccess: canFindPeople } = useCanAccess({ resource: 'users', action: 'list' });
  return (
    <>
      <VerdictBanner />
      <List
        data-testid="ledger-list"
        filters={ledgerFilters(canFindPeople === true)}
        actions={<LedgerActions />}
        sort={{ field: 'seq', order: 'DESC' }}
        perPage={25}
        exporter={false}
        // The error state below says it; no second notification.
        queryOptions={{ onError: () => undefined }}
        empty={<EmptyState testId="ledger-empty" title="app.audit.list.empty" help="app.audit.list.empty_help" />}
        error={<ListErrorState title="app.audit.list.error" help="app.audit.list.error_help" />}
      >
        <LedgerTable empty={<EmptyState testId="ledger-no-match" title="app.audit.list.no_match" help="app.audit.list.no_match_help" />} />
      </List>
    </>
  );
};
