import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { gql } from '../api';
import { ErrorNotice, Loading } from '../components/error-notice';
import { LoadMore } from '../components/load-more';
import { usePageTitle } from '../components/page-title';

import { useAddressParams, useAddressText } from '../address';
import { ORGANISATION_KINDS } from '../own-organisations';
import { hasRole, ORGANISATION_CREATOR_ROLES, useSession } from '../session';
import { useAllPages } from '../use-query';

interface NetworkRow {
  id: string;
  name: string;
  foundedYear: number | null;
  organisationCount: number;
  country: { code: string; name: string };
  coordinators: { id: string; displayName: string }[];
}

interface OrganisationRow {
  id: string;
  name: string;
  kind: string;
  region: string | null;
  country: { code: string; name: string } | null;
}

interface OrganisationPage {
  organisations: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: OrganisationRow }[];
  };
}

const ORGANISATIONS = `query Organisations($filter: OrganisationFilter, $after: String) {
  organisations(filter: $filter, first: 20, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id name kind region country { code name } } }
  }
}`;

export default function DirectoryPage() {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const ids = { country: useId(), kind: useId(), search: useId() };
  const networks = useAllPages<NetworkRow>(
    `query Networks($after: String) { nationalNetworks(first: 100, after: $after) { edges { node {
      id name foundedYear organisationCount country { code name } coordinators { id displayName } } }
      pageInfo { hasNextPage endCursor } } }`,
    'nationalNetworks',
  );
  // The filters live in the address, so a filtered list can be shared and comes back with Back.
  const [params, set] = useAddressParams();
  // Only what the page offers is asked for: a value edited into the address by hand (`kind=FOO`) is
  // left out, as the menus (which cannot show it) say, instead of failing the whole page.
  const named = params.get('country') ?? '';
  const country =
    /^[A-Z]{2}$/.test(named) &&
    (!networks.nodes || networks.nodes.some((network) => network.country.code === named))
      ? named
      : '';
  const asked = params.get('kind') ?? '';
  const kind = (ORGANISATION_KINDS as readonly string[]).includes(asked) ? asked : '';
  const [search, typed, setTyped] = useAddressText('q');
  const [rows, setRows] = useState<OrganisationRow[]>([]);
  // The page of results shown, with the filter and language it answers.
  const [page, setPage] = useState<(OrganisationPage['organisations'] & { answers: string }) | undefined>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const list = useRef<HTMLUListElement>(null);
  // Every request takes a ticket; an answer to an older one (a "Show more" page for the previous
  // filter) is dropped.
  const ticket = useRef(0);
  usePageTitle(t('directory.title'));

  const filter = {
    ...(country ? { countryCodes: [country] } : {}),
    ...(kind ? { kinds: [kind] } : {}),
    ...(search.trim() ? { search: search.trim() } : {}),
  };
  const filterKey = JSON.stringify(filter);
  const answers = JSON.stringify([filterKey, i18n.language]);

  useEffect(() => {
    const mine = ++ticket.current;
    setLoading(true);
    setError(undefined);
    gql<OrganisationPage>(ORGANISATIONS, { filter: JSON.parse(filterKey) })
      .then(({ organisations }) => {
        if (mine !== ticket.current) return;
        setPage({ ...organisations, answers });
        setRows(organisations.edges.map((edge) => edge.node));
      })
      .catch((caught: unknown) => mine === ticket.current && setError(caught))
      .finally(() => mine === ticket.current && setLoading(false));
  }, [filterKey, answers]);

  async function loadMore() {
    if (!page?.pageInfo.endCursor || page.answers !== answers) return;
    const mine = ++ticket.current;
    setLoading(true);
    setError(undefined);
    try {
      const { organisations } = await gql<OrganisationPage>(ORGANISATIONS, {
        filter,
        after: page.pageInfo.endCursor,
      });
      if (mine !== ticket.current) return;
      setPage({ ...organisations, answers });
      setRows((previous) => [
        ...previous,
        ...organisations.edges
          .map((edge) => edge.node)
          .filter((row) => !previous.some((known) => known.id === row.id)),
      ]);
    } catch (caught) {
      if (mine === ticket.current) setError(caught);
    } finally {
      if (mine === ticket.current) setLoading(false);
    }
  }

  // A count or a list for another filter (or after a failure) is not passed off as this one's.
  const current = page?.answers === answers ? page : undefined;
  const shownRows = current || (loading && !error) ? rows : [];

  // By country, as the reader names it (the API lists them by code).
  const networkList = [...(networks.nodes ?? [])].sort((a, b) =>
    a.country.name.localeCompare(b.country.name, i18n.language),
  );
  return (
    <section>
      <h1>{t('directory.title')}</h1>
      <h2>{t('directory.networks')}</h2>
      <ErrorNotice error={networks.error} onRetry={networks.reload} />
      {networks.loading && !networks.nodes && <Loading />}
      <ul className="card-grid">
        {networkList.map((network) => (
          <li key={network.id} className="card">
            <h3>{network.country.name}</h3>
            <p>{network.name}</p>
            {network.foundedYear && <p>{t('directory.founded', { year: network.foundedYear })}</p>}
            <p>{t('directory.organisationCount', { count: network.organisationCount })}</p>
            {network.coordinators.length > 0 && (
              <p>
                {t('directory.coordinators')} {network.coordinators.map((c) => c.displayName).join(', ')}
              </p>
            )}
          </li>
        ))}
      </ul>

      <h2>{t('directory.organisations')}</h2>
      {hasRole(user, ...ORGANISATION_CREATOR_ROLES) && (
        <p>
          <Link to="/organisations/new">{t('organisationForm.newTitle')}</Link>
        </p>
      )}
      <form className="filters" role="search" onSubmit={(event) => event.preventDefault()}>
        <div className="field">
          <label htmlFor={ids.search}>{t('directory.searchByName')}</label>
          <input id={ids.search} type="search" value={typed} onChange={(e) => setTyped(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={ids.country}>{t('directory.country')}</label>
          <select id={ids.country} value={country} onChange={(e) => set('country', e.target.value)}>
            <option value="">{t('directory.allCountries')}</option>
            {networkList.map((network) => (
              <option key={network.country.code} value={network.country.code}>
                {network.country.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.kind}>{t('directory.kind')}</label>
          <select id={ids.kind} value={kind} onChange={(e) => set('kind', e.target.value)}>
            <option value="">{t('directory.allKinds')}</option>
            {ORGANISATION_KINDS.map((value) => (
              <option key={value} value={value}>
                {t(`common:organisationKinds.${value}`)}
              </option>
            ))}
          </select>
        </div>
      </form>
      <ErrorNotice error={error} />
      <p role="status" aria-live="polite">
        {current && t('directory.found', { count: current.totalCount })}
      </p>
      <ul className="result-list" aria-busy={loading} ref={list}>
        {shownRows.map((organisation) => (
          <li key={organisation.id}>
            <Link to={`/organisations/${organisation.id}`}>{organisation.name}</Link>
            <span className="meta">
              {' '}
              {t(`common:organisationKinds.${organisation.kind}`)}
              {organisation.country ? ` · ${organisation.country.name}` : ''}
              {organisation.region && (
                <>
                  {' · '}
                  <bdi>{organisation.region}</bdi>
                </>
              )}
            </span>
          </li>
        ))}
      </ul>
      {loading && <Loading />}
      <LoadMore
        list={list}
        count={shownRows.length}
        more={!!current?.pageInfo.hasNextPage}
        loading={loading}
        onMore={() => void loadMore()}
      />
    </section>
  );
}
