import { Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import {
  Create,
  FormDataConsumer,
  NumberInput,
  SaveButton,
  SelectInput,
  SimpleForm,
  TextInput,
  Toolbar,
  maxLength,
  minLength,
  required,
  useDataProvider,
  useGetIdentity,
  useLocaleState,
  useNotify,
  useRedirect,
  useTranslate,
} from 'react-admin';
import { PROJECT_CATEGORIES } from '../../../domain/lifecycle';
import type { AppDataProvider } from '../data/dataProvider';
import { amountInWords } from '../i18n/amountInWords';
import { asAppLocale } from '../i18n/locale';
import { useFormat } from '../i18n/useFormat';
import type { Team } from '../types';
import { validateNotBlank } from './decisionForm';
import { toProposalBody, validateWholeVnd, type ProposalFormValues } from './proposalForm';
import { teamLabel, useTeams } from './teams';
import { ProposalBody } from '../../../domain/schemas';
import { refusalErrors, schemaErrors } from './actions/commandForm';
import { ProposalExtraFields } from './ProposalFields';

const categoryChoices = PROJECT_CATEGORIES.map((category) => ({ id: category, name: `app.category.${category}` }));
const validateTitle = [required(), validateNotBlank, minLength(3), maxLength(200)];
const validateSummary = [required(), validateNotBlank, minLength(10), maxLength(4000)];
const validateBudget = [required(), validateWholeVnd];

const LeadTeamInput = ({ unitCode }: { unitCode: string | undefined }) => {
  const { data, isPending } = useTeams(unitCode);
  const [locale] = useLocaleState();
  return (
    <SelectInput
      source="leadTeamCode"
      choices={data ?? []}
      optionValue="code"
      optionText={(team: Team) => `${teamLabel(team, asAppLocale(locale))} (${team.code})`}
      translateChoice={false}
      isPending={isPending}
      validate={required()}
    />
  );
};

const AmountWords = ({ vnd }: { vnd: number }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const [words, setWords] = useState<{ vnd: number; locale: string; text: string | null } | null>(null);
  useEffect(() => {
    let current = true;
    void amountInWords(vnd, asAppLocale(locale)).then((text) => current && setWords({ vnd, locale, text }));
    return () => {
      current = false;
    };
  }, [vnd, locale]);
  // Words of another amount or language are never shown, not even for a moment.
  if (!words?.text || words.vnd !== vnd || words.locale !== locale) return null;
  return <div data-testid="budget-in-words">{translate('app.project.budget_in_words', { words: words.text })}</div>;
};

/** The amount in figures and in words, as on a payment order, so a slipped zero shows at once. */
const BudgetInWords = () => {
  const format = useFormat();
  const translate = useTranslate();
  return (
    <FormDataConsumer<ProposalFormValues>>
      {({ formData }) =>
        validateWholeVnd(formData.requestedBudgetVnd) === undefined && formData.requestedBudgetVnd != null ? (
          <Typography variant="caption" color="text.secondary" component="div" sx={{ mt: -1, mb: 2 }}>
            {translate('app.project.budget_preview', { amount: format.money(Number(formData.requestedBudgetVnd)) })}
            <AmountWords vnd={Number(formData.requestedBudgetVnd)} />
          </Typography>
        ) : null
      }
    </FormDataConsumer>
  );
};

/** R9: who the project is for and how many people, published on the portal. */
const BeneficiaryFields = () => {
  const translate = useTranslate();
  return (
    <>
      <Typography variant="subtitle1" sx={{ mt: 1 }}>
        {translate('app.project.beneficiaries')}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {translate('app.project.beneficiaries_help')}
      </Typography>
      <TextInput source="beneficiaries.who" label="app.project.beneficiaries_who" multiline />
      <NumberInput source="beneficiaries.count" label="app.project.beneficiaries_count" min={0} step={1} />
    </>
  );
};

/** R2: a proposal names its lead team and budget; the API opens the screening step at once. */
export const ProjectCreate = () => {
  const dataProvider = useDataProvider<AppDataProvider>();
  const notify = useNotify();
  const redirect = useRedirect();
  const { identity, isPending } = useGetIdentity();
  const [locale] = useLocaleState();
  // The API's own schema, in the user's language (R5 indicators, R1 capabilities included).
  const validate = (values: Record<string, unknown>) => schemaErrors(ProposalBody, toProposalBody(values as ProposalFormValues), asAppLocale(locale));

  const submit = async (values: Record<string, unknown>) => {
    try {
      const project = await dataProvider.createProject(toProposalBody(values as ProposalFormValues));
      notify('app.project.created', { type: 'success', messageArgs: { code: project.code } });
      redirect('show', 'projects', project.id);
      return undefined;
    } catch (error) {
      const fieldErrors = refusalErrors(error);
      if (fieldErrors) return fieldErrors;
      notify(error instanceof Error && error.message ? error.message : 'app.errors.unexpected', { type: 'error' });
      return undefined;
    }
  };

  return (
    <Create>
      {isPending ? null : (
        <SimpleForm
          onSubmit={submit}
          validate={validate}
          defaultValues={{ category: 'other', leadTeamCode: identity?.teamCode ?? '', requestedBudgetVnd: 0 }}
          sx={{ maxWidth: 720 }}
          toolbar={
            <Toolbar>
              <SaveButton label="app.project.submit" alwaysEnable />
            </Toolbar>
          }
        >
          <TextInput source="title" validate={validateTitle} />
          <TextInput source="summary" multiline minRows={4} validate={validateSummary} />
          <SelectInput source="category" choices={categoryChoices} validate={required()} />
          <LeadTeamInput unitCode={identity?.unitCode} />
          <NumberInput source="requestedBudgetVnd" min={0} step={1_000_000} validate={validateBudget} />
          <BudgetInWords />
          <BeneficiaryFields />
          <ProposalExtraFields />
        </SimpleForm>
      )}
    </Create>
  );
};
