import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAddressText } from '../address';
import { formatDateTime } from '../format';
import { ApiError, fieldError, formError, gql } from '../api';
import { ErrorNotice, Loading } from '../components/error-notice';
import { FieldFrame, FormField, useFocusById, useFocusKept } from '../components/form-field';
import { PageError } from '../components/page-error';
import { usePageTitle } from '../components/page-title';
import { hasRole, NETWORK_WIDE_ROLES, useSession, type SessionUser } from '../session';
import { useNetworkCountries, type NetworkCountry } from '../network-countries';
import { useQuery } from '../use-query';

/**
 * The roles the page grants, in this order (docs/authorization.md). MEMBER is not among them: every
 * account holds it and keeps it.
 */
const ROLES = ['FACILITATOR', 'NATIONAL_COORDINATOR', 'STEERING_GROUP', 'ADMIN'] as const;

interface Grant {
  role: string;
  countryCode: string | null;
}

interface Person {
  id: string;
  email: string;
  displayName: string;
  grants: Grant[];
  suspendedAt: string | null;
  suspensionReason: string | null;
}

const PERSON_FIELDS = 'id email displayName grants { role countryCode } suspendedAt suspensionReason';

/** The longest reason the API keeps for a suspension. */
const REASON_MAX = 500;

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

/** The most people one search lists (the API's own limit). */
const MAX_PEOPLE = 50;

function People({ viewer }: { viewer: SessionUser }) {
  const { t } = useTranslation();
  const [address, typed, setTyped] = useAddressText('q');
  const search = address.trim();
  const found = useQuery<{ people: Person[] }>(
    `query People($search: String!) { people(search: $search, first: ${MAX_PEOPLE}) { ${PERSON_FIELDS} } }`,
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
      <p role="status">
        {search && people
          ? // A full list may be the first of more: the API answers at most MAX_PEOPLE, with no count.
            t(people.length < MAX_PEOPLE ? 'people.found' : 'people.firstOnly', { count: people.length })
          : ''}
      </p>
      {search &&
        (found.error ? (
          <PageError error={found.error} onRetry={found.reload} />
        ) : !people ? (
          <Loading />
        ) : (
          <>
            <ul className="people-list">
              {people.map((person) => (
                <PersonRoles key={person.id} person={person} countries={countries.list} viewer={viewer} />
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
  viewer,
}: {
  person: Person;
  countries: NetworkCountry[];
  viewer: SessionUser;
}) {
  const { t, i18n } = useTranslation();
  const mayGrantAdmin = hasRole(viewer, 'ADMIN');
  const [person, setPerson] = useState(initial);
  const [role, setRole] = useState<string>('FACILITATOR');
  const [countryCode, setCountryCode] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  useFocusKept(busy);
  const [status, setStatus] = useState('');
  const countryName = (code: string | null) => countries.find((c) => c.code === code)?.name ?? code;
  const grantName = (grant: Grant) =>
    grant.countryCode
      ? t('people.roleIn', { role: t(`common:roles.${grant.role}`), country: countryName(grant.countryCode) })
      : t(`common:roles.${grant.role}`);

  /**
   * Sends a change of the person's roles or suspension (`mutation`, e.g. `grantRole(input: $input)`,
   * with its variables' types); the answer is the person as they are now. Whether it went through.
   */
  async function send(mutation: string, types: string, variables: Record<string, unknown>, done: string) {
    setBusy(true);
    setError(undefined);
    setStatus('');
    try {
      const answer = await gql<Record<string, Person>>(
        `mutation PersonChange(${types}) { changed: ${mutation} { ${PERSON_FIELDS} } }`,
        variables,
      );
      setPerson(answer.changed);
      setStatus(done);
      return true;
    } catch (caught) {
      setError(caught);
      return false;
    } finally {
      setBusy(false);
    }
  }

  function change(mutation: 'grantRole' | 'revokeRole', grant: Grant): Promise<boolean> {
    return send(
      `${mutation}(input: $input)`,
      '$input: RoleGrantInput!',
      { input: { userId: person.id, role: grant.role, countryCode: grant.countryCode || null } },
      t(mutation === 'grantRole' ? 'people.granted' : 'people.revoked', { role: grantName(grant) }),
    );
  }

  const [reason, setReason] = useState('');
  const focusById = useFocusById();
  const headingId = `person-${person.id}`;
  const holds = (role: string) => person.grants.some((held) => held.role === role);
  // The API's rules (docs/authorization.md): never one's own account or an admin's; only admins act
  // on the steering group's and admins' accounts.
  const mayActOnAccount =
    person.id !== viewer.id && (mayGrantAdmin || !(holds('ADMIN') || holds('STEERING_GROUP')));

  async function suspend(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!window.confirm(t('people.suspendConfirm', { name: person.displayName }))) return;
    const done = await send(
      'suspendAccount(input: $input)',
      '$input: SuspendAccountInput!',
      { input: { userId: person.id, reason: reason.trim() || null } },
      t('people.suspended', { name: person.displayName }),
    );
    if (done) {
      setReason('');
      focusById(`${headingId}-suspended`);
    }
  }

  async function restore() {
    const done = await send(
      'restoreAccount(userId: $userId)',
      '$userId: ID!',
      { userId: person.id },
      t('people.restored', { name: person.displayName }),
    );
    // The button is gone with the suspension: the focus goes to the way to suspend again.
    if (done) focusById(`${headingId}-suspend`);
  }

  function grant(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void change('grantRole', { role, countryCode: role === 'NATIONAL_COORDINATOR' ? countryCode : null });
  }

  return (
    <li aria-labelledby={headingId}>
      <h2 id={headingId} tabIndex={-1}>
        {person.displayName}
      </h2>
      <p className="meta">{person.email}</p>
      {person.suspendedAt && (
        <div className="notice" id={`${headingId}-suspended`} tabIndex={-1}>
          <p>
            {t('people.suspendedSince', { date: formatDateTime(person.suspendedAt, i18n.language) })}
            {person.suspensionReason &&
              ` ${t('people.suspensionReason', { reason: person.suspensionReason })}`}
          </p>
          {mayActOnAccount && (
            <button type="button" disabled={busy} onClick={() => void restore()}>
              {t('people.restore', { name: person.displayName })}
            </button>
          )}
        </div>
      )}
      <ul className="member-list">
        {person.grants.map((held) => (
          <li key={`${held.role}-${held.countryCode ?? ''}`}>
            <span>{grantName(held)}</span>
            {held.role !== 'MEMBER' && (
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
                  // The button goes with the role: the focus goes to the person's name, above their roles.
                  if (window.confirm(question))
                    void change('revokeRole', held).then((done) => done && focusById(headingId));
                }}
              >
                {t('people.revoke')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <p role="status">{status}</p>
      <ErrorNotice error={formError(error)} />
      <form className="grant-form" onSubmit={grant} noValidate>
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
      {!person.suspendedAt && mayActOnAccount && !holds('ADMIN') && (
        <details className="add-form">
          <summary id={`${headingId}-suspend`}>{t('people.suspendAccount')}</summary>
          <form onSubmit={(event) => void suspend(event)} noValidate>
            <FieldFrame
              label={t('people.reason')}
              hint={t('people.reasonHint', { name: person.displayName })}
              error={fieldError(error, 'reason')}
              maxLength={REASON_MAX}
            >
              {(control) => (
                <textarea
                  {...control}
                  name="reason"
                  rows={2}
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                />
              )}
            </FieldFrame>
            <button type="submit" disabled={busy}>
              {t('people.suspend', { name: person.displayName })}
            </button>
          </form>
        </details>
      )}
    </li>
  );
}
