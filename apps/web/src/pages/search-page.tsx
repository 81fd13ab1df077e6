import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearchParams } from 'react-router-dom';
import { ApiError, gql } from '../api';
import { isMissingApi } from '../components/api-gaps';
import { ErrorNotice, Loading } from '../components/error-notice';
import { LoadMore } from '../components/load-more';
import { usePageTitle } from '../components/page-title';
import { Snippet } from '../components/snippet';
import { ENDONYMS, isLocale } from '../language';
import { useAddressText } from '../address';
import { formatNumber, regionName } from '../format';
import { useQuery } from '../use-query';

interface Hit {
  type: string;
  id: string;
  slug: string | null;
  title: string;
  snippet: string | null;
  locale: string;
}

interface Facets {
  themes: { key: string; label: string; count: number }[];
  countries: { code: string; name: string; count: number }[];
  types: { type: string; count: number }[];
  locales: { locale: string; count: number }[];
}

interface SearchResult {
  totalCount: number;
  totalCountExact: boolean;
  hits: Hit[];
  facets: Facets;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const SEARCH = `query Search($query: String!, $filter: SearchFilter, $first: Int!, $after: String) {
  search(query: $query, filter: $filter, first: $first, after: $after) {
    totalCount
    totalCountExact
    hits { type id slug title snippet locale }
    facets { themes { key label count } countries { code name count } types { type count } locales { locale count } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** URL parameter → SearchFilter field; every facet can hold several values, and they combine. */
const FACETS = [
  ['theme', 'themes'],
  ['country', 'countries'],
  ['type', 'types'],
  ['in', 'locales'],
] as const;

/** The years a project ran, as the address holds them (`from`, `to`) and the API's filter takes them. */
const YEARS = [
  ['from', 'yearFrom'],
  ['to', 'yearTo'],
] as const;
/** The years the API's filter takes. */
const MIN_YEAR = 1900;
const MAX_YEAR = 2100;
const isYear = (text: string) => /^\d{4}$/.test(text) && Number(text) >= MIN_YEAR && Number(text) <= MAX_YEAR;
/** The kinds of hit a `type` in the address may name (a hand-edited other one is left out). */
const HIT_TYPES = new Set(['CASE_STUDY', 'LESSON', 'MATERIAL']);

/** Hits a page of results adds; back on a list, up to the API's most at once are read again. */
const PAGE = 20;
const MOST_AT_ONCE = 100;

/** What a list of results showed, kept per history entry in this tab, so that Back returns to it. */
interface Shown {
  answers: string;
  count: number;
  scroll: number;
}
const shownKey = (entry: string) => `ashar.search.${entry}`;

function readShown(entry: string): Shown | undefined {
  try {
    const stored = JSON.parse(sessionStorage.getItem(shownKey(entry)) ?? 'null') as Shown | null;
    return stored && typeof stored.count === 'number' && typeof stored.scroll === 'number'
      ? stored
      : undefined;
  } catch {
    return undefined;
  }
}

function keepShown(entry: string, shown: Shown): void {
  try {
    sessionStorage.setItem(shownKey(entry), JSON.stringify(shown));
  } catch {
    // Without storage, Back shows the first page again.
  }
}

function hitLink(hit: Hit): string | undefined {
  if (hit.type === 'CASE_STUDY' && hit.slug) return `/case-studies/${hit.slug}`;
  if (hit.type === 'LESSON' && hit.slug) return `/case-studies/${hit.slug}#lessons`;
  if (hit.type === 'MATERIAL') return `/materials/${hit.id}`;
  return undefined;
}

export default function SearchPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const { key: entry } = useLocation();
  // Back on a list shown before: as many hits as it showed, scrolled where it was.
  const [restoring] = useState(() => readShown(entry));
  const scrollTo = useRef<number>(undefined);
  const restored = useRef(false);
  const inputId = useId();
  const [query, typed, setTyped] = useAddressText('q');
  // The result shown, with what it answers: a result for another query or filter is never counted
  // as this one's.
  const [result, setResult] = useState<SearchResult & { answers: string }>();
  const [hits, setHits] = useState<Hit[]>([]);
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const hitList = useRef<HTMLOListElement>(null);
  const [attempt, setAttempt] = useState(0);
  // Every request takes a ticket; only the newest one's answer is used (a "Show more" page that
  // arrives after the query changed is dropped).
  const ticket = useRef(0);
  // Without a letter or a digit there is nothing to look for (the API browses): not worded as a search.
  const searching = /[\p{L}\p{N}]/u.test(query);
  usePageTitle(searching ? t('search.titleFor', { query }) : t('search.title'));
  // Filters start folded on a phone, so the results come first.
  const [wide] = useState(() => window.matchMedia('(min-width: 48rem)').matches);

  const filter = {
    ...Object.fromEntries(
      FACETS.map(([param, field]) => [
        field,
        params.getAll(param).filter((value) => field !== 'types' || HIT_TYPES.has(value)),
      ]).filter(([, values]) => values.length > 0),
    ),
    ...Object.fromEntries(
      YEARS.flatMap(([param, field]) =>
        isYear(params.get(param) ?? '') ? [[field, Number(params.get(param))]] : [],
      ),
    ),
  };
  const filterKey = JSON.stringify(filter);
  const answers = JSON.stringify([query, filterKey, i18n.language]);
  const typeLabel = (type: string) => t(`search.types.${type}`, { defaultValue: type });
  const languageLabel = (locale: string) => t(`common:languages.${locale}`, { defaultValue: locale });
  // A chosen theme the answer no longer counts is still named: the taxonomy is asked for then.
  const unlistedTheme = params
    .getAll('theme')
    .some((key) => !result?.facets.themes.some((f) => f.key === key));
  const themeLabels = useQuery<{ themes: { key: string; label: string }[] }>(
    `query ThemeLabels { themes { key label } }`,
    {},
    { skip: !result || !unlistedTheme },
  );

  useEffect(() => {
    const mine = ++ticket.current;
    setLoading(true);
    setError(undefined);
    const back = restoring?.answers === answers && !restored.current ? restoring : undefined;
    const first = back ? Math.min(MOST_AT_ONCE, Math.max(PAGE, back.count)) : PAGE;
    gql<{ search: SearchResult }>(SEARCH, { query, filter: JSON.parse(filterKey), first })
      .then(({ search }) => {
        if (mine !== ticket.current) return;
        setResult({ ...search, answers });
        setHits(search.hits);
        scrollTo.current = back?.scroll;
        restored.current = true;
      })
      .catch((caught: unknown) => mine === ticket.current && setError(caught))
      .finally(() => mine === ticket.current && setLoading(false));
  }, [query, filterKey, answers, attempt]);

  async function more() {
    if (!result?.pageInfo.endCursor || result.answers !== answers) return;
    const mine = ++ticket.current;
    setLoading(true);
    setError(undefined);
    try {
      const { search } = await gql<{ search: SearchResult }>(SEARCH, {
        query,
        filter,
        first: PAGE,
        after: result.pageInfo.endCursor,
      });
      if (mine !== ticket.current) return;
      setResult({ ...search, answers });
      setHits((previous) => [
        ...previous,
        ...search.hits.filter((hit) => !previous.some((p) => p.id === hit.id && p.type === hit.type)),
      ]);
    } catch (caught) {
      if (mine === ticket.current) setError(caught);
    } finally {
      if (mine === ticket.current) setLoading(false);
    }
  }

  // Once the list read again is drawn, back to where it was.
  useEffect(() => {
    if (scrollTo.current === undefined) return;
    window.scrollTo(0, scrollTo.current);
    scrollTo.current = undefined;
  }, [hits]);
  // What the list shows, kept for its history entry when the page is left (one record a page left,
  // not one a search typed). Where it is scrolled is followed while the address is still this page's:
  // the next page may scroll before this one is gone.
  const shown = useRef<Shown>({ answers, count: 0, scroll: restoring?.scroll ?? 0 });
  useEffect(() => {
    const here = window.location.pathname;
    const follow = () => {
      if (window.location.pathname === here) shown.current = { ...shown.current, scroll: window.scrollY };
    };
    window.addEventListener('scroll', follow, { passive: true });
    return () => window.removeEventListener('scroll', follow);
  }, []);
  useEffect(() => {
    shown.current = { ...shown.current, answers: result?.answers ?? '', count: hits.length };
  }, [result, hits]);
  const left = useRef(entry);
  useEffect(() => {
    left.current = entry;
  }, [entry]);
  useEffect(() => () => keepShown(left.current, shown.current), []);

  function toggle(param: string, value: string) {
    const next = new URLSearchParams(params);
    const values = next.getAll(param);
    next.delete(param);
    for (const kept of values.filter((v) => v !== value)) next.append(param, kept);
    if (!values.includes(value)) next.append(param, value);
    // Synchronously, so the box a person just ticked never flickers back while the page updates.
    setParams(next, { flushSync: true });
  }

  function clearFilters() {
    const next = new URLSearchParams(params);
    for (const [param] of [...FACETS, ...YEARS]) next.delete(param);
    setParams(next);
    // The button goes with the filters: the focus goes to the search box, where searching goes on.
    document.getElementById(inputId)?.focus();
  }

  const filtered = [...FACETS, ...YEARS].some(([param]) => params.has(param));
  // The result answers what the page asks now; while a new search runs the previous hits stay (marked
  // busy), but once it failed they are not passed off as its answer.
  const current = result?.answers === answers ? result : undefined;
  const shownHits = current || (loading && !error) ? hits : [];
  if (isMissingApi(error)) {
    return (
      <section>
        <h1>{t('search.title')}</h1>
        <p>{t('search.unavailable')}</p>
      </section>
    );
  }

  return (
    <section className="search">
      <h1>{t('search.title')}</h1>
      <form role="search" onSubmit={(event) => event.preventDefault()}>
        <div className="field">
          <label htmlFor={inputId}>{t('search.label')}</label>
          <input
            id={inputId}
            type="search"
            value={typed}
            placeholder={t('search.placeholder')}
            autoComplete="off"
            onChange={(event) => setTyped(event.target.value)}
          />
        </div>
      </form>
      <div className="search-layout">
        <aside aria-label={t('search.filters')}>
          {result && (
            <details open={wide}>
              <summary>{t('search.filters')}</summary>
              <FacetGroup
                legend={t('search.facetTypes')}
                options={result.facets.types.map((f) => ({
                  value: f.type,
                  label: typeLabel(f.type),
                  count: f.count,
                }))}
                selected={params.getAll('type')}
                labelOf={typeLabel}
                onToggle={(value) => toggle('type', value)}
              />
              <FacetGroup
                legend={t('search.facetThemes')}
                options={result.facets.themes.map((f) => ({ value: f.key, label: f.label, count: f.count }))}
                selected={params.getAll('theme')}
                labelOf={(key) => themeLabels.data?.themes.find((theme) => theme.key === key)?.label ?? key}
                onToggle={(value) => toggle('theme', value)}
              />
              <FacetGroup
                legend={t('search.facetCountries')}
                options={result.facets.countries.map((f) => ({
                  value: f.code,
                  label: f.name,
                  count: f.count,
                }))}
                selected={params.getAll('country')}
                labelOf={(code) => regionName(code, i18n.language)}
                onToggle={(value) => toggle('country', value)}
              />
              <FacetGroup
                legend={t('search.facetLanguages')}
                options={result.facets.locales.map((f) => ({
                  value: f.locale,
                  label: languageLabel(f.locale),
                  count: f.count,
                }))}
                selected={params.getAll('in')}
                labelOf={languageLabel}
                onToggle={(value) => toggle('in', value)}
              />
              <YearRange />
              {filtered && (
                <button type="button" onClick={clearFilters}>
                  {t('search.clearFilters')}
                </button>
              )}
            </details>
          )}
        </aside>
        <div className="search-results">
          <ErrorNotice error={error} onRetry={() => setAttempt((n) => n + 1)} />
          {/* A filter the address holds but the API refuses (a link edited by hand): a way out. */}
          {filtered && error instanceof ApiError && error.code === 'BAD_USER_INPUT' && (
            <p>
              <button type="button" className="link-button" onClick={clearFilters}>
                {t('search.clearFilters')}
              </button>
            </p>
          )}
          <p role="status" aria-live="polite" className="search-status">
            {current &&
              (searching
                ? t(current.totalCountExact ? 'search.found' : 'search.foundAtLeast', {
                    count: current.totalCount,
                    query,
                  })
                : t('search.browsing', { count: current.totalCount }))}
          </p>
          {current && current.totalCount === 0 && (
            <div className="empty">
              <p>{t('search.emptyTitle')}</p>
              <ul>
                <li>{t('search.emptySpelling')}</li>
                <li>{t('search.emptyFewerWords')}</li>
                {filtered && (
                  <li>
                    <button type="button" className="link-button" onClick={clearFilters}>
                      {t('search.clearFilters')}
                    </button>
                  </li>
                )}
              </ul>
            </div>
          )}
          <ol className="result-list hits" aria-busy={loading} ref={hitList}>
            {shownHits.map((hit) => {
              const to = hitLink(hit);
              return (
                <li key={`${hit.type}-${hit.id}`}>
                  <p className="meta">
                    {t(`search.types.${hit.type}`, { defaultValue: hit.type })}
                    {hit.locale !== i18n.language && isLocale(hit.locale) && (
                      <>
                        {' · '}
                        <span lang={hit.locale}>{ENDONYMS[hit.locale]}</span>
                      </>
                    )}
                  </p>
                  <h2 className="hit-title" lang={hit.locale}>
                    {to ? <Link to={to}>{hit.title}</Link> : hit.title}
                  </h2>
                  {hit.snippet && <Snippet html={hit.snippet} lang={hit.locale} />}
                </li>
              );
            })}
          </ol>
          {loading && <Loading />}
          <LoadMore
            list={hitList}
            count={shownHits.length}
            more={!!current?.pageInfo.hasNextPage}
            loading={loading}
            onMore={() => void more()}
          />
        </div>
      </div>
    </section>
  );
}

/**
 * From and to which year a project ran (it ran at some time between them). A year reaches the
 * address once it has its four digits, or when the box is emptied; Back and "clear" are followed.
 */
function YearRange() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const hintId = useId();
  const errorId = useId();
  /** Typed out (four characters or more) but not a year the search takes: said at once. */
  const wrong = (text: string) => text.trim().length >= 4 && !isYear(text.trim());
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const [typed, setTyped] = useState({ from, to });
  useEffect(() => setTyped({ from, to }), [from, to]);

  function change(name: 'from' | 'to', value: string) {
    setTyped((current) => ({ ...current, [name]: value }));
    const year = value.trim();
    if (year !== '' && !isYear(year)) return;
    const next = new URLSearchParams(params);
    if (year) next.set(name, year);
    else next.delete(name);
    setParams(next, { replace: true });
  }

  return (
    <fieldset className="facet" aria-describedby={hintId}>
      <legend>{t('search.facetYears')}</legend>
      <p className="field-hint" id={hintId}>
        {t('search.yearsHint')}
      </p>
      <div className="year-range">
        {(['from', 'to'] as const).map((name) => (
          <label key={name}>
            {t(name === 'from' ? 'search.yearFrom' : 'search.yearTo')}{' '}
            <input
              name={name}
              inputMode="numeric"
              size={4}
              value={typed[name]}
              aria-invalid={wrong(typed[name]) || undefined}
              aria-describedby={wrong(typed[name]) ? errorId : undefined}
              onChange={(event) => change(name, event.target.value)}
            />
          </label>
        ))}
      </div>
      {(wrong(typed.from) || wrong(typed.to)) && (
        <p className="field-error" id={errorId} role="alert">
          {t('search.yearRange', { min: MIN_YEAR, max: MAX_YEAR })}
        </p>
      )}
    </fieldset>
  );
}

function FacetGroup({
  legend,
  options,
  selected,
  labelOf,
  onToggle,
}: {
  legend: string;
  options: { value: string; label: string; count: number }[];
  selected: string[];
  /** The label of a selected value the answer does not list (no hits left for it). */
  labelOf: (value: string) => string;
  onToggle: (value: string) => void;
}) {
  const { i18n } = useTranslation();
  // Selected values stay visible, under their names, even when the other filters leave them no hits.
  const shown = [
    ...options,
    ...selected
      .filter((value) => !options.some((o) => o.value === value))
      .map((value) => ({ value, label: labelOf(value), count: 0 })),
  ];
  if (shown.length === 0) return null;
  return (
    <fieldset className="facet">
      <legend>{legend}</legend>
      {shown.map((option) => (
        <label key={option.value} className="facet-option">
          <input
            type="checkbox"
            checked={selected.includes(option.value)}
            onChange={() => onToggle(option.value)}
          />
          {/* One flex item, so that a long label wraps as text and its count never breaks apart. */}
          <span>
            {option.label}{' '}
            <span className="meta facet-count">({formatNumber(option.count, i18n.language)})</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
