import { validPicks, type Mentionable } from './mentions';

/**
 * What someone is writing in a thread, kept in this browser until the server has it: a reload, a
 * closed tab or a lost network loses nothing. Once a send has been tried, the text keeps its clientId:
 * trying again after an answer that never came cannot post it twice, since the server keeps one
 * message per clientId. Changing the text starts a new message (and a new clientId).
 */
export interface Draft {
  body: string;
  clientId?: string;
  /** The people picked to mention (those whose `@Name` the body still holds are sent). */
  mentions?: Mentionable[];
}

const PREFIX = 'ashar.draft.';
const keyOf = (userId: string, threadId: string) => `${PREFIX}${userId}.${threadId}`;

export function loadDraft(userId: string, threadId: string): Draft | undefined {
  try {
    const stored = JSON.parse(localStorage.getItem(keyOf(userId, threadId)) ?? 'null') as Draft | null;
    if (!stored || typeof stored.body !== 'string') return undefined;
    return { ...stored, mentions: validPicks(stored.mentions) };
  } catch {
    return undefined;
  }
}

export function saveDraft(userId: string, threadId: string, draft: Draft | undefined): void {
  try {
    if (draft?.body) localStorage.setItem(keyOf(userId, threadId), JSON.stringify(draft));
    else localStorage.removeItem(keyOf(userId, threadId));
  } catch {
    // Without storage (private mode, full) a draft lasts as long as the page.
  }
}

/** On signing out: the drafts are the words of the person leaving this browser. */
export function clearDrafts(): void {
  try {
    for (const key of Object.keys(localStorage)) if (key.startsWith(PREFIX)) localStorage.removeItem(key);
  } catch {
    // Nothing stored.
  }
}
