import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { accountMail, AccountsService } from '@ashar/accounts';
import { APP_CONFIG, type AppConfig } from '@ashar/config';
import { AppError, type ErrorCode } from '@ashar/errors';
import { ExclusiveJob } from '@ashar/database';
import { MailQueue } from '@ashar/mail';
import { markdownToText } from '@ashar/markdown';
import { DataSource, type EntityManager } from 'typeorm';
import { RoomService } from './room.service';

/** How long a mention may stay unread before it is e-mailed. */
export const MENTION_MAIL_DELAY_MINUTES = 10;
/** Older mentions are not mailed any more (a person back after a long absence gets no flood). */
const LOOK_BACK_DAYS = 7;
const EVERY_MS = 60_000;
/** What reading a room answers someone who may not read it. */
const REFUSALS = new Set<ErrorCode>(['NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED']);
/** A message quoted in a mention mail is cut to about this many characters. */
const QUOTE_CHARACTERS = 300;

interface UnreadMention {
  roomId: string;
  userId: string;
  threadId: string;
  /** A bigint, as text. */
  seq: string;
  body: string;
  authorName: string | null;
  /** Unread mentions of this person in this room, this one included. */
  count: number;
}

/** The start of a message as plain text (its Markdown's words), whole words, on one line per block. */
function quoteOf(body: string): string {
  const text = markdownToText(body).trim();
  if (text.length <= QUOTE_CHARACTERS) return text;
  const cut = text.slice(0, QUOTE_CHARACTERS);
  const space = cut.lastIndexOf(' ');
  return `${(space > QUOTE_CHARACTERS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * E-mails people the mentions of them they have not read within MENTION_MAIL_DELAY_MINUTES, one mail
 * per room with the latest mention quoted, in their language, unless they turned it off
 * (`mentionMail` in their profile), their account is suspended, or they have no standing in the room
 * (a `room_member` row). A mention is mailed at most once (`mention_mail_mark`), only while
 * the person may still read the room (by the rules reading it applies), and not once its message is
 * deleted or read. It is an ExclusiveJob: the mail is queued in the same transaction as the mark, so a
 * crash neither loses nor repeats it.
 */
@Injectable()
export class MentionMailer extends ExclusiveJob {
  constructor(
    @InjectDataSource() db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: AccountsService,
    private readonly rooms: RoomService,
    private readonly mail: MailQueue,
  ) {
    super(db, {
      lock: 'mention-mail',
      everyMs: EVERY_MS,
      doing: 'mailing unread mentions',
      periodic: config.mail.worker,
    });
  }

  /** Mails the mentions due now; resolves to how many mails it queued. */
  protected async work(tx: EntityManager): Promise<number> {
    // Per room and person, the latest mention that has waited long enough, unread and not mailed
    // yet, with how many such there are. Only people with a standing in the room (they read it, were
    // invited or host it) are mailed: anyone may name anyone in a public room, and Ashar must not
    // carry their words to the inbox of someone who never came there.
    const due = await tx.query<UnreadMention[]>(
      `WITH unread AS (
         SELECT m.room_id, u.id AS user_id, m.thread_id, m.seq, m.body, m.author_id,
                count(*) OVER (PARTITION BY m.room_id, u.id)::int AS count,
                row_number() OVER (PARTITION BY m.room_id, u.id ORDER BY m.seq DESC) AS latest
           FROM room_message m
           JOIN app_user u ON u.id = ANY (m.mentions) AND u.mention_mail AND u.suspended_at IS NULL
                       AND u.id IS DISTINCT FROM m.author_id
           JOIN room_member r ON r.room_id = m.room_id AND r.user_id = u.id
           LEFT JOIN mention_mail_mark k ON k.room_id = m.room_id AND k.user_id = u.id
           LEFT JOIN room_thread_read tr ON tr.thread_id = m.thread_id AND tr.user_id = u.id
          WHERE m.mentions <> '{}'
            AND m.created_at > now() - make_interval(days => $1)
            AND m.created_at < now() - make_interval(mins => $2)
            AND m.deleted_at IS NULL
            AND m.seq > GREATEST(r.last_read_seq, coalesce(tr.last_read_seq, 0), coalesce(k.seq, 0)))
       SELECT unread.room_id AS "roomId", unread.user_id AS "userId", unread.thread_id AS "threadId",
              unread.seq::text AS seq, unread.body, unread.count, a.display_name AS "authorName"
         FROM unread LEFT JOIN app_user a ON a.id = unread.author_id
        WHERE unread.latest = 1`,
      [LOOK_BACK_DAYS, MENTION_MAIL_DELAY_MINUTES],
    );
    let queued = 0;
    for (const mention of due) {
      if (await this.tell(mention, tx)) queued += 1;
      await tx.query(
        `INSERT INTO mention_mail_mark (room_id, user_id, seq) VALUES ($1, $2, $3)
         ON CONFLICT (room_id, user_id) DO UPDATE SET seq = GREATEST(mention_mail_mark.seq, EXCLUDED.seq)`,
        [mention.roomId, mention.userId, mention.seq],
      );
    }
    return queued;
  }

  /** Queues the mail, unless the person may no longer read the room (or has no account any more). */
  private async tell(mention: UnreadMention, tx: EntityManager): Promise<boolean> {
    const person = await this.accounts.findAuthUser(mention.userId);
    if (!person) return false;
    const lng = person.preferredLocale;
    // Refused now (banned, the room or its record hidden): no mail. Any other failure rolls back.
    const room = await this.rooms.room(person, mention.roomId, lng).catch((error: unknown) => {
      if (error instanceof AppError && REFUSALS.has(error.code)) return undefined;
      throw error;
    });
    if (!room) return false;
    const actor = mention.authorName ?? '—';
    const link = `${this.config.publicUrl}/rooms/${room.id}?thread=${mention.threadId}&lang=${lng}`;
    const several = mention.count > 1;
    await this.mail.enqueue(
      accountMail(several ? 'mentionsMail' : 'mentionMail', person, link, {
        params: { actor, room: room.title, ...(several ? { count: mention.count } : {}) },
        quote: quoteOf(mention.body),
      }),
      tx,
    );
    return true;
  }
}
