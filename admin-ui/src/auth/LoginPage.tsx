import { Box, Typography } from '@mui/material';
import { Login, LoginForm, PasswordInput, TextInput, email, required, useTranslate } from 'react-admin';
import { LocaleSwitcher } from '../layout/LocaleSwitcher';

const validateEmail = [required(), email()];
const validatePassword = [required()];

/** Email + password (the API's login body), with the language choice before signing in. */
export const LoginPage = () => {
  const translate = useTranslate();
  return (
    <Login>
      <Box sx={{ px: 2, textAlign: 'center', maxWidth: 332 }}>
        <Typography variant="h5" component="h1">
          {translate('app.name')}
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5, mb: 1.5 }}>
          {translate('app.tagline')}
        </Typography>
        <LocaleSwitcher color="primary.main" />
      </Box>
      <LoginForm>
        <TextInput
          autoFocus
          source="email"
          type="email"
          label="ra.auth.email"
          autoComplete="username"
          validate={validateEmail}
        />
        <PasswordInput source="password" label="ra.auth.password" autoComplete="current-password" validate={validatePassword} />
      </LoginForm>
    </Login>
  );
};
