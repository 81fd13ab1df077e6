import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { fieldError, formError, gql } from '../api';
import { signInPath } from '../safe-links';
import { USER_FIELDS, useSession, type SessionUser } from '../session';
import { ErrorNotice } from './error-notice';
import { FormField, FormNotice, useCheckedSubmit, useFocusKept } from './form-field';

/** What the API asks of a new password (registration, a change); it checks again and names the field. */
export const MIN_PASSWORD = 10;

/**
 * A new password and its confirmation, as changing and resetting a password both ask for them;
 * `mismatch` is the caller's check that the two agree.
 */
export function NewPasswordFields({ error, mismatch }: { error: unknown; mismatch: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <FormField
        label={t('profile.newPassword')}
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        hint={t('auth.passwordHint', { count: MIN_PASSWORD })}
        error={fieldError(error, 'newPassword')}
      />
      <FormField
        label={t('profile.confirmPassword')}
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        required
        error={mismatch ? t('profile.passwordMismatch') : undefined}
      />
    </>
  );
}

/** A confirmation that differs from the new password, as a problem on its field (none when they agree). */
export function mismatchOf(form: FormData, message: string): Record<string, string> {
  return form.get('newPassword') === form.get('confirmPassword') ? {} : { confirmPassword: message };
}

/** Changing the password ends every other session; the new token replaces this one's. */
export function ChangePasswordForm() {
  const { t } = useTranslation();
  const { signIn } = useSession();
  // After a refused change the focus goes to the first field to correct, or to the notice saying why.
  const { problems, error, busy, form, notice, submit: send } = useCheckedSubmit();
  const [changed, setChanged] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const fields = new FormData(formElement);
    setChanged(false);
    const newPassword = String(fields.get('newPassword') ?? '');
    await send(mismatchOf(fields, t('profile.passwordMismatch')), async () => {
      const { changePassword } = await gql<{ changePassword: { accessToken: string; user: SessionUser } }>(
        `mutation ChangePassword($input: ChangePasswordInput!) { changePassword(input: $input) { accessToken user { ${USER_FIELDS} } } }`,
        { input: { currentPassword: fields.get('currentPassword'), newPassword } },
      );
      signIn(changePassword.accessToken, changePassword.user);
      formElement.reset();
      setChanged(true);
    });
  }

  return (
    <form
      ref={form}
      onSubmit={(event) => void submit(event)}
      noValidate
      aria-labelledby="change-password-title"
    >
      <h2 id="change-password-title">{t('profile.passwordTitle')}</h2>
      <FormNotice notice={notice} error={formError(error)} problems={problems} />
      <FormField
        label={t('profile.currentPassword')}
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        error={fieldError(error, 'currentPassword')}
      />
      <NewPasswordFields error={error} mismatch={!!problems.confirmPassword} />
      <button type="submit" className="primary" disabled={busy}>
        {t('profile.changePassword')}
      </button>
      {changed && (
        <p className="notice notice-success" role="status">
          {t('profile.passwordChanged')}
        </p>
      )}
    </form>
  );
}

/** Revokes every token of the person's, this browser's included, which then signs out as well. */
export function SignOutEverywhere() {
  const { t } = useTranslation();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  useFocusKept(busy);

  async function signOutEverywhere() {
    setBusy(true);
    setError(undefined);
    try {
      await gql<{ signOutEverywhere: boolean }>(`mutation SignOutEverywhere { signOutEverywhere }`);
      signOut();
      navigate(signInPath('/profile'));
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t('profile.sessionsTitle')}</h2>
      <p id="sign-out-everywhere-hint">{t('profile.signOutEverywhereHint')}</p>
      <ErrorNotice error={error} />
      <button
        type="button"
        className="danger"
        disabled={busy}
        aria-describedby="sign-out-everywhere-hint"
        onClick={() => void signOutEverywhere()}
      >
        {t('profile.signOutEverywhere')}
      </button>
    </section>
  );
}
