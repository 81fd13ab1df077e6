import { ApiError, type FieldProblem } from './api-error';
import { currentLocale } from './i18n';

export { ApiError, type FieldProblem };

/** What a form shows for one field: the API's message when it named that field. */
export function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiError ? error.fieldMessage(field) : undefined;
}

export type Problems = Record<string, string>;

/**
 * Each API problem under the form path that names it most closely (`input.countryCodes.1` →
 * `input.countryCodes`); `unplaced` when some problem (or the whole error) has no field to sit by.
 */
export function serverProblems(error: unknown, paths: string[]): { byPath: Problems; unplaced: boolean } {
  const byPath: Problems = {};
  if (!(error instanceof ApiError)) return { byPath, unplaced: !!error };
  let unplaced = error.fields.length === 0;
  for (const problem of error.fields) {
    const path = paths
      .filter((candidate) => problem.path === candidate || problem.path.startsWith(`${candidate}.`))
      .sort((a, b) => b.length - a.length)[0];
    const message = error.fieldMessage(problem.path);
    if (path && message) byPath[path] ??= message;
    else unplaced = true;
  }
  return { byPath, unplaced };
}

/** The API refused the token of an e-mailed link (used, expired, replaced): only a new link helps. */
export const refusesLink = (error: unknown): error is ApiError =>
  error instanceof ApiError && error.fields.some((field) => field.path === 'token');

/** What a form shows above its fields: anything not already shown next to a field. */
export function formError(error: unknown): unknown {
  return error instanceof ApiError && error.fields.length > 0 ? undefined : error;
}

/** Raised when the server cannot be reached at all; the page shows its own translated text. */
export class NetworkError extends Error {}

const TOKEN_KEY = 'ashar.token';

export function storedToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function storeToken(token: string | null): void {
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    // Without storage the session lasts as long as the page.
  }
}

export function authHeaders(locale: string = currentLocale()): Record<string, string> {
  const token = storedToken();
  return {
    'accept-language': locale,
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  };
}

interface GraphqlError {
  message: string;
  extensions?: { code?: string; fields?: FieldProblem[] };
}

/**
 * One GraphQL call in the current language (or `options.locale`: an edit form reads a record's text
 * in the language it was written in), with the session's token.
 */
export async function gql<T>(
  query: string,
  variables: Record<string, unknown> = {},
  options: { locale?: string } = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders(options.locale) },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new NetworkError('network');
  }
  let body: { data?: T | null; errors?: GraphqlError[] };
  try {
    body = await response.json();
  } catch {
    throw new NetworkError(`HTTP ${response.status}`);
  }
  const first = body.errors?.[0];
  if (first) {
    throw new ApiError(
      first.extensions?.code ?? 'INTERNAL_SERVER_ERROR',
      first.message,
      first.extensions?.fields,
    );
  }
  return body.data as T;
}
