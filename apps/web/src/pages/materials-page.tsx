import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { ErrorNotice, Loading } from '../components/error-notice';
import { LoadMore } from '../components/load-more';
import { MaterialForm } from '../components/material-form';
import { usePageTitle } from '../components/page-title';
import { endonym, ENDONYMS, LOCALES } from '../language';
import { emptyDraft } from '../material-draft';
import { MATERIAL_KINDS } from '../material-kinds';
import { coordinatedCountries, hasRole, NETWORK_WIDE_ROLES, useSession, type SessionUser } from '../session';
import { useAddressParams } from '../address';
import { useAllPages, usePages } from '../use-query';
import { useThemes } from '../themes';

interface MaterialRow {
  id: string;
  kind: string;
  status: string;
  title: string;
  description: string;
  locale: string;
  fileLocales: string[];
}

export default function MaterialsPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  // The material page sends people here after deleting one, naming it: said once, not again on
  // Back or a reload (the address's state is emptied once read).
  const location = useLocation();
  const navigate = useNavigate();
  const [deleted] = useState((location.state as { deleted?: string } | null)?.deleted);
  const arrivedWith = useRef(location.key);
  useEffect(() => {
    if (deleted && location.key === arrivedWith.current)
      navigate({ search: location.search }, { replace: true, state: null });
  }, [deleted, location, navigate]);
  const [params, set] = useAddressParams();
  const ids = { kind: useId(), locale: useId(), theme: useId() };
  const kind = params.get('kind') ?? '';
  const fileLocale = params.get('fileLang') ?? '';
  const theme = params.get('theme') ?? '';
  usePageTitle(t('materials.title'));
  const filter = {
    ...(kind ? { kinds: [kind] } : {}),
    ...(fileLocale ? { locales: [fileLocale] } : {}),
    ...(theme ? { themes: [theme] } : {}),
  };
  const themes = useThemes();
  const pages = usePages<MaterialRow>(
    `query Materials($filter: MaterialFilter, $after: String) { materials(filter: $filter, first: 50, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id kind status title description locale fileLocales } } } }`,
    'materials',
    { filter },
  );
  const list = useRef<HTMLUListElement>(null);

  return (
    <section>
      <h1>{t('materials.title')}</h1>
      {deleted && (
        <p className="notice notice-success" role="status">
          {t('materials.deleted', { title: deleted })}
        </p>
      )}
      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <div className="field">
          <label htmlFor={ids.kind}>{t('materials.kind')}</label>
          <select id={ids.kind} value={kind} onChange={(e) => set('kind', e.target.value)}>
            <option value="">{t('materials.allKinds')}</option>
            {MATERIAL_KINDS.map((value) => (
              <option key={value} value={value}>
                {t(`materials.kinds.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.locale}>{t('materials.fileLanguage')}</label>
          <select id={ids.locale} value={fileLocale} onChange={(e) => set('fileLang', e.target.value)}>
            <option value="">{t('materials.anyLanguage')}</option>
            {LOCALES.map((value) => (
              <option key={value} value={value} lang={value}>
                {ENDONYMS[value]}
              </option>
            ))}
          </select>
        </div>
        {themes.data && (
          <div className="field">
            <label htmlFor={ids.theme}>{t('materials.theme')}</label>
            <select id={ids.theme} value={theme} onChange={(e) => set('theme', e.target.value)}>
              <option value="">{t('materials.allThemes')}</option>
              {themes.data.themes.map((option) => (
                <option key={option.key} value={option.key}>
                  {option.label}
                </option>
              ))}
            </select>
          </div>
        )}
      </form>
      <ErrorNotice error={pages.error} onRetry={pages.retry} />
      {pages.loading && !pages.loaded && <Loading />}
      {pages.totalCount !== undefined && (
        <p role="status" aria-live="polite">
          {t('materials.found', { count: pages.totalCount })}
        </p>
      )}
      <ul className="result-list" ref={list}>
        {pages.nodes.map((node) => (
          <li key={node.id}>
            <Link to={`/materials/${node.id}`} lang={node.locale}>
              {node.title}
            </Link>
            {node.status === 'PROPOSED' && <span className="tag"> {t('materials.proposed')}</span>}
            <p className="meta">
              {t(`materials.kinds.${node.kind}`)}
              {node.fileLocales.length > 0 && ` · ${node.fileLocales.map(endonym).join(', ')}`}
            </p>
          </li>
        ))}
      </ul>
      <LoadMore
        list={list}
        count={pages.nodes.length}
        more={!!pages.loadMore}
        loading={pages.loading}
        onMore={() => pages.loadMore?.()}
      />
      {user && <NewMaterial user={user} eventId={params.get('event')} />}
    </section>
  );
}

/** Ids as the API writes them: an `?event=` that is not one is not offered to the form. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The form, once the person's own countries (to start from) are known. Opened from an event's page
 * (`?event=`), it starts with that event linked, and the reader is taken to it.
 */
function NewMaterial({ user, eventId }: { user: SessionUser; eventId: string | null }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const headingId = useId();
  const forEvent = eventId && UUID.test(eventId) ? eventId : null;
  const own = useAllPages<{ country: { code: string } | null }>(
    `query OwnOrganisationCountries($memberId: ID!, $after: String) {
      organisations(first: 100, after: $after, filter: { memberId: $memberId }) {
        edges { node { country { code } } } pageInfo { hasNextPage endCursor } } }`,
    'organisations',
    { memberId: user.id },
  );
  const ready = !!own.nodes || !!own.error;
  useEffect(() => {
    if (ready && forEvent) document.getElementById(headingId)?.focus();
  }, [ready, forEvent, headingId]);
  if (!ready) return <Loading />;
  // A coordinator's material is about their countries; a member's about their organisations' ones,
  // so that its national coordinators can publish the proposal.
  const coordinated = coordinatedCountries(user);
  const organisationCountries = own.nodes?.flatMap((node) => (node.country ? [node.country.code] : [])) ?? [];
  const managesAll = hasRole(user, 'FACILITATOR', ...NETWORK_WIDE_ROLES);
  const countries = managesAll ? [] : coordinated.length ? coordinated : organisationCountries;
  return (
    <MaterialForm
      user={user}
      heading={t('materials.addTitle')}
      headingId={headingId}
      initial={emptyDraft(i18n.language, countries, forEvent ? [forEvent] : [])}
      onSaved={(id) => navigate(`/materials/${id}`)}
    />
  );
}
