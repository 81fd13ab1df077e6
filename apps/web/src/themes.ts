import { useQuery } from './use-query';

export interface Theme {
  key: string;
  label: string;
}

/** The theme taxonomy, labelled in the reader's language: what forms and filters offer. */
export function useThemes(options: { skip?: boolean } = {}) {
  return useQuery<{ themes: Theme[] }>(`query Themes { themes { key label } }`, {}, options);
}
