import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAddressText } from '../address';
import { ApiError, fieldError, formError, gql } from '../api';
import { ErrorNotice, Loading } from '../components/error-notice';
import { FieldFrame, FormField } from '../components/form-field';
import { PageError } from '../components/page-error';
import { usePageTitle } from '../components/page-title';
import { hasRole, NETWORK_WIDE_ROLES, useSession, type SessionUser } from '../session';
import { useNetworkCountries, type NetworkCountry } from '../network-countries';
import { useQuery } from '../use-query';

/** Every role, in the order the page offers them (docs/authorization.md). */
const ROLES = ['MEMBER', 'FACILITATOR', 'NATIONAL_COORDINATOR', 'STEERING_GROUP', 'ADMIN'] as const;

interface Grant {
  role: string;
  countryCode: string | null;
}

interface Person {
  id: string;
  email: string;
  displayName: string;
  grants: Grant[];
}

const PERSON_FIELDS = 'id email displayName grants { role countryCode }';

/**
 * Roles, for those who grant them (the steering group and admins): find people by part of their
 * e-mail address or name, then grant or revoke a role; a national coordinator's role is for a country.
 */
export default function PeoplePage() {
  const { t } = useTranslation();
  const { user, checking } = useSession();
  usePageTitle(t('people.title'));
  if (checking) return <Loading />;
  if (!user || !hasRole(user, ...NETWORK_WIDE_ROLES))
    return (
      <PageError
        error={
          user
            ? new ApiError('FORBIDDEN', t('people.notAllowed'))
            : new ApiError('UNAUTHENTICATED', t('people.signInFirst'))
        }
      />
    );
  return <People viewer={user} />;
}

function People({ viewer }: { viewer: SessionUser }) {
  const { t } = useTranslation();
  const [address, typed, setTyped] = useAddressText('q');
  const search = address.trim();
  const found = useQuery<{ people: Person[] }>(
    `query People($search: String!) { people(search: $search, first: 20) { ${PERSON_FIELDS} } }`,
    { search },
    { skip: !search },
  );
  const countries = useNetworkCountries();

  const people = found.data?.people;
  return (
    <section>
      <h1>{t('people.title')}</h1>
      <p>{t('people.intro')}</p>
      <form className="narrow" role="search" onSubmit={(event) => event.preventDefault()}>
        <FormField
          label={t('people.search')}
          name="q"
          type="search"
          maxLength={254}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
        />
      </form>
      {/* Always there, so that screen readers announce each new count. */}
      <p role="status">{search && people ? t('people.found', { count: people.length }) : ''}</p>
      {search &&
        (found.error ? (
          <PageError error={found.error} onRetry={found.reload} />
        ) : !people ? (
          <Loading />
        ) : (
          <>
            <ul className="people-list">
              {people.map((person) => (
                <PersonRoles
                  key={person.id}
                  person={person}
                  countries={countries.list}
                  mayGrantAdmin={hasRole(viewer, 'ADMIN')}
                />
              ))}
            </ul>
          </>
        ))}
    </section>
  );
}

function PersonRoles({
  person: initial,
  countries,
  mayGrantAdmin,
}: {
  person: Person;
  countries: NetworkCountry[];
  mayGrantAdmin: boolean;
}) {
  const { t } = useTranslation();
  const [person, setPerson] = useState(initial);
  const [role, setRole] = useState<string>('FACILITATOR');
  const [countryCode, setCountryCode] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const countryName = (code: string | null) => countries.find((c) => c.code === code)?.name ?? code;
  const grantName = (grant: Grant) =>
    grant.countryCode
      ? t('people.roleIn', { role: t(`common:roles.${grant.role}`), country: countryName(grant.countryCode) })
      : t(`common:roles.${grant.role}`);

  async function change(mutation: 'grantRole' | 'revokeRole', grant: Grant) {
    setBusy(true);
    setError(undefined);
    setStatus('');
    try {
      const answer = await gql<Record<typeof mutation, Person>>(
        `mutation ChangeRole($input: RoleGrantInput!) { ${mutation}(input: $input) { ${PERSON_FIELDS} } }`,
        { input: { userId: person.id, role: grant.role, countryCode: grant.countryCode || null } },
      );
      setPerson(answer[mutation]);
      setStatus(
        t(mutation === 'grantRole' ? 'people.granted' : 'people.revoked', { role: grantName(grant) }),
      );
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  function grant(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void change('grantRole', { role, countryCode: role === 'NATIONAL_COORDINATOR' ? countryCode : null });
  }

  const headingId = `person-${person.id}`;
  return (
    <li aria-labelledby={headingId}>
      <h2 id={headingId}>{person.displayName}</h2>
      <p className="meta">{person.email}</p>
      <ul className="member-list">
        {person.grants.map((held) => (
          <li key={`${held.role}-${held.countryCode ?? ''}`}>
            <span>{grantName(held)}</span>
            <button
              type="button"
              className="link-button"
              disabled={busy}
              aria-label={t('people.revokeNamed', { role: grantName(held), name: person.displayName })}
              onClick={() => {
                const question = t('people.revokeConfirm', {
                  role: grantName(held),
                  name: person.displayName,
                });
                if (window.confirm(question)) void change('revokeRole', held);
              }}
            >
              {t('people.revoke')}
            </button>
          </li>
        ))}
      </ul>
      <p role="status">{status}</p>
      <form className="grant-form" onSubmit={grant} noValidate>
        <ErrorNotice error={formError(error)} />
        <FieldFrame label={t('people.role')}>
          {(control) => (
            <select {...control} name="role" value={role} onChange={(e) => setRole(e.target.value)}>
              {ROLES.filter((option) => option !== 'ADMIN' || mayGrantAdmin).map((option) => (
                <option key={option} value={option}>
                  {t(`common:roles.${option}`)}
                </option>
              ))}
            </select>
          )}
        </FieldFrame>
        {role === 'NATIONAL_COORDINATOR' && (
          <FieldFrame label={t('people.country')} error={fieldError(error, 'countryCode')}>
            {(control) => (
              <select
                {...control}
                name="countryCode"
                value={countryCode}
                onChange={(e) => setCountryCode(e.target.value)}
              >
                <option value="">{t('people.chooseCountry')}</option>
                {countries.map((country) => (
                  <option key={country.code} value={country.code}>
                    {country.name}
                  </option>
                ))}
              </select>
            )}
          </FieldFrame>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {t('people.grant', { name: person.displayName })}
        </button>
      </form>
    </li>
  );
}
