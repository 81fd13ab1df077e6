import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError, fieldError, formError, gql } from '../api';
import { ErrorNotice, Loading } from '../components/error-notice';
import { FormField, useFocusById, useFocusKept } from '../components/form-field';
import { LanguageNote } from '../components/language-note';
import { PageError } from '../components/page-error';
import { usePageTitle } from '../components/page-title';
import { useSession } from '../session';
import { useQuery } from '../use-query';

interface Organisation {
  id: string;
  name: string;
  kind: string;
  region: string | null;
  description: string | null;
  locale: string;
  availableLocales: string[];
  languages: string[];
  website: string | null;
  contactEmail: string | null;
  country: { name: string } | null;
  viewerCan: { edit: boolean; manageMembers: boolean };
}

export default function OrganisationPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const { data, error, loading, reload } = useQuery<{ organisation: Organisation }>(
    `query Organisation($id: ID!) { organisation(id: $id) {
      id name kind region description locale availableLocales languages website contactEmail country { name }
      viewerCan { edit manageMembers } } }`,
    { id },
  );
  usePageTitle(data?.organisation.name);
  if (error)
    return (
      <PageError
        error={error}
        onRetry={reload}
        back={{ to: '/directory', label: t('notFound.backToDirectory') }}
      />
    );
  if (loading || !data) return <Loading />;
  const organisation = data.organisation;
  return (
    <article>
      <h1>{organisation.name}</h1>
      <p className="meta">
        {t(`common:organisationKinds.${organisation.kind}`)}
        {organisation.country ? ` · ${organisation.country.name}` : ''}
        {organisation.region ? ` · ${organisation.region}` : ''}
      </p>
      {organisation.viewerCan.edit && (
        <ul className="link-list">
          <li>
            <Link to={`/organisations/${organisation.id}/edit`}>{t('organisationForm.editTitle')}</Link>
          </li>
          {/* Without a description there is nothing to translate (it is written on the edit page). */}
          {organisation.description && (
            <li>
              <Link to={`/organisations/${organisation.id}/translate`}>
                {t('organisationForm.translateTitle')}
              </Link>
            </li>
          )}
        </ul>
      )}
      {organisation.description && (
        <>
          <LanguageNote shown={organisation.locale} available={organisation.availableLocales} />
          <p lang={organisation.locale}>{organisation.description}</p>
        </>
      )}
      <dl className="facts">
        {organisation.languages.length > 0 && (
          <>
            <dt>{t('directory.worksIn')}</dt>
            <dd>{organisation.languages.map((code) => t(`common:languages.${code}`)).join(', ')}</dd>
          </>
        )}
        {organisation.website && (
          <>
            <dt>{t('directory.website')}</dt>
            <dd>
              <a href={organisation.website} rel="noopener noreferrer">
                {organisation.website}
              </a>
            </dd>
          </>
        )}
        {organisation.contactEmail && (
          <>
            <dt>{t('directory.contact')}</dt>
            <dd>
              <a href={`mailto:${organisation.contactEmail}`}>{organisation.contactEmail}</a>
            </dd>
          </>
        )}
      </dl>
      <CaseStudies organisationId={organisation.id} mayWrite={organisation.viewerCan.edit} />
      <Members
        key={organisation.id}
        organisationId={organisation.id}
        manage={organisation.viewerCan.manageMembers}
      />
    </article>
  );
}

interface CaseStudyRow {
  slug: string;
  title: string;
  locale: string;
  countries: { name: string }[];
}

/** What the organisation has written up, as the reader may see it (published, or drafts for its own). */
function CaseStudies({ organisationId, mayWrite }: { organisationId: string; mayWrite: boolean }) {
  const { t } = useTranslation();
  const { data, error, reload } = useQuery<{
    caseStudies: { totalCount: number; edges: { node: CaseStudyRow }[] };
  }>(
    `query OrganisationCaseStudies($id: ID!) { caseStudies(first: 50, filter: { organisationId: $id }) {
      totalCount edges { node { slug title locale countries { name } } } } }`,
    { id: organisationId },
  );
  const rows = data?.caseStudies.edges.map((edge) => edge.node);
  return (
    <section aria-labelledby="case-studies-heading">
      <h2 id="case-studies-heading">{t('organisation.caseStudies')}</h2>
      {error ? (
        <ErrorNotice error={error} onRetry={reload} />
      ) : !rows ? (
        <Loading />
      ) : rows.length === 0 ? (
        <p>{t('organisation.noCaseStudies')}</p>
      ) : (
        <ul className="result-list">
          {rows.map((row) => (
            <li key={row.slug}>
              <Link to={`/case-studies/${row.slug}`} lang={row.locale}>
                {row.title}
              </Link>
              <p className="meta">{row.countries.map((country) => country.name).join(', ')}</p>
            </li>
          ))}
        </ul>
      )}
      {mayWrite && (
        <p>
          <Link to="/case-studies/new">{t('caseStudyForm.writeAction')}</Link>
        </p>
      )}
    </section>
  );
}

/**
 * `items` without those this page's own change took away (`hide`, by key), at once: until the list is
 * read again, a removed person's row would still be there with its button. A key is forgotten once a
 * list without it arrives (so a person added again later shows), not merely a newer one: a reload
 * asked for before the change may still hold the row.
 */
function useHidden<T>(
  items: readonly T[] | undefined,
  keyOf: (item: T) => string,
): [T[] | undefined, (key: string) => void] {
  const [hidden, setHidden] = useState<readonly string[]>([]);
  const present = new Set(items?.map(keyOf));
  const still = items ? hidden.filter((key) => present.has(key)) : hidden;
  if (still.length !== hidden.length) setHidden(still);
  return [
    items?.filter((item) => !still.includes(keyOf(item))),
    (key) => setHidden((keys) => [...keys, key]),
  ];
}

interface Invitation {
  email: string;
  createdAt: string;
  expiresAt: string;
  invitedBy: { displayName: string } | null;
}

interface Member {
  id: string;
  displayName: string;
}

/**
 * Who belongs to the organisation (signed-in people only, as the API has it). Those who manage it
 * add people by the e-mail address of their account and remove them; members write its case studies.
 */
function Members({ organisationId, manage }: { organisationId: string; manage: boolean }) {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const members = useQuery<{ organisationMembers: Member[] }>(
    `query OrganisationMembers($id: ID!) { organisationMembers(organisationId: $id) { id displayName } }`,
    { id: organisationId },
    { skip: !user },
  );
  const invitations = useQuery<{ organisationInvitations: Invitation[] }>(
    `query OrganisationInvitations($id: ID!) { organisationInvitations(organisationId: $id) {
      email createdAt expiresAt invitedBy { displayName } } }`,
    { id: organisationId },
    { skip: !user || !manage },
  );
  const [email, setEmail] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  useFocusKept(busy);
  const [status, setStatus] = useState('');
  /** The address just refused because no account uses it: the one the invite button offers. */
  const [unknownAddress, setUnknownAddress] = useState('');
  const setFocusId = useFocusById();
  const [list, hideMember] = useHidden(members.data?.organisationMembers, (member) => member.id);
  const [listed, hideInvitation] = useHidden(
    invitations.data?.organisationInvitations,
    (invitation) => invitation.email,
  );
  if (!user) return null;

  /**
   * Runs one change to who belongs, then says what it did and reads the lists again. `focusNext` is
   * the id of what takes the focus once it is done, when the button pressed goes away with its row.
   */
  async function change(mutation: string, input: Record<string, string>, done: string, focusNext?: string) {
    setBusy(true);
    setError(undefined);
    setStatus('');
    // An invitation that fails keeps its button, to try again (and the focus, useFocusKept).
    if (mutation !== 'inviteMember') setUnknownAddress('');
    try {
      // Invitations name an address; the members' mutations, a person. addMember answers the
      // organisation; the others, true.
      const invitation = mutation === 'inviteMember' || mutation === 'cancelInvitation';
      const type = invitation ? 'InvitationInput' : 'MembershipInput';
      const selection = mutation === 'addMember' ? ' { id }' : '';
      await gql(`mutation ChangeMember($input: ${type}!) { ${mutation}(input: $input)${selection} }`, {
        input: { organisationId, ...input },
      });
      if (mutation === 'addMember' || mutation === 'inviteMember') setEmail('');
      if (mutation === 'inviteMember') setUnknownAddress('');
      if (mutation === 'inviteMember') setFocusId('member-email');
      if (mutation === 'removeMember') hideMember(input.userId);
      if (mutation === 'cancelInvitation') hideInvitation(input.email);
      if (focusNext) setFocusId(focusNext);
      setStatus(done);
      members.reload();
      if (manage) invitations.reload();
    } catch (caught) {
      setError(caught);
      const unknown =
        caught instanceof ApiError && caught.fields.some((field) => field.code === 'unknownAccount');
      if (mutation === 'addMember' && unknown) setUnknownAddress(input.email);
    } finally {
      setBusy(false);
    }
  }

  const typed = email.trim();
  function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void change('addMember', { email: typed }, t('organisation.added', { email: typed }));
  }
  // No account uses the address just tried: the person can be invited instead (while it stays typed).
  const invitable = !!unknownAddress && typed === unknownAddress;

  const waiting = listed ?? [];
  const dayFormat = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });
  return (
    <section aria-labelledby="members-heading">
      <h2 id={MEMBERS_HEADING} tabIndex={-1}>
        {t('organisation.members')}
      </h2>
      {members.error ? (
        <ErrorNotice error={members.error} />
      ) : !list ? (
        <Loading />
      ) : list.length === 0 ? (
        <p>{t('organisation.noMembers')}</p>
      ) : (
        <ul className="member-list">
          {list.map((member, index) => (
            <li key={member.id}>
              {member.displayName}
              {manage && (
                <button
                  type="button"
                  id={removeId(member.id)}
                  className="link-button"
                  disabled={busy}
                  aria-label={t('organisation.removeNamed', { name: member.displayName })}
                  onClick={() => {
                    if (window.confirm(t('organisation.removeConfirm', { name: member.displayName })))
                      void change(
                        'removeMember',
                        { userId: member.id },
                        t('organisation.removed', { name: member.displayName }),
                        nextInList(
                          list.map((other) => removeId(other.id)),
                          index,
                        ),
                      );
                  }}
                >
                  {t('organisation.remove')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {waiting.length > 0 && (
        <>
          <h3>{t('organisation.invitations')}</h3>
          <ul className="member-list">
            {waiting.map((invitation, index) => (
              <li key={invitation.email}>
                <span>
                  {invitation.email}{' '}
                  <span className="meta">
                    {t(invitation.invitedBy ? 'organisation.invitedOn' : 'organisation.invitedOnUnnamed', {
                      date: dayFormat.format(new Date(invitation.createdAt)),
                      until: dayFormat.format(new Date(invitation.expiresAt)),
                      name: invitation.invitedBy?.displayName,
                    })}
                  </span>
                </span>
                <button
                  type="button"
                  id={cancelId(invitation.email)}
                  className="link-button"
                  disabled={busy}
                  aria-label={t('organisation.cancelInvitationOf', { email: invitation.email })}
                  onClick={() =>
                    void change(
                      'cancelInvitation',
                      { email: invitation.email },
                      t('organisation.invitationCancelled', { email: invitation.email }),
                      nextInList(
                        waiting.map((other) => cancelId(other.email)),
                        index,
                      ),
                    )
                  }
                >
                  {t('organisation.cancelInvitation')}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <p role="status">{status}</p>
      {manage && (
        <form onSubmit={add} noValidate>
          <h3>{t('organisation.addMember')}</h3>
          <ErrorNotice error={formError(error)} />
          <FormField
            id="member-email"
            label={t('organisation.memberEmail')}
            hint={t('organisation.memberEmailHint')}
            name="email"
            type="email"
            autoComplete="off"
            maxLength={254}
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={fieldError(error, 'email')}
          />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy || !typed}>
              {t('organisation.add')}
            </button>
            {invitable && (
              <button
                type="button"
                disabled={busy}
                onClick={() =>
                  void change('inviteMember', { email: typed }, t('organisation.invited', { email: typed }))
                }
              >
                {t('organisation.invite', { email: typed })}
              </button>
            )}
          </div>
        </form>
      )}
    </section>
  );
}

const MEMBERS_HEADING = 'members-heading';
const removeId = (userId: string) => `remove-member-${userId}`;
const cancelId = (email: string) => `cancel-invitation-${email}`;

/**
 * Where the focus goes when the row at `index` of a list goes away: the next row's button, else the
 * previous one's, else the heading of the members (the list itself is gone then), never the page.
 */
const nextInList = (ids: string[], index: number): string =>
  ids[index + 1] ?? ids[index - 1] ?? MEMBERS_HEADING;
