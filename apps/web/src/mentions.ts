/** A person who can be mentioned: the id the server needs and the name the text shows. */
export interface Mentionable {
  id: string;
  displayName: string;
  /** Their organisations' names, when known: tells apart two people of the same name. */
  organisations?: string[];
}

/** The server takes at most this many mentions a message. */
export const MAX_MENTIONS = 20;

/**
 * The name being typed after an `@` that starts a word and ends at the caret (`Nur` in `hi @Nur`),
 * or undefined when the caret is not in such a word. Names may hold spaces, so everything from the `@`
 * up to the caret counts, within a line and up to 40 characters; an `@` followed by a space is not a
 * mention.
 */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | undefined {
  const before = text.slice(0, caret);
  const match = /(?:^|\s)@((?:[^\s@][^@\n]{0,39})?)$/.exec(before);
  if (!match) return undefined;
  return { start: caret - match[1].length - 1, query: match[1] };
}

/** A name as matched: lower case, without accents (`José` is found by `jose`, `Ёлкин` by `елкин`). */
const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();

/**
 * Up to `limit` people whose name has a word starting with `query` (any case, with or without
 * accents), those starting it first. None once the query is a whole name followed by a space: that
 * name is written, the writer has moved on.
 */
export function mentionMatches(people: readonly Mentionable[], query: string, limit = 6): Mentionable[] {
  const wanted = fold(query.trim());
  if (/\s$/.test(query) && people.some((person) => fold(person.displayName) === wanted)) return [];
  const scored = people
    .map((person) => {
      const name = fold(person.displayName);
      const score = name.startsWith(wanted)
        ? 0
        : name.split(/\s+/).some((word) => word.startsWith(wanted))
          ? 1
          : -1;
      return { person, score };
    })
    .filter(({ score }) => score >= 0);
  scored.sort((a, b) => a.score - b.score || a.person.displayName.localeCompare(b.person.displayName));
  return scored.slice(0, limit).map(({ person }) => person);
}

/**
 * `text` with the `@query` at `start` (and the rest of the word the caret is in) replaced by
 * `@Name `, and where the caret goes after it.
 */
export function insertMention(
  text: string,
  start: number,
  caret: number,
  person: Mentionable,
): { text: string; caret: number } {
  const inserted = `@${person.displayName} `;
  const rest = (/^[\p{L}\p{N}_-]*/u.exec(text.slice(caret)) ?? [''])[0].length;
  const after = text.slice(caret + rest).replace(/^ /, '');
  return { text: text.slice(0, start) + inserted + after, caret: start + inserted.length };
}

/**
 * The ids of the people picked whose `@Name` the body still holds as a whole name (a name deleted from
 * the text is no longer a mention; where `@Ann` and `@Ann Lee` were both picked, `@Ann Lee` is Ann
 * Lee), once each. Of two people picked under the same name, the one picked last. More than MAX_MENTIONS
 * are refused by the API: the boxes say so before sending (`tooManyMentions`).
 */
export function mentionIds(body: string, picked: readonly Mentionable[]): string[] {
  const byName = new Map(picked.map((person) => [person.displayName, person.id]));
  const longestFirst = [...byName.keys()].sort((a, b) => b.length - a.length);
  const ids = new Set<string>();
  for (const match of body.matchAll(/(?:^|\s)@/g)) {
    const at = (match.index ?? 0) + match[0].length;
    const name = longestFirst.find(
      (candidate) =>
        body.startsWith(candidate, at) && !/[\p{L}\p{N}]/u.test(body.charAt(at + candidate.length)),
    );
    if (name) ids.add(byName.get(name) as string);
  }
  return [...ids];
}

/**
 * The ids of a message's `mentioned` people still mentioned once it is edited from `before` to
 * `after`: only one whose `@Name` the edit took out of the text stops being mentioned, so a person
 * renamed since, or mentioned without their name in the text, stays mentioned.
 */
export function mentionsAfterEdit(
  before: string,
  after: string,
  mentioned: readonly Mentionable[],
): string[] {
  const named = (body: string) => new Set(mentionIds(body, mentioned));
  const [was, is] = [named(before), named(after)];
  return mentioned.filter((person) => !was.has(person.id) || is.has(person.id)).map((person) => person.id);
}

/** Picks restored from storage, kept only when they have the shape a pick has. */
export function validPicks(value: unknown): Mentionable[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(
    (item): item is Mentionable =>
      !!item && typeof item.id === 'string' && typeof item.displayName === 'string',
  );
}

/**
 * What a message box says instead of sending when its text names more people than a message may
 * mention, worded when read (in the page's language then).
 */
export function tooManyMentions(
  ids: readonly string[],
  t: (key: string, options: Record<string, unknown>) => string,
): (() => string) | undefined {
  const count = ids.length;
  return count > MAX_MENTIONS ? () => t('rooms.tooManyMentions', { count, max: MAX_MENTIONS }) : undefined;
}
