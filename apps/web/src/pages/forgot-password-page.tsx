import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { fieldError, formError, gql } from '../api';
import { FormField, FormNotice, focusIfDropped, useCheckedSubmit } from '../components/form-field';
import { usePageTitle } from '../components/page-title';

/** Asks for a reset link. The answer never says whether the address has an account. */
export default function ForgotPasswordPage() {
  const { t } = useTranslation();
  // After a refused request the focus goes to the address field, or to the notice saying why.
  const { problems, error, busy, form, notice, submit: send } = useCheckedSubmit();
  const [sentTo, setSentTo] = useState<string>();
  // The address typed on the sign-in page, when the person came from there.
  const typed = (useLocation().state as { email?: unknown } | null)?.email;
  usePageTitle(t('auth.forgotTitle'));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get('email') ?? '').trim();
    setSentTo(undefined);
    await send({}, async () => {
      await gql<{ requestPasswordReset: boolean }>(
        `mutation RequestPasswordReset($email: String!) { requestPasswordReset(email: $email) }`,
        { email },
      );
      setSentTo(email);
    });
  }

  return (
    <section className="narrow">
      <h1>{t('auth.forgotTitle')}</h1>
      <p>{t('auth.forgotIntro')}</p>
      <form ref={form} onSubmit={(event) => void submit(event)} noValidate>
        <FormNotice notice={notice} error={formError(error)} problems={problems} />
        <FormField
          label={t('auth.email')}
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={typeof typed === 'string' ? typed : undefined}
          error={fieldError(error, 'email')}
        />
        <button type="submit" className="primary" disabled={busy}>
          {t('auth.forgotSubmit')}
        </button>
      </form>
      {/* Outside the form, which is inert while it sends: it takes the focus the sending dropped. */}
      {sentTo && (
        <p className="notice notice-success" role="status" tabIndex={-1} ref={focusIfDropped}>
          {t('auth.forgotSent', { email: sentTo })}
        </p>
      )}
      <p>
        <Link to="/sign-in">{t('auth.backToSignIn')}</Link>
      </p>
    </section>
  );
}
