import { useQuery } from './use-query';

export interface NetworkCountry {
  code: string;
  name: string;
}

/**
 * The countries that have a national network, named in the reader's language: what the forms offer to
 * choose from. `list` is empty until they load (or when skipped).
 */
export function useNetworkCountries(options: { skip?: boolean } = {}) {
  const query = useQuery<{ countries: { edges: { node: NetworkCountry }[] } }>(
    `query NetworkCountries { countries(first: 100, filter: { withNetwork: true }) { edges { node { code name } } } }`,
    {},
    options,
  );
  return { ...query, list: query.data?.countries.edges.map((edge) => edge.node) ?? [] };
}
