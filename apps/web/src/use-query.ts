import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { gql } from './api';

export interface QueryState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
}

/**
 * Runs a GraphQL query and runs it again when its variables or the language change (content is
 * served in the request's language). A stale answer never overwrites a newer one.
 */
export function useQuery<T>(
  query: string,
  variables: Record<string, unknown> = {},
  options: { skip?: boolean } = {},
): QueryState<T> {
  const { i18n } = useTranslation();
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({
    loading: !options.skip,
  });
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);
  const key = JSON.stringify(variables);

  useEffect(() => {
    if (options.skip) return;
    const ticket = ++latest.current;
    setState((previous) => ({ data: previous.data, loading: true }));
    gql<T>(query, JSON.parse(key) as Record<string, unknown>).then(
      (data) => ticket === latest.current && setState({ data, loading: false }),
      (error: unknown) => ticket === latest.current && setState({ error, loading: false }),
    );
  }, [query, key, i18n.language, generation, options.skip]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
