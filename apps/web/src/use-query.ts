import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { gql } from './api';

export interface QueryState<T> {
  /** The answer for the current variables (kept while the same query is fetched again). */
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** The language `data` was asked in: until a language switch is fetched again, the one before. */
  answeredIn?: string;
  reload(): void;
}

/**
 * Runs a GraphQL query and runs it again when its variables or the language change (content is
 * served in the request's language; a query asked in a `locale` of its own keeps its answer). A stale answer never overwrites a newer one, and an answer for
 * other variables (the previous case study, say) is never shown as this one's: the page shows that it
 * is loading instead. A reload or a language switch keeps the answer shown until the new one arrives,
 * and a failed reload keeps it too, beside the error: a page may go on showing what it had.
 */
export function useQuery<T>(
  query: string,
  variables: Record<string, unknown> = {},
  options: {
    skip?: boolean;
    locale?: string;
    /** While other variables load, go on showing the answer to the previous ones (a list being filtered). */
    keepPrevious?: boolean;
  } = {},
): QueryState<T> {
  const { i18n } = useTranslation();
  const key = JSON.stringify(variables);
  const [state, setState] = useState<{
    data?: T;
    error?: unknown;
    loading: boolean;
    key?: string;
    /** The language the answer was asked in. */
    locale?: string;
  }>({
    loading: !options.skip,
  });
  const asked = options.locale ?? i18n.language;
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    if (options.skip) return;
    const ticket = ++latest.current;
    setState((previous) => ({ ...previous, error: undefined, loading: true }));
    gql<T>(query, JSON.parse(key) as Record<string, unknown>, { locale: options.locale }).then(
      (data) => ticket === latest.current && setState({ data, key, loading: false, locale: asked }),
      (error: unknown) =>
        ticket === latest.current &&
        setState((previous) => ({
          data: previous.key === key ? previous.data : undefined,
          locale: previous.key === key ? previous.locale : undefined,
          error,
          key,
          loading: false,
        })),
    );
    // Asked in a language of its own (`locale`), the answer does not change with the page's.
  }, [query, key, asked, generation, options.skip]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  const current = state.key === key;
  return {
    data: current || options.keepPrevious ? state.data : undefined,
    error: current ? state.error : undefined,
    // Between a change of variables and the effect that fetches them, this render is loading too.
    loading: state.loading || (!current && !options.skip),
    answeredIn: current ? state.locale : undefined,
    reload,
  };
}

/** `value` once it has stayed the same for `ms` milliseconds: a query per pause in typing, not per key. */
export function useDebounced<T>(value: T, ms = 250): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** A page of a GraphQL connection. */
export interface Connection<N> {
  edges: { node: N }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  /** How many there are in all, when the query asks for it. */
  totalCount?: number;
}

/**
 * A paged list: the connection `field` of `query` (which takes `$after`), its first page read as
 * `useQuery` reads it and each next one on `loadMore` (undefined once there is no next page). Pages
 * read for other variables or another language are dropped, never shown as these ones'.
 */
export function usePages<N>(
  query: string,
  field: string,
  variables: Record<string, unknown> = {},
  options: { skip?: boolean } = {},
) {
  const { i18n } = useTranslation();
  const first = useQuery<Record<string, Connection<N>>>(query, variables, options);
  const key = JSON.stringify([variables, i18n.language]);
  const [more, setMore] = useState<{
    key: string;
    pages: Connection<N>[];
    loading: boolean;
    error?: unknown;
  }>({
    key,
    pages: [],
    loading: false,
  });
  const extra = more.key === key ? more : { key, pages: [], loading: false, error: undefined };
  const pages = first.data ? [first.data[field], ...extra.pages] : [];
  const last = pages.at(-1);
  // Until the first page is read again in a language switched to, its cursor is not the next page's.
  const current = !!first.data && first.answeredIn === i18n.language;
  const cursor = current && last?.pageInfo.hasNextPage ? last.pageInfo.endCursor : null;
  const loadMore = useCallback(() => {
    if (!cursor) return;
    const read = extra.pages.length;
    setMore({ key, pages: extra.pages, loading: true });
    gql<Record<string, Connection<N>>>(query, { ...variables, after: cursor }).then(
      (data) =>
        setMore((previous) =>
          previous.key === key && previous.pages.length === read
            ? { key, pages: [...previous.pages, data[field]], loading: false }
            : previous,
        ),
      (error: unknown) =>
        setMore((previous) => (previous.key === key ? { ...previous, loading: false, error } : previous)),
    );
    // `variables` is what `key` says; the cursor and pages read so far say where to go on.
  }, [query, field, key, cursor, extra.pages]);
  return {
    nodes: pages.flatMap((page) => page.edges.map((edge) => edge.node)),
    totalCount: pages[0]?.totalCount,
    loaded: !!first.data,
    /** The pages read are in the page's language (not yet so for a moment after a switch). */
    current,
    /** Every page is read, in the page's language. */
    complete: current && !last?.pageInfo.hasNextPage,
    pagesRead: pages.length,
    loadMore: cursor ? loadMore : undefined,
    loading: first.loading || extra.loading,
    error: first.error ?? extra.error,
    retry: extra.error ? loadMore : first.reload,
  };
}

/** The most pages `useAllPages` reads: 5,000 choices at the API's 100 a page, more than a form offers. */
const MAX_PAGES = 50;

/**
 * Every node of a list that a form offers whole (the network's countries, one's organisations): the
 * connection `field` of `query` (which takes `$after` and should ask for `first: 100`), read page
 * after page as `usePages` reads it. `nodes` is undefined until the last page is in; read again (in
 * another language, say), the list read before stays until the new one is whole.
 */
export function useAllPages<N>(
  query: string,
  field: string,
  variables: Record<string, unknown> = {},
  options: { skip?: boolean } = {},
) {
  const pages = usePages<N>(query, field, variables, options);
  const { loadMore, loading, error, pagesRead } = pages;
  const more = !!loadMore && pagesRead < MAX_PAGES;
  useEffect(() => {
    if (more && !loading && !error) loadMore?.();
  }, [more, loading, error, loadMore]);
  const done = pages.loaded && pages.current && !more;
  const key = JSON.stringify(variables);
  // The last whole list, kept once it is shown (not while rendering: a render may be thrown away).
  const whole = useRef<{ key: string; nodes: N[] }>(undefined);
  const nodes = done ? pages.nodes : undefined;
  useEffect(() => {
    if (nodes) whole.current = { key, nodes };
  });
  return {
    nodes: nodes ?? (whole.current?.key === key ? whole.current.nodes : undefined),
    loading: !done && !error && !options.skip,
    error,
    reload: pages.retry,
  };
}
