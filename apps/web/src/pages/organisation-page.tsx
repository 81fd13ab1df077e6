import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { Loading } from '../components/error-notice';
import { LanguageNote } from '../components/language-note';
import { PageError } from '../components/page-error';
import { usePageTitle } from '../components/page-title';
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
}

export default function OrganisationPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const { data, error, loading, reload } = useQuery<{ organisation: Organisation }>(
    `query Organisation($id: ID!) { organisation(id: $id) {
      id name kind region description locale availableLocales languages website contactEmail country { name } } }`,
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
    </article>
  );
}
