import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { fieldError, formError, gql } from '../api';
import { MIN_PASSWORD } from '../components/account-security';
import { FormField, FormNotice, focusIfDropped, useCheckedSubmit } from '../components/form-field';
import { LocaleSelect } from '../components/locale-select';
import { usePageTitle } from '../components/page-title';

export default function RegisterPage() {
  const { t, i18n } = useTranslation();
  // After a refused sign-up the focus goes to the first field to correct, or to the notice saying why.
  const { problems, error, busy, form, notice, submit: send } = useCheckedSubmit();
  /** The address the link went to, once sent: the account is made when it is opened. */
  const [sentTo, setSentTo] = useState<string>();
  /** The language picked for the account; until someone picks one, the page's, as it changes. */
  const [chosenLocale, setChosenLocale] = useState<string>();
  // An invitation's link names the address invited (in the fragment): the account must use it to join.
  const invited = new URLSearchParams(useLocation().hash.slice(1)).get('email');
  usePageTitle(t('auth.registerTitle'));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields = new FormData(event.currentTarget);
    await send({}, async () => {
      await gql<{ register: boolean }>(
        `mutation Register($input: RegisterInput!) { register(input: $input) }`,
        {
          input: {
            email: fields.get('email'),
            password: fields.get('password'),
            displayName: fields.get('displayName'),
            preferredLocale: fields.get('preferredLocale'),
          },
        },
      );
      setSentTo(String(fields.get('email') ?? '').trim());
    });
  }

  if (sentTo)
    return (
      <section className="narrow">
        <h1>{t('auth.registerTitle')}</h1>
        <p className="notice notice-success" role="status" tabIndex={-1} ref={focusIfDropped}>
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
      <form ref={form} onSubmit={(event) => void submit(event)} noValidate>
        <FormNotice notice={notice} error={formError(error)} problems={problems} />
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
