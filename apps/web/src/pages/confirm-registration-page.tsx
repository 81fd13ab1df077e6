import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { gql, refusesLink } from '../api';
import { ErrorNotice } from '../components/error-notice';
import { usePageTitle } from '../components/page-title';
import { USER_FIELDS, useSession, type SessionUser } from '../session';
import { useFocusKept } from '../components/form-field';

/**
 * Where the sign-up e-mail's link leads: `/confirm-registration#token=…` (the token in the fragment,
 * which the browser never sends). The account is made when the person presses the button, not when
 * the page opens, so that a mail scanner that opens links makes nothing. It signs them in.
 */
export default function ConfirmRegistrationPage() {
  const { t } = useTranslation();
  const { signIn, user } = useSession();
  const navigate = useNavigate();
  const { hash } = useLocation();
  const token = new URLSearchParams(hash.slice(1)).get('token') ?? '';
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  useFocusKept(busy);
  usePageTitle(t('auth.confirmTitle'));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const { confirmRegistration } = await gql<{
        confirmRegistration: { accessToken: string; user: SessionUser };
      }>(
        `mutation ConfirmRegistration($token: String!) { confirmRegistration(token: $token) { accessToken user { ${USER_FIELDS} } } }`,
        { token },
      );
      signIn(confirmRegistration.accessToken, confirmRegistration.user);
      navigate('/profile');
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  const again = <Link to="/register">{t('auth.signUpAgain')}</Link>;
  return (
    <section className="narrow">
      <h1>{t('auth.confirmTitle')}</h1>
      {!token ? (
        <div className="notice notice-error" role="alert">
          <p>{t('auth.confirmIncomplete')}</p>
          <p>{again}</p>
        </div>
      ) : refusesLink(error) && user ? (
        // A used link opened again by someone signed in (most likely the account it made): the way on
        // is their account, not signing up again.
        <p className="notice" role="status">
          {t('auth.confirmSignedIn', { name: user.displayName })}{' '}
          <Link to="/profile">{t('nav.profile')}</Link>
        </p>
      ) : refusesLink(error) ? (
        // A used or expired link: the button would only be refused again, so only the way on is offered.
        <div className="notice notice-error" role="alert">
          <p>{error.message}</p>
          <p>{again}</p>
        </div>
      ) : (
        <form onSubmit={(event) => void submit(event)} noValidate>
          {/* The page has no fields: any other refusal (the address got an account meanwhile) shows here. */}
          <ErrorNotice error={error} />
          <p>{t('auth.confirmIntro')}</p>
          <button type="submit" className="primary" disabled={busy}>
            {t('auth.confirmSubmit')}
          </button>
        </form>
      )}
    </section>
  );
}
