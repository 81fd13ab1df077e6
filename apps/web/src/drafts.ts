import { validPicks, type Mentionable } from './mentions';

/** A message sent and not yet known to be stored: it goes out by itself, at most once (its clientId). */
export interface Pending {
  body: string;
  clientId: string;
  /** The people picked to mention (those whose `@Name` the body holds are sent). */
  mentions?: Mentionable[];
  roomId: string;
  replyTo?: string;
}

/**
 * What someone is writing in a thread, kept in this browser until the server has it: a reload, a
 * closed tab or a lost network loses nothing. `body` is the box; a message sent leaves the box for
 * `pending` at once, so what is typed next is never mixed with it, and waits there until the server
 * has it: the thread's box sends it, or, when that is not open, any page does (queued-messages.ts).
 */
export interface Draft {
  body: string;
  /** The people picked to mention (those whose `@Name` the body still holds are sent). */
  mentions?: Mentionable[];
  pending?: Pending;
  /** Why the server refused the last message sent from another page (in the language of then). */
  refused?: string;
}

const PREFIX = 'ashar.draft.';
const keyOf = (userId: string, threadId: string) => `${PREFIX}${userId}.${threadId}`;

function pendingOf(value: unknown): Pending | undefined {
  const stored = value as Partial<Pending> | null | undefined;
  if (
    !stored ||
    typeof stored.body !== 'string' ||
    typeof stored.clientId !== 'string' ||
    typeof stored.roomId !== 'string'
  )
    return undefined;
  return {
    body: stored.body,
    clientId: stored.clientId,
    mentions: validPicks(stored.mentions),
    roomId: stored.roomId,
    ...(typeof stored.replyTo === 'string' ? { replyTo: stored.replyTo } : {}),
  };
}

export function loadDraft(userId: string, threadId: string): Draft | undefined {
  try {
    const stored = JSON.parse(localStorage.getItem(keyOf(userId, threadId)) ?? 'null') as Draft | null;
    if (!stored || typeof stored.body !== 'string') return undefined;
    const pending = pendingOf(stored.pending);
    return {
      body: stored.body,
      mentions: validPicks(stored.mentions),
      ...(pending ? { pending } : {}),
      ...(typeof stored.refused === 'string' ? { refused: stored.refused } : {}),
    };
  } catch {
    return undefined;
  }
}

export function saveDraft(userId: string, threadId: string, draft: Draft | undefined): void {
  try {
    if (draft?.body || draft?.pending) localStorage.setItem(keyOf(userId, threadId), JSON.stringify(draft));
    else localStorage.removeItem(keyOf(userId, threadId));
  } catch {
    // Without storage (private mode, full) a draft lasts as long as the page.
  }
}

/** Answers that say "not now" rather than "no": the message stays pending and is tried again. */
export const TRY_AGAIN = new Set([
  'OFFLINE',
  'TIMEOUT',
  'RATE_LIMITED',
  'INTERNAL_SERVER_ERROR',
  'UNAUTHENTICATED',
]);

/**
 * `draft` once `sent` was answered (`refused`: why not): stored, it leaves; refused, its words go back
 * into the box, before what was typed since. Undefined when the draft's pending message is another
 * one by then (another tab, or another sender, answered it first).
 */
export function afterAnswer(draft: Draft, sent: Pending, refused?: string): Draft | undefined {
  if (draft.pending?.clientId !== sent.clientId) return undefined;
  const { pending: _done, refused: _before, ...rest } = draft;
  if (refused === undefined) return rest;
  const mentions = new Map([...(sent.mentions ?? []), ...(rest.mentions ?? [])].map((m) => [m.id, m]));
  return {
    body: rest.body.trim() ? `${sent.body}\n\n${rest.body}` : sent.body,
    mentions: [...mentions.values()],
    refused,
  };
}

/** `afterAnswer` applied to the thread's stored draft, and stored; undefined when it did not apply. */
export function settleDraft(
  userId: string,
  threadId: string,
  sent: Pending,
  refused?: string,
): Draft | undefined {
  const next = afterAnswer(loadDraft(userId, threadId) ?? { body: '' }, sent, refused);
  if (next) saveDraft(userId, threadId, next);
  return next;
}

/** The messages of `userId` waiting to go out, each with the thread it is written in. */
export function pendingMessages(userId: string): { threadId: string; pending: Pending }[] {
  const found: { threadId: string; pending: Pending }[] = [];
  try {
    const own = `${PREFIX}${userId}.`;
    for (const key of Object.keys(localStorage)) {
      if (!key.startsWith(own)) continue;
      const threadId = key.slice(own.length);
      const pending = loadDraft(userId, threadId)?.pending;
      if (pending) found.push({ threadId, pending });
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
