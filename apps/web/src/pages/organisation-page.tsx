import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { fieldError, formError, gql } from '../api';
import { ErrorNotice, Loading } from '../components/error-notice';
import { FormField } from '../components/form-field';
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
          <li>
            <Link to={`/organisations/${organisation.id}/translate`}>
              {t('organisationForm.translateTitle')}
            </Link>
          </li>
        </ul>
      )}
      <LanguageNote shown={organisation.locale} available={organisation.availableLocales} />
      {organisation.description && <p lang={organisation.locale}>{organisation.description}</p>}
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

interface Member {
  id: string;
  displayName: string;
}

/**
 * Who belongs to the organisation (signed-in people only, as the API has it). Those who manage it
 * add people by the e-mail address of their account and remove them; members write its case studies.
 */
function Members({ organisationId, manage }: { organisationId: string; manage: boolean }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const members = useQuery<{ organisationMembers: Member[] }>(
    `query OrganisationMembers($id: ID!) { organisationMembers(organisationId: $id) { id displayName } }`,
    { id: organisationId },
    { skip: !user },
  );
  const [email, setEmail] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  if (!user) return null;

  async function change(mutation: 'addMember' | 'removeMember', person: { email: string } | Member) {
    setBusy(true);
    setError(undefined);
    setStatus('');
    try {
      const input = 'id' in person ? { userId: person.id } : person;
      // removeMember answers true; addMember, the organisation.
      const selection = mutation === 'addMember' ? ' { id }' : '';
      await gql(
        `mutation ChangeMember($input: MembershipInput!) { ${mutation}(input: $input)${selection} }`,
        {
          input: { organisationId, ...input },
        },
      );
      if (mutation === 'addMember') setEmail('');
      setStatus(
        'id' in person
          ? t('organisation.removed', { name: person.displayName })
          : t('organisation.added', { email: person.email }),
      );
      members.reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void change('addMember', { email: email.trim() });
  }

  const list = members.data?.organisationMembers;
  return (
    <section aria-labelledby="members-heading">
      <h2 id="members-heading">{t('organisation.members')}</h2>
      {members.error ? (
        <ErrorNotice error={members.error} />
      ) : !list ? (
        <Loading />
      ) : list.length === 0 ? (
        <p>{t('organisation.noMembers')}</p>
      ) : (
        <ul className="member-list">
          {list.map((member) => (
            <li key={member.id}>
              {member.displayName}
              {manage && (
                <button
                  type="button"
                  className="link-button"
                  disabled={busy}
                  aria-label={t('organisation.removeNamed', { name: member.displayName })}
                  onClick={() => {
                    if (window.confirm(t('organisation.removeConfirm', { name: member.displayName })))
                      void change('removeMember', member);
                  }}
                >
                  {t('organisation.remove')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <p role="status">{status}</p>
      {manage && (
        <form onSubmit={add} noValidate>
          <h3>{t('organisation.addMember')}</h3>
          <ErrorNotice error={formError(error)} />
          <FormField
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
          <button type="submit" className="primary" disabled={busy || !email.trim()}>
            {t('organisation.add')}
          </button>
        </form>
      )}
    </section>
  );
}
