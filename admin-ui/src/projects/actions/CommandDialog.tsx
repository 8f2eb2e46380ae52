import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, type ButtonProps } from '@mui/material';
import { useState, type ReactNode } from 'react';
import { Form, SaveButton, useLocaleState, useNotify, useRefresh, useTranslate } from 'react-admin';
import type { z } from 'zod';
import { ApiError } from '../../data/httpClient';
import { asAppLocale } from '../../i18n/locale';
import { refusalErrors, samePath, schemaErrors, type FieldOf } from './commandForm';

export interface CommandDialogProps<B> {
  /** data-testid of the opening button; the dialog's submit is `${testId}-submit`. */
  testId: string;
  label: string;
  title: string;
  titleArgs?: Record<string, unknown>;
  intro?: string;
  /** The API's own schema for the body (domain/schemas.ts). */
  schema: z.ZodType;
  toBody: (values: Record<string, any>) => B;
  send: (body: B) => Promise<unknown>;
  fieldOf?: FieldOf;
  defaultValues?: Record<string, unknown>;
  buttonProps?: Pick<ButtonProps, 'color' | 'variant' | 'size' | 'startIcon'>;
  children: ReactNode;
}

/**
 * A button that opens one stage command's form. The form checks the body with the API's schema in
 * the user's language, sends it once (the data provider's Idempotency-Key), and puts the API's
 * refusal on the field it names.
 */
export function CommandDialog<B>({ testId, label, title, titleArgs, intro, schema, toBody, send, fieldOf = samePath, defaultValues, buttonProps, children }: CommandDialogProps<B>) {
  const [open, setOpen] = useState(false);
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [locale] = useLocaleState();

  const validate = (values: Record<string, any>) => schemaErrors(schema, toBody(values), asAppLocale(locale), fieldOf);

  const submit = async (values: Record<string, any>) => {
    try {
      await send(toBody(values));
      notify('app.actions.recorded', { type: 'success' });
      setOpen(false);
      refresh();
      return undefined;
    } catch (error) {
      const fieldErrors = refusalErrors(error, fieldOf);
      if (fieldErrors) return fieldErrors;
      notify(error instanceof Error && error.message ? error.message : 'app.errors.unexpected', { type: 'error' });
      if (error instanceof ApiError && error.status === 409) {
        setOpen(false);
        refresh();
      }
      return undefined;
    }
  };

  return (
    <>
      <Button data-testid={testId} variant="outlined" {...buttonProps} onClick={() => setOpen(true)}>
        {translate(label)}
      </Button>
      {open && (
        <Dialog open onClose={() => setOpen(false)} fullWidth maxWidth="md" aria-labelledby={`${testId}-title`}>
          <Form onSubmit={submit} validate={validate} defaultValues={defaultValues} noValidate>
            <DialogTitle id={`${testId}-title`}>{translate(title, titleArgs)}</DialogTitle>
            <DialogContent>
              {intro && <DialogContentText sx={{ mb: 2 }}>{translate(intro)}</DialogContentText>}
              {children}
            </DialogContent>
            <DialogActions>
              <Button onClick={() => setOpen(false)}>{translate('ra.action.cancel')}</Button>
              <SaveButton data-testid={`${testId}-submit`} label="app.actions.send" alwaysEnable />
            </DialogActions>
          </Form>
        </Dialog>
      )}
    </>
  );
}
