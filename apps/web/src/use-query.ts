import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { gql } from './api';

export interface QueryState<T> {
  /** The answer for the current variables (kept while the same query is fetched again). */
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
}

/**
 * Runs a GraphQL query and runs it again when its variables or the language change (content is
 * served in the request's language). A stale answer never overwrites a newer one, and an answer for
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
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean; key?: string }>({
    loading: !options.skip,
  });
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    if (options.skip) return;
    const ticket = ++latest.current;
    setState((previous) => ({ data: previous.data, key: previous.key, loading: true }));
    gql<T>(query, JSON.parse(key) as Record<string, unknown>, { locale: options.locale }).then(
      (data) => ticket === latest.current && setState({ data, key, loading: false }),
      (error: unknown) =>
        ticket === latest.current &&
        setState((previous) => ({
          data: previous.key === key ? previous.data : undefined,
          error,
          key,
          loading: false,
        })),
    );
  }, [query, key, i18n.language, generation, options.skip, options.locale]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  const current = state.key === key;
  return {
    data: current || options.keepPrevious ? state.data : undefined,
    error: current ? state.error : undefined,
    // Between a change of variables and the effect that fetches them, this render is loading too.
    loading: state.loading || (!current && !options.skip),
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
