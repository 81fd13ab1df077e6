import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { fieldError, formError, gql } from '../api';
import { FormField, FormNotice, useCheckedSubmit } from '../components/form-field';
import { usePageTitle } from '../components/page-title';
import { nextPath } from '../safe-links';
import { USER_FIELDS, useSession, type SessionUser } from '../session';

export default function SignInPage() {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const navigate = useNavigate();
  // After a refused sign-in the focus goes to the field to correct, or to the notice saying why.
  const { problems, error, busy, form, notice, submit: send } = useCheckedSubmit();
  const [params] = useSearchParams();
  /** Kept so that "Forgot password?" can take it along (in the page's state, never the address). */
  const [email, setEmail] = useState('');
  usePageTitle(t('auth.signInTitle'));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields = new FormData(event.currentTarget);
    await send({}, async () => {
      const { login } = await gql<{ login: { accessToken: string; user: SessionUser } }>(
        `mutation Login($input: LoginInput!) { login(input: $input) { accessToken user { ${USER_FIELDS} } } }`,
        { input: { email: fields.get('email'), password: fields.get('password') } },
      );
      signIn(login.accessToken, login.user);
      // Back to the page that sent the person here (only a path on this site), else home.
      navigate(nextPath(params.get('next')), { replace: true });
    });
  }

  return (
    <section className="narrow">
      <h1>{t('auth.signInTitle')}</h1>
      <form ref={form} onSubmit={(event) => void submit(event)} noValidate>
        <FormNotice notice={notice} error={formError(error)} problems={problems} />
        <FormField
          label={t('auth.email')}
          name="email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={fieldError(error, 'email')}
        />
        <FormField
          label={t('auth.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={fieldError(error, 'password')}
        />
        <button type="submit" className="primary" disabled={busy}>
          {t('auth.signInSubmit')}
        </button>
      </form>
      <p>
        <Link to="/forgot-password" state={{ email: email.trim() }}>
          {t('auth.forgotPassword')}
        </Link>
      </p>
      <p>
        {t('auth.noAccount')} <Link to="/register">{t('nav.register')}</Link>
      </p>
    </section>
  );
}
