import { useAllPages } from './use-query';

export interface NetworkCountry {
  code: string;
  name: string;
}

/**
 * The countries that have a national network, named in the reader's language: what the forms offer to
 * choose from. `list` is empty until all have loaded (or when skipped); `nodes` undefined.
 */
export function useNetworkCountries(options: { skip?: boolean } = {}) {
  const countries = useAllPages<NetworkCountry>(
    `query NetworkCountries($after: String) { countries(first: 100, after: $after, filter: { withNetwork: true }) {
      edges { node { code name } } pageInfo { hasNextPage endCursor } } }`,
    'countries',
    {},
    options,
  );
  return { ...countries, list: countries.nodes ?? [] };
}
