import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two repairs of discussion rooms.
 *
 * `room.title` takes the title of the record a room is about: an event's title may be 300 characters
 * long (a case study's too, though its room keeps none), so the column grows from 200 to 300. Titles
 * people give their own rooms stay at most 200 (`createRoom` checks it).
 *
 * Reactions are stored in one form per emoji (fully qualified, as the API now stores them): rows in
 * another form are moved to it, merged with the same person's vote in that form, and rows that are no
 * well-formed emoji (a dangling joiner, a repeated selector or skin tone, which nobody could take back
 * any more) are removed.
 */
export class RoomTitleAndReactionEmoji1765200000000 implements MigrationInterface {
  name = 'RoomTitleAndReactionEmoji1765200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE room ALTER COLUMN title TYPE varchar(300)`);

    const stored: { emoji: string }[] = await db.query(`SELECT DISTINCT emoji FROM room_message_reaction`);
    const changed = stored
      .map(({ emoji }) => ({ emoji, canonical: canonicalEmoji(emoji) }))
      .filter(({ emoji, canonical }) => canonical !== emoji);
    if (changed.length === 0) return;
    const from = changed.map((row) => row.emoji);
    await db.query(
      `INSERT INTO room_message_reaction (message_id, user_id, emoji, created_at)
       SELECT r.message_id, r.user_id, m.canonical, min(r.created_at)
         FROM room_message_reaction r
         JOIN unnest($1::text[], $2::text[]) AS m (emoji, canonical) ON m.emoji = r.emoji
        WHERE m.canonical IS NOT NULL
        GROUP BY r.message_id, r.user_id, m.canonical
       ON CONFLICT (message_id, user_id, emoji)
         DO UPDATE SET created_at = LEAST(room_message_reaction.created_at, EXCLUDED.created_at)`,
      [from, changed.map((row) => row.canonical)],
    );
    await db.query(`DELETE FROM room_message_reaction WHERE emoji = ANY ($1::text[])`, [from]);
  }

  async down(db: QueryRunner): Promise<void> {
    // Reactions stay as they are: their one form was accepted before too.
    await db.query(`ALTER TABLE room ALTER COLUMN title TYPE varchar(200) USING left(title, 200)`);
  }
}

// The rules of libs/discussions/src/reaction-emoji.ts as this release has them, kept here so that the
// migration does the same whatever later releases change there.

const ZWJ = '\u200d';
const VS16 = '\ufe0f';
const KEYCAP = '\u20e3';
const PICTOGRAPH = /^[\p{Emoji}\p{Extended_Pictographic}]$/u;
const TEXT_BY_DEFAULT = /^(?!\p{Emoji_Presentation})\p{Emoji}$/u;
const KEYCAP_BASE = /^[0-9#*]$/;
const MODIFIER = /^\p{Emoji_Modifier}$/u;
const MODIFIER_BASE = /^\p{Emoji_Modifier_Base}$/u;
const REGIONAL_INDICATOR = /^\p{Regional_Indicator}$/u;
const TAG_FLAG = new RegExp('^\\p{RGI_Emoji_Tag_Sequence}$', 'v');
const GRAPHEMES = new Intl.Segmenter('en', { granularity: 'grapheme' });

function canonicalEmoji(value: string): string | null {
  const parts = value.split(ZWJ).map(canonicalPart);
  if (parts.some((part) => part === null)) return null;
  const emoji = parts.join(ZWJ);
  return emoji.length <= 32 && [...GRAPHEMES.segment(emoji)].length === 1 ? emoji : null;
}

function canonicalPart(part: string): string | null {
  const [base, ...rest] = [...part];
  if (base === undefined || !PICTOGRAPH.test(base)) return null;
  if (REGIONAL_INDICATOR.test(base) && rest.length === 1 && REGIONAL_INDICATOR.test(rest[0])) return part;
  const marks = rest.join('');
  if (KEYCAP_BASE.test(base))
    return marks === KEYCAP || marks === VS16 + KEYCAP ? base + VS16 + KEYCAP : null;
  if (marks === '' || marks === VS16) return TEXT_BY_DEFAULT.test(base) ? base + VS16 : base;
  if (rest.length === 1 && MODIFIER.test(marks)) return MODIFIER_BASE.test(base) ? part : null;
  return TAG_FLAG.test(part) ? part : null;
}
