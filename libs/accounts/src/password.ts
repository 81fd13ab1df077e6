import bcrypt from 'bcryptjs';

const COST = 10;

// Compared against when the email is unknown, so both failures take the same time.
const UNKNOWN_USER_HASH = bcrypt.hashSync('no such account', COST);

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export async function passwordMatches(password: string, hash: string | undefined): Promise<boolean> {
  const matches = await bcrypt.compare(password, hash ?? UNKNOWN_USER_HASH);
  return matches && hash !== undefined;
}
