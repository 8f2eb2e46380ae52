import { Button, Stack, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import { useState } from 'react';
import { ArrayInput, CheckboxGroupInput, NumberInput, SimpleFormIterator, TextInput, useLocaleState, useTranslate } from 'react-admin';
import { useFormContext } from 'react-hook-form';
import { INDICATOR_CATALOGUE } from '../../../domain/indicators';
import { CAPABILITIES } from '../../../domain/matching';
import { asAppLocale } from '../i18n/locale';

const capabilityChoices = CAPABILITIES.map((c) => ({ id: c, name: `app.capability.${c}` }));

/** Adds a common indicator (domain/indicators.ts) in the user's language; baseline and target stay to fill in. */
const CatalogueAdd = ({ name }: { name: string }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const lang = asAppLocale(locale);
  // setValue on the whole array: react-admin's ArrayInput owns the field array and follows it.
  const { getValues, setValue } = useFormContext();
  const [code, setCode] = useState('');
  const taken = new Set(((getValues(name) ?? []) as { code?: string }[]).map((i) => i.code));
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 2 }}>
      <select aria-label={translate('app.actions.proposal.catalogue')} data-testid="indicator-catalogue" value={code} onChange={(e) => setCode(e.target.value)} style={{ padding: 6 }}>
        <option value="">{translate('app.actions.proposal.catalogue')}…</option>
        {INDICATOR_CATALOGUE.filter((i) => !taken.has(i.code)).map((i) => (
          <option key={i.code} value={i.code}>
            {i.name[lang]} ({i.unit[lang]})
          </option>
        ))}
      </select>
      <Button
        size="small"
        startIcon={<AddIcon />}
        data-testid="indicator-catalogue-add"
        disabled={!code}
        onClick={() => {
          const item = INDICATOR_CATALOGUE.find((i) => i.code === code);
          if (item) setValue(name, [...((getValues(name) ?? []) as unknown[]), { code: item.code, name: item.name[lang], unit: item.unit[lang], baseline: 0, target: null }], { shouldDirty: true });
          setCode('');
        }}
      >
        {translate('ra.action.add')}
      </Button>
    </Stack>
  );
};

/** R1, R5: what partner matching must cover, and how the outcome will be measured. */
export const ProposalExtraFields = ({ prefix = '' }: { prefix?: string }) => {
  const translate = useTranslate();
  return (
    <>
      <CheckboxGroupInput source={`${prefix}requiredCapabilities`} label="app.actions.proposal.capabilities" helperText="app.actions.proposal.capabilities_help" choices={capabilityChoices} />
      <Typography variant="subtitle1" sx={{ mt: 2 }}>
        {translate('app.actions.proposal.indicators')}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {translate('app.actions.proposal.indicators_help')}
      </Typography>
      <CatalogueAdd name={`${prefix}indicators`} />
      <ArrayInput source={`${prefix}indicators`} label={false}>
        <SimpleFormIterator inline disableReordering>
          <TextInput source="code" label="app.actions.proposal.code" sx={{ width: 150 }} />
          <TextInput source="name" label="app.actions.proposal.name" />
          <TextInput source="unit" label="app.actions.proposal.unit" sx={{ width: 120 }} />
          <NumberInput source="baseline" label="app.actions.proposal.baseline" sx={{ width: 120 }} />
          <NumberInput source="target" label="app.actions.proposal.target" sx={{ width: 120 }} />
        </SimpleFormIterator>
      </ArrayInput>
    </>
  );
};
