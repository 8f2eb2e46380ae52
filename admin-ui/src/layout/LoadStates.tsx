import ReplayIcon from '@mui/icons-material/Replay';
import { Alert, AlertTitle, Box, Button, Typography } from '@mui/material';
import { useListContext, useShowContext, useTranslate } from 'react-admin';

/** The API's sentence (already in the user's language) or a catalogue key from the data layer. */
export function useErrorText(): (error: unknown) => string {
  const translate = useTranslate();
  return (error) => {
    const message = error instanceof Error ? error.message : typeof error === 'string' ? error : 'app.errors.unexpected';
    return translate(message, { _: message });
  };
}

interface ErrorStateProps {
  error: unknown;
  title: string;
  help: string;
  onRetry?: () => void;
  testId?: string;
}

/** What failed, why (the API's words), and what to do next. */
export const ErrorState = ({ error, title, help, onRetry, testId }: ErrorStateProps) => {
  const translate = useTranslate();
  const errorText = useErrorText();
  return (
    <Alert
      severity="error"
      data-testid={testId}
      sx={{ m: 2 }}
      action={
        onRetry ? (
          <Button color="inherit" size="small" startIcon={<ReplayIcon />} onClick={onRetry}>
            {translate('app.errors.retry')}
          </Button>
        ) : undefined
      }
    >
      <AlertTitle>{translate(title)}</AlertTitle>
      <Typography variant="body2">{errorText(error)}</Typography>
      <Typography variant="body2">{translate(help)}</Typography>
    </Alert>
  );
};

/** An empty list or table: what it means and what the user can do. */
export const EmptyState = ({ title, help, testId }: { title: string; help: string; testId?: string }) => {
  const translate = useTranslate();
  return (
    <Box data-testid={testId} sx={{ p: 3, textAlign: 'center' }}>
      <Typography variant="subtitle1">{translate(title)}</Typography>
      <Typography variant="body2" color="text.secondary">
        {translate(help)}
      </Typography>
    </Box>
  );
};

/** <List error={…}>: the list's own error, with a retry. */
export const ListErrorState = ({ title, help }: { title: string; help: string }) => {
  const { error, refetch } = useListContext();
  return <ErrorState error={error} title={title} help={help} onRetry={() => void refetch()} testId="list-error" />;
};

/** <Show error={…}>: a missing or unreadable record, with a retry. */
export const ShowErrorState = ({ title, help }: { title: string; help: string }) => {
  const { error, refetch } = useShowContext();
  return <ErrorState error={error} title={title} help={help} onRetry={() => void refetch()} testId="show-error" />;
};
