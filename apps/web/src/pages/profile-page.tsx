import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { fieldError, formError, gql } from '../api';
import { ChangePasswordForm, SignOutEverywhere } from '../components/account-security';
import { Loading } from '../components/error-notice';
import { Checkbox, FormField, FormNotice, useCheckedSubmit } from '../components/form-field';
import { LocaleSelect } from '../components/locale-select';
import { usePageTitle } from '../components/page-title';
import { regionName } from '../format';
import { switchLanguage } from '../i18n';
import { isLocale } from '../language';
import { signInPath } from '../safe-links';
import { useOwnOrganisations } from '../own-organisations';
import { mayWriteCaseStudies, USER_FIELDS, useSession, type SessionUser } from '../session';

export default function ProfilePage() {
  const { t, i18n } = useTranslation();
  const { user, checking, update } = useSession();
  // After a refused save the focus goes to the field to correct, or to the notice saying why.
  const { problems, error, busy, form, notice, submit: send } = useCheckedSubmit();
  const [saved, setSaved] = useState(false);
  usePageTitle(t('profile.title'));

  if (checking) return <Loading />;
  if (!user)
    return (
      <section className="narrow">
        <h1>{t('profile.title')}</h1>
        <p>
          {t('profile.signInFirst')} <Link to={signInPath('/profile')}>{t('nav.signIn')}</Link>
        </p>
      </section>
    );

  const stored = user.preferredLocale;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields = new FormData(event.currentTarget);
    setSaved(false);
    await send({}, async () => {
      const { updateProfile } = await gql<{ updateProfile: SessionUser }>(
        `mutation UpdateProfile($input: UpdateProfileInput!) { updateProfile(input: $input) { ${USER_FIELDS} } }`,
        {
          input: {
            displayName: fields.get('displayName'),
            preferredLocale: fields.get('preferredLocale'),
            mentionMail: fields.get('mentionMail') === 'on',
          },
        },
      );
      const changed = updateProfile.preferredLocale !== stored;
      update(updateProfile);
      // A newly chosen preferred language is also the one this browser shows from now on; saving
      // other changes leaves the language the person is reading in alone.
      if (changed && isLocale(updateProfile.preferredLocale))
        await switchLanguage(updateProfile.preferredLocale);
      setSaved(true);
    });
  }

  return (
    <section className="narrow">
      <h1>{t('profile.title')}</h1>
      <p>{t('profile.signedInAs', { email: user.email })}</p>
      {user.grants.length > 0 && (
        <>
          <h2>{t('profile.roles')}</h2>
          <ul>
            {user.grants.map((grant) => (
              <li key={`${grant.role}-${grant.countryCode ?? ''}`}>
                {grant.countryCode
                  ? t('people.roleIn', {
                      role: t(`common:roles.${grant.role}`),
                      country: regionName(grant.countryCode, i18n.language),
                    })
                  : t(`common:roles.${grant.role}`)}
              </li>
            ))}
          </ul>
        </>
      )}
      <OrganisationsAndWriting user={user} />
      <form ref={form} onSubmit={(event) => void submit(event)} noValidate>
        <FormNotice notice={notice} error={formError(error)} problems={problems} />
        <FormField
          label={t('auth.displayName')}
          name="displayName"
          defaultValue={user.displayName}
          autoComplete="name"
          error={fieldError(error, 'displayName')}
        />
        <LocaleSelect
          name="preferredLocale"
          label={t('auth.preferredLanguage')}
          defaultValue={user.preferredLocale}
          error={fieldError(error, 'preferredLocale')}
        />
        <Checkbox
          name="mentionMail"
          defaultChecked={user.mentionMail}
          label={t('profile.mentionMail')}
          hint={t('profile.mentionMailHint')}
        />
        <button type="submit" className="primary" disabled={busy}>
          {t('profile.save')}
        </button>
        {saved && (
          <p className="notice notice-success" role="status">
            {t('profile.saved')}
          </p>
        )}
      </form>
      <ChangePasswordForm />
      <SignOutEverywhere />
    </section>
  );
}

/** The organisations the person belongs to, and where a person who writes case studies finds theirs. */
function OrganisationsAndWriting({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const own = useOwnOrganisations(user);
  const organisations = own.nodes ?? [];
  return (
    <>
      {organisations.length > 0 && (
        <>
          <h2>{t('profile.organisations')}</h2>
          <ul className="link-list">
            {organisations.map((organisation) => (
              <li key={organisation.id}>
                <Link to={`/organisations/${organisation.id}`}>{organisation.name}</Link>
              </li>
            ))}
          </ul>
        </>
      )}
      {mayWriteCaseStudies(user, organisations.length) && <WritingLinks />}
    </>
  );
}

function WritingLinks() {
  const { t } = useTranslation();
  return (
    <>
      <h2>{t('caseStudyForm.profileHeading')}</h2>
      <ul className="link-list">
        <li>
          <Link to="/case-studies/new">{t('caseStudyForm.writeAction')}</Link>
        </li>
        <li>
          <Link to="/case-studies/drafts">{t('caseStudyForm.draftsTitle')}</Link>
        </li>
      </ul>
    </>
  );
}
