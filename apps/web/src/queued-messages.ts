import { useEffect } from 'react';
import { ApiError, gql, NetworkError } from './api';
import { isOpen, pendingMessages, settleDraft, TRY_AGAIN } from './drafts';
import { mentionIds } from './mentions';

/** How often messages still waiting are tried again while the page is open. */
const RETRY_MS = 15_000;

const POST = `mutation PostQueuedMessage($input: PostMessageInput!) { postMessage(input: $input) { id } }`;

/**
 * Sends the signed-in person's messages that wait for the server (a draft's `pending`, see
 * drafts.ts) whose thread's message box is not open: they were sent offline and the person then went
 * to another thread or page, or reloaded. Each goes over HTTP with its own clientId, so a message the
 * box, another tab or an earlier try already delivered is not posted twice. Tried on opening, when the
 * browser is back online, and every RETRY_MS; a refusal (a locked thread, say) leaves the text in its
 * thread's box with the reason, for the person to see there.
 */
export function useQueuedMessages(userId: string | undefined): void {
  useEffect(() => {
    if (!userId) return;
    let stopped = false;
    let running = false;
    async function flush(): Promise<void> {
      if (running) return;
      running = true;
      try {
        for (const { threadId, pending } of pendingMessages(userId as string)) {
          if (stopped) return;
          if (isOpen(threadId)) continue;
          try {
            await gql(POST, {
              input: {
                roomId: pending.roomId,
                threadId,
                body: pending.body,
                clientId: pending.clientId,
                ...(pending.replyTo ? { replyTo: pending.replyTo } : {}),
                mentions: mentionIds(pending.body, pending.mentions ?? []),
              },
            });
            settleDraft(userId as string, threadId, pending);
          } catch (error) {
            if (error instanceof NetworkError || (error instanceof ApiError && TRY_AGAIN.has(error.code)))
              return; // still unreachable: the next round tries again
            settleDraft(userId as string, threadId, pending, error instanceof ApiError ? error.message : '');
          }
        }
      } finally {
        running = false;
      }
    }
    const retry = () => void flush();
    retry();
    const timer = setInterval(retry, RETRY_MS);
    window.addEventListener('online', retry);
    return () => {
      stopped = true;
      clearInterval(timer);
      window.removeEventListener('online', retry);
    };
  }, [userId]);
}
