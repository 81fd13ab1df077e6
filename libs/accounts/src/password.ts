import { createHash } from 'node:crypto';
import bcrypt from 'bcryptjs';

const COST = 10;

/**
 * bcrypt reads only the first 72 bytes of what it hashes (36 Cyrillic letters), so a password is
 * digested first and all of it counts. Hashes made this way say so; older ones hold the password itself.
 */
const DIGESTED = 'sha256:';

const digest = (password: string) => createHash('sha256').update(password, 'utf8').digest('base64');

// Compared against when the email is unknown, so both failures take the same time.
const UNKNOWN_USER_HASH = DIGESTED + bcrypt.hashSync(digest('no such account'), COST);

export async function hashPassword(password: string): Promise<string> {
  return DIGESTED + (await bcrypt.hash(digest(password), COST));
}

export async function passwordMatches(password: string, hash: string | undefined): Promise<boolean> {
  const stored = hash ?? UNKNOWN_USER_HASH;
  const matches = stored.startsWith(DIGESTED)
    ? await bcrypt.compare(digest(password), stored.slice(DIGESTED.length))
    : await bcrypt.compare(password, stored);
  return matches && hash !== undefined;
}

/** A hash made before passwords were digested: login stores the password again once it matched. */
export const isUndigested = (hash: string): boolean => !hash.startsWith(DIGESTED);
