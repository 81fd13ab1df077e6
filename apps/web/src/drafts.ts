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
  /**
   * Sent while the server could not be reached: it goes out by itself once it can be, from the
   * thread's message box or, when that is not open, from any page (queued-messages.ts).
   */
  queued?: { roomId: string; replyTo?: string };
  /** Why the server refused it when it went out from another page (in the language of then). */
  refused?: string;
}

const PREFIX = 'ashar.draft.';
const keyOf = (userId: string, threadId: string) => `${PREFIX}${userId}.${threadId}`;

export function loadDraft(userId: string, threadId: string): Draft | undefined {
  try {
    const stored = JSON.parse(localStorage.getItem(keyOf(userId, threadId)) ?? 'null') as Draft | null;
    if (!stored || typeof stored.body !== 'string') return undefined;
    return {
      body: stored.body,
      ...(typeof stored.clientId === 'string' ? { clientId: stored.clientId } : {}),
      mentions: validPicks(stored.mentions),
      ...(stored.queued && typeof stored.queued.roomId === 'string'
        ? {
            queued: {
              roomId: stored.queued.roomId,
              ...(typeof stored.queued.replyTo === 'string' ? { replyTo: stored.queued.replyTo } : {}),
            },
          }
        : {}),
      ...(typeof stored.refused === 'string' ? { refused: stored.refused } : {}),
    };
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

/**
 * The draft once `sent` has reached the server: empty, or what was typed while it went. Typing on at
 * its end (the usual case) leaves the new words only; any other change is a new message, kept whole.
 */
export function afterSent(now: Draft, sent: Draft): Draft {
  if (now.clientId === sent.clientId || now.body === sent.body) return { body: '' };
  const body = now.body.startsWith(sent.body)
    ? now.body.slice(sent.body.length).replace(/^\s+/, '')
    : now.body;
  return { body, mentions: now.mentions };
}

/** `draft` no longer waiting to go out (refused, say). */
export function unqueued({ queued: _sent, ...draft }: Draft): Draft {
  return draft;
}

/**
 * Stores `next` as the thread's draft once `sent` was answered, unless the draft changed meanwhile
 * (another tab, or the thread's box opened again and typed in): that one is left alone.
 */
export function settleDraft(userId: string, threadId: string, sent: Draft, next: Draft | undefined): void {
  if (loadDraft(userId, threadId)?.clientId !== sent.clientId) return;
  saveDraft(userId, threadId, next);
}

/** The drafts of `userId` waiting to go out (`queued`), each with the thread it is written in. */
export function queuedDrafts(userId: string): { threadId: string; draft: Draft }[] {
  const found: { threadId: string; draft: Draft }[] = [];
  try {
    const own = `${PREFIX}${userId}.`;
    for (const key of Object.keys(localStorage)) {
      if (!key.startsWith(own)) continue;
      const threadId = key.slice(own.length);
      const draft = loadDraft(userId, threadId);
      if (draft?.queued && draft.clientId) found.push({ threadId, draft });
    }
  } catch {
    // Without storage nothing waits beyond the page.
  }
  return found;
}

/** Threads whose message box is open now: that box sends what waits there itself. */
const open = new Map<string, number>();

/** Marks `threadId`'s message box open; call the answer when it closes. */
export function markOpen(threadId: string): () => void {
  open.set(threadId, (open.get(threadId) ?? 0) + 1);
  return () => {
    const left = (open.get(threadId) ?? 1) - 1;
    if (left > 0) open.set(threadId, left);
    else open.delete(threadId);
  };
}

export const isOpen = (threadId: string): boolean => open.has(threadId);

/** On signing out: the drafts are the words of the person leaving this browser. */
export function clearDrafts(): void {
  try {
    for (const key of Object.keys(localStorage)) if (key.startsWith(PREFIX)) localStorage.removeItem(key);
  } catch {
    // Nothing stored.
  }
}
