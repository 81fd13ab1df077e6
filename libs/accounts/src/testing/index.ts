import { linkToken, waitForMailFile } from '@ashar/mail/testing';
import type { ParsedMail } from 'mailparser';
import type { CallOptions, TestApp } from '@ashar/transport/testing';

export const REGISTER = `mutation ($input: RegisterInput!) { register(input: $input) }`;
export const CONFIRM_REGISTRATION = `mutation ($token: String!) {
  confirmRegistration(token: $token) { accessToken user { id email displayName preferredLocale roles } } }`;

export interface SignedUp {
  accessToken: string;
  user: { id: string; email: string; displayName: string; preferredLocale: string; roles: string[] };
}

/** Whether a mail holds a sign-up link. */
export const isSignUpMail = (mail: ParsedMail): boolean => !!linkToken(mail.text, 'confirm-registration');

/** The token of the sign-up link in a mail's text. */
export function registrationToken(text: string | undefined): string {
  const token = linkToken(text, 'confirm-registration');
  if (!token) throw new Error(`no sign-up link in: ${text}`);
  return token;
}

/**
 * Signs up through the API as a person does: `register`, the link in the e-mail (written to the test
 * app's mail folder), `confirmRegistration`. Throws with the errors if a step fails.
 */
export async function signUp(
  t: TestApp,
  input: { email: string; password: string; displayName: string; preferredLocale?: string },
  options: CallOptions = {},
): Promise<SignedUp> {
  const registered = await t.gql(REGISTER, { input }, options);
  if (registered.errors) throw new Error(`register failed: ${JSON.stringify(registered.errors)}`);
  const mail = await waitForMailFile(t.config.mail.fileDir, input.email.trim(), 10_000, isSignUpMail);
  const confirmed = await t.gql<{ confirmRegistration: SignedUp }>(
    CONFIRM_REGISTRATION,
    { token: registrationToken(mail.text) },
    options,
  );
  if (confirmed.errors || !confirmed.data)
    throw new Error(`confirmRegistration failed: ${JSON.stringify(confirmed.errors)}`);
  return confirmed.data.confirmRegistration;
}
