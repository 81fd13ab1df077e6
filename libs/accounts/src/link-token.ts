import { createHash, randomBytes } from 'node:crypto';

/** The token of a link e-mailed to someone (sign-up, password reset): 32 random bytes, base64url. */
export const newLinkToken = (): string => randomBytes(32).toString('base64url');

/** Only this is stored: whoever reads the table cannot use what they read. */
export const digest = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();
