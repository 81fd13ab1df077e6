import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { formError, gql, refusesLink } from '../api';
import { mismatchOf, NewPasswordFields } from '../components/account-security';
import { FormNotice, focusIfDropped, useCheckedSubmit } from '../components/form-field';
import { usePageTitle } from '../components/page-title';
import { USER_FIELDS, useSession, type SessionUser } from '../session';

/**
 * Where the e-mailed link leads: `/reset-password#token=…`. The token is in the fragment, which the
 * browser never sends to the server. Setting the password signs the person in.
 */
export default function ResetPasswordPage() {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const { hash } = useLocation();
  const token = new URLSearchParams(hash.slice(1)).get('token') ?? '';
  // After a refused attempt the focus goes to the first field to correct, or to the notice saying why.
  const { problems, error, busy, form, notice, submit: send } = useCheckedSubmit();
  const [done, setDone] = useState(false);
  usePageTitle(t('auth.resetTitle'));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields = new FormData(event.currentTarget);
    const newPassword = String(fields.get('newPassword') ?? '');
    await send(mismatchOf(fields, t('profile.passwordMismatch')), async () => {
      const { resetPassword } = await gql<{ resetPassword: { accessToken: string; user: SessionUser } }>(
        `mutation ResetPassword($token: String!, $newPassword: String!) { resetPassword(token: $token, newPassword: $newPassword) { accessToken user { ${USER_FIELDS} } } }`,
        { token, newPassword },
      );
      signIn(resetPassword.accessToken, resetPassword.user);
      setDone(true);
    });
  }

  const newLink = <Link to="/forgot-password">{t('auth.requestNewLink')}</Link>;
  let content;
  if (done)
    content = (
      <>
        <p className="notice notice-success" role="status" tabIndex={-1} ref={focusIfDropped}>
          {t('auth.resetDone')}
        </p>
        <p>
          <Link to="/profile">{t('auth.goToProfile')}</Link>
        </p>
      </>
    );
  else if (!token)
    content = (
      <div className="notice notice-error" role="alert">
        <p>{t('auth.resetIncomplete')}</p>
        <p>{newLink}</p>
      </div>
    );
  // A used or expired link: the form would only be refused again, so only the way on is offered.
  else if (refusesLink(error))
    content = (
      <div className="notice notice-error" role="alert" tabIndex={-1} ref={focusIfDropped}>
        <p>{error.message}</p>
        <p>{newLink}</p>
      </div>
    );
  else
    content = (
      <form ref={form} onSubmit={(event) => void submit(event)} noValidate>
        <FormNotice notice={notice} error={formError(error)} problems={problems} />
        <NewPasswordFields error={error} mismatch={!!problems.confirmPassword} />
        <button type="submit" className="primary" disabled={busy}>
          {t('auth.resetSubmit')}
        </button>
      </form>
    );

  return (
    <section className="narrow">
      <h1>{t('auth.resetTitle')}</h1>
      {content}
    </section>
  );
}
