/** The longest query we analyse; anything beyond is ignored rather than refused. */
export const MAX_QUERY_LENGTH = 500;

const WORD = /[\p{L}\p{N}]+/gu;

/** One thing searched for: a word (or a hyphenated group), or a "phrase"; `-` excludes it. */
export interface QueryTerm {
  /** Its words, as typed. */
  words: string[];
  phrase: boolean;
  negated: boolean;
}

export interface ParsedQuery {
  /** The cleaned text (control characters removed, length capped), for engines that parse it themselves. */
  text: string;
  /** The query as web-search syntax for websearch_to_tsquery: words, "phrases", -excluded, OR. */
  websearch: string;
  /** The last word typed, matched as a prefix (search-as-you-type); empty when the query ends otherwise. */
  prefix: string;
  /** How the prefix joins the rest: `and`, or `or` when it follows an OR ("ombudsman OR irrig"). */
  prefixJoin: 'and' | 'or';
  /** Plain words (not excluded, not in a phrase) of five or more letters: candidates for typo tolerance. */
  fuzzyWords: string[];
  /** Every word searched for, for engines that take plain text. */
  words: string[];
  /**
   * The query's structure, as websearch_to_tsquery reads it: every clause must match, and a clause
   * matches when any of its terms does (terms joined by OR).
   */
  clauses: QueryTerm[][];
  /** `websearch` without its excluded terms: what ranks and highlights a hit. */
  rankedWebsearch: string;
  /** The excluded terms (`-word`, `-"a phrase"`), each as its words joined by spaces. */
  excluded: string[];
  isEmpty: boolean;
}

/**
 * Web-search tokens: a "phrase" (maybe left open), or a run of anything else; either may start with
 * operator characters, which websearch_to_tsquery skips except `-`, NOT (`--` is NOT NOT).
 */
const TOKEN = /[-!&|()<]*"[^"]*"?|[^\s"]+/g;
const LEAD = /^[-!&|()<]*/;

/** Whether a token is negated, and what follows its operator characters. */
function readToken(token: string): { negated: boolean; body: string } {
  const lead = LEAD.exec(token)![0];
  const body = token.slice(lead.length);
  return { negated: body !== '' && (lead.match(/-/g) ?? []).length % 2 === 1, body };
}

const isOr = (token: string) => token.toUpperCase() === 'OR';

/**
 * `text`'s tokens written so that websearch_to_tsquery reads them as `clausesOf` does: a `-` only right
 * before an excluded term, a phrase's words in quotes, OR between alternatives, and nothing for a
 * token without a letter or digit. Passed on as typed, the two read some input differently: a lone
 * `-` before `-water` made PostgreSQL's NOT NOT (water found) of what was an exclusion here.
 */
function written(text: string, keep: (negated: boolean) => boolean = () => true): string {
  const out: string[] = [];
  for (const token of text.match(TOKEN) ?? []) {
    if (isOr(token)) {
      out.push('OR');
      continue;
    }
    const { negated, body } = readToken(token);
    const words = body.match(WORD);
    if (!words || !keep(negated)) continue;
    // Inside a word a `-` joins (micro-hydro); after anything else it would start an exclusion.
    const plain = body.startsWith('"')
      ? `"${words.join(' ')}"`
      : body.replace(/(^|[^\p{L}\p{N}])-+/gu, '$1 ');
    out.push(`${negated ? '-' : ''}${plain}`);
  }
  return out.join(' ');
}

/** The clauses of `text` (see ParsedQuery.clauses); tokens without a letter or digit are skipped. */
function clausesOf(text: string): QueryTerm[][] {
  const clauses: QueryTerm[][] = [];
  let joinNext = false;
  for (const token of text.match(TOKEN) ?? []) {
    if (isOr(token)) {
      joinNext = clauses.length > 0;
      continue;
    }
    const { negated, body } = readToken(token);
    const words = body.match(WORD);
    if (!words) continue;
    const term = { words, phrase: body.startsWith('"'), negated };
    if (joinNext) clauses[clauses.length - 1].push(term);
    else clauses.push([term]);
    joinNext = false;
  }
  return clauses;
}

/** Lower-case and strip accents the way the index does (unaccent), for words compared outside SQL. */
export function foldWord(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * The typos a word may hold and still match another, as Meilisearch allows them: none below five
 * letters, one up to eight, two from nine.
 */
export const allowedTypos = (word: string): number => (word.length < 5 ? 0 : word.length < 9 ? 1 : 2);

/**
 * Edits (a letter added, left out, replaced, or two neighbours swapped) between two words, counting
 * no further than `limit` + 1: the optimal string alignment distance.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j], rows[i - 2][j - 2] + 1);
    }
    if (Math.min(...row) > limit) return limit + 1;
    rows.push(row);
  }
  return Math.min(rows[a.length][b.length], limit + 1);
}

/**
 * Reads what a person typed. Never throws: unbalanced quotes, symbols only, SQL or HTML fragments and
 * very long input all become a (possibly empty) query.
 */
export function parseQuery(raw: string): ParsedQuery {
  const text = (raw ?? '')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed here
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .slice(0, MAX_QUERY_LENGTH)
    .trim();
  const words = text.match(WORD) ?? [];
  if (words.length === 0)
    return {
      text: '',
      websearch: '',
      prefix: '',
      prefixJoin: 'and',
      fuzzyWords: [],
      words: [],
      clauses: [],
      rankedWebsearch: '',
      excluded: [],
      isEmpty: true,
    };

  // The last word is a prefix when it is a plain word at the very end (not quoted, not excluded).
  const last = /(^|[\s(])([\p{L}\p{N}]+)$/u.exec(text);
  const quotes = (text.match(/"/g) ?? []).length;
  const lastToken = text.match(TOKEN)?.at(-1) ?? '';
  const prefix =
    last && quotes % 2 === 0 && last[2].toUpperCase() !== 'OR' && !readToken(lastToken).negated
      ? last[2]
      : '';
  let websearch = prefix ? text.slice(0, text.length - prefix.length).trim() : text;
  let prefixJoin: 'and' | 'or' = 'and';
  if (prefix && /(^|\s)OR$/.test(websearch)) {
    websearch = websearch.slice(0, -2).trim();
    prefixJoin = 'or';
  }

  const fuzzyWords: string[] = [];
  let inPhrase = false;
  for (const token of text.split(/(")/)) {
    if (token === '"') {
      inPhrase = !inPhrase;
      continue;
    }
    if (inPhrase) continue;
    for (const part of token.split(/\s+/)) {
      if (part.startsWith('-')) continue;
      for (const word of part.match(WORD) ?? []) {
        if (word.length >= 5 && word.toUpperCase() !== 'OR') fuzzyWords.push(foldWord(word));
      }
    }
  }
  const clauses = clausesOf(text);
  // Excluded for sure: a negated term standing alone (`solar OR -Tavush` is met by solar alone).
  const excluded = clauses.filter((clause) => clause.length === 1 && clause[0].negated).map(([term]) => term);
  return {
    text,
    websearch: written(websearch),
    prefix,
    prefixJoin,
    fuzzyWords: [...new Set(fuzzyWords)],
    words,
    clauses,
    rankedWebsearch: written(websearch, (negated) => !negated),
    excluded: [...new Set(excluded.map((term) => term.words.join(' ')))],
    isEmpty: false,
  };
}
