import { Alert } from '@mui/material';
import { Login, LoginForm, useTranslate } from 'react-admin';
import { session } from '../api/session';

/** react-admin's login page, with the notice of an expired session when that is why the user is here. */
export function LoginPage() {
  const translate = useTranslate();
  const expired = session.wasExpired();
  return (
    <Login>
      {expired && (
        <Alert severity="warning" sx={{ mx: 2, mt: 1 }} data-testid="session-expired">
          {translate('aftersale.auth.session_expired')}
        </Alert>
      )}
      <LoginForm />
    </Login>
  );
}
