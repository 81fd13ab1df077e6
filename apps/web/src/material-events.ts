import { useQuery } from './use-query';

export interface EventChoice {
  id: string;
  title: string;
  locale: string;
  startsAt: string;
}

const EVENT_FIELDS = 'id title locale startsAt';
/** How far back the event picker reaches: materials are often shared after the event. */
const PAST_DAYS = 365;

/**
 * The events a material may be linked to: the first hundred the person can see from a year ago on
 * whose title contains `search` (the API's `events` list, soonest first, matching any language, case
 * and accents), and the chosen ones (`chosenIds`) wherever they are, so that a ticked event stays
 * listed whatever is searched.
 */
export function useEventChoices(
  chosenIds: readonly string[],
  search: string,
  options: { skip?: boolean } = {},
) {
  const from = new Date(Math.floor(Date.now() / 86_400_000 - PAST_DAYS) * 86_400_000).toISOString();
  const recent = useQuery<{ events: { edges: { node: EventChoice }[] } }>(
    `query MaterialEventChoices($filter: EventFilter) { events(filter: $filter, first: 100) { edges { node { ${EVENT_FIELDS} } } } }`,
    { filter: { from, ...(search.trim() ? { search: search.trim() } : {}) } },
    { ...options, keepPrevious: true },
  );
  const list = recent.data?.events.edges.map((edge) => edge.node) ?? [];
  const missing = chosenIds.filter((id) => !list.some((event) => event.id === id));
  const chosen = useEventsById(missing, { skip: options.skip || !recent.data });
  return {
    list: [...list, ...chosen.list],
    /** How many events the search found, the chosen ones it did not find left out. */
    found: list.length,
    error: recent.error ?? chosen.error,
    loading: recent.loading || chosen.loading,
    reload: () => {
      recent.reload();
      chosen.reload();
    },
  };
}

/** The events with these ids, in that order (one request, each asked by its id). */
export function useEventsById(ids: readonly string[], options: { skip?: boolean } = {}) {
  const variables = Object.fromEntries(ids.map((id, index) => [`e${index}`, id]));
  const query = ids.length
    ? `query MaterialEvents(${ids.map((_, i) => `$e${i}: ID!`).join(', ')}) { ${ids
        .map((_, i) => `e${i}: event(id: $e${i}) { ${EVENT_FIELDS} }`)
        .join(' ')} }`
    : '';
  const answer = useQuery<Record<string, EventChoice>>(query, variables, {
    skip: options.skip || ids.length === 0,
    keepPrevious: true,
  });
  // While other ids load, the events of the previous answer that are still asked for stay listed.
  const known = new Map(
    Object.values(answer.data ?? {})
      .filter((event): event is EventChoice => !!event)
      .map((event) => [event.id, event]),
  );
  const list = ids.map((id) => known.get(id)).filter((event): event is EventChoice => !!event);
  return { ...answer, list, loading: ids.length > 0 && !options.skip && answer.loading };
}
