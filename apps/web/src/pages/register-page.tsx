import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { fieldError, formError, gql } from '../api';
import { MIN_PASSWORD } from '../components/account-security';
import { ErrorNotice } from '../components/error-notice';
import { FormField } from '../components/form-field';
import { LocaleSelect } from '../components/locale-select';
import { usePageTitle } from '../components/page-title';

export default function RegisterPage() {
  const { t, i18n } = useTranslation();
  const [error, setError] = useState<unknown>();
  /** The address the link went to, once sent: the account is made when it is opened. */
  const [sentTo, setSentTo] = useState<string>();
  const [busy, setBusy] = useState(false);
  /** The language picked for the account; until someone picks one, the page's, as it changes. */
  const [chosenLocale, setChosenLocale] = useState<string>();
  // An invitation's link names the address invited (in the fragment): the account must use it to join.
  const invited = new URLSearchParams(useLocation().hash.slice(1)).get('email');
  usePageTitle(t('auth.registerTitle'));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      await gql<{ register: boolean }>(
        `mutation Register($input: RegisterInput!) { register(input: $input) }`,
        {
          input: {
            email: form.get('email'),
            password: form.get('password'),
            displayName: form.get('displayName'),
            preferredLocale: form.get('preferredLocale'),
          },
        },
      );
      setSentTo(String(form.get('email') ?? '').trim());
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  if (sentTo)
    return (
      <section className="narrow">
        <h1>{t('auth.registerTitle')}</h1>
        <p className="notice notice-success" role="status">
          {t('auth.registerSent', { email: sentTo })}
        </p>
        <p>
          {t('auth.haveAccount')} <Link to="/sign-in">{t('nav.signIn')}</Link>
        </p>
      </section>
    );

  return (
    <section className="narrow">
      <h1>{t('auth.registerTitle')}</h1>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <ErrorNotice error={formError(error)} />
        <FormField
          label={t('auth.displayName')}
          name="displayName"
          autoComplete="name"
          required
          error={fieldError(error, 'displayName')}
        />
        <FormField
          label={t('auth.email')}
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={invited ?? undefined}
          error={fieldError(error, 'email')}
        />
        <FormField
          label={t('auth.password')}
          name="password"
          type="password"
          autoComplete="new-password"
          required
          hint={t('auth.passwordHint', { count: MIN_PASSWORD })}
          error={fieldError(error, 'password')}
        />
        <LocaleSelect
          name="preferredLocale"
          label={t('auth.preferredLanguage')}
          value={chosenLocale ?? i18n.language}
          onChange={setChosenLocale}
          error={fieldError(error, 'preferredLocale')}
        />
        <button type="submit" className="primary" disabled={busy}>
          {t('auth.registerSubmit')}
        </button>
      </form>
      <p>
        {t('auth.haveAccount')} <Link to="/sign-in">{t('nav.signIn')}</Link>
      </p>
    </section>
  );
}
