/** A person who can be mentioned: the id the server needs and the name the text shows. */
export interface Mentionable {
  id: string;
  displayName: string;
}

/** The server takes at most this many mentions a message. */
export const MAX_MENTIONS = 20;

/**
 * The name being typed after an `@` that starts a word and ends at the caret (`Nur` in `hi @Nur`),
 * or undefined when the caret is not in such a word. Names may hold spaces, so everything from the `@`
 * up to the caret counts, within a line and up to 40 characters.
 */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | undefined {
  const before = text.slice(0, caret);
  const match = /(?:^|\s)@([^@\n]{0,40})$/.exec(before);
  if (!match) return undefined;
  return { start: caret - match[1].length - 1, query: match[1] };
}

/** Up to `limit` people whose name has a word starting with `query` (any case), those starting it first. */
export function mentionMatches(people: readonly Mentionable[], query: string, limit = 6): Mentionable[] {
  const wanted = query.trim().toLocaleLowerCase();
  const scored = people
    .map((person) => {
      const name = person.displayName.toLocaleLowerCase();
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

/** `text` with the `@query` at `start` replaced by `@Name `, and where the caret goes after it. */
export function insertMention(
  text: string,
  start: number,
  caret: number,
  person: Mentionable,
): { text: string; caret: number } {
  const inserted = `@${person.displayName} `;
  return { text: text.slice(0, start) + inserted + text.slice(caret), caret: start + inserted.length };
}

/**
 * The ids of the people picked whose `@Name` the body still holds (a name deleted from the text is no
 * longer a mention), once each, at most MAX_MENTIONS.
 */
export function mentionIds(body: string, picked: readonly Mentionable[]): string[] {
  const ids = picked.filter((person) => body.includes(`@${person.displayName}`)).map((person) => person.id);
  return [...new Set(ids)].slice(0, MAX_MENTIONS);
}
