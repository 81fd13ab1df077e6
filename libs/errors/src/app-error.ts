import { t, type Locale } from '@ashar/i18n';

/** Stable codes clients may rely on; they travel as `extensions.code` / `error.code`. */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  /** A download's `Range` lies outside the file (HTTP only). */
  | 'RANGE_NOT_SATISFIABLE'
  | 'INTERNAL_SERVER_ERROR';

export const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RANGE_NOT_SATISFIABLE: 416,
  INTERNAL_SERVER_ERROR: 500,
};

/** One problem with one input field: `path` is where (e.g. `input.email`), `code` the rule broken. */
export interface FieldProblem {
  path: string;
  code: string;
  params?: Record<string, unknown>;
}

export interface TranslatedFieldProblem {
  path: string;
  code: string;
  message: string;
}

/** The i18n keys of a RATE_LIMITED message, by the unit the wait is told in (`AppError.rateLimited`). */
export interface RateLimitMessages {
  seconds: string;
  minutes: string;
  hours: string;
}

const TOO_MANY_ATTEMPTS: RateLimitMessages = {
  seconds: 'errors:RATE_LIMITED',
  minutes: 'errors:rateLimitedMinutes',
  hours: 'errors:rateLimitedHours',
};

/**
 * The one error type of every domain. It carries a stable code and an i18n key; transports
 * (GraphQL, HTTP, socket.io) translate it once, in the caller's language.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly messageKey: string = `errors:${code}`,
    readonly params: Record<string, unknown> = {},
    readonly fields: FieldProblem[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(`${code}: ${messageKey}`);
    this.name = 'AppError';
  }

  /** The same error with its fields' paths under `prefix`, for a transport that wraps the payload in it. */
  under(prefix: string): AppError {
    const fields = this.fields.map((field) => ({ ...field, path: `${prefix}.${field.path}` }));
    return new AppError(this.code, this.messageKey, this.params, fields, this.extra);
  }

  static badInput(fields: FieldProblem[]): AppError {
    return new AppError('BAD_USER_INPUT', 'errors:BAD_USER_INPUT', {}, fields);
  }

  static notFound(entity: string, id?: string): AppError {
    return new AppError('NOT_FOUND', `errors:notFound.${entity}`, {}, [], id ? { entity, id } : { entity });
  }

  static forbidden(messageKey = 'errors:FORBIDDEN'): AppError {
    return new AppError('FORBIDDEN', messageKey);
  }

  static unauthenticated(messageKey = 'errors:UNAUTHENTICATED'): AppError {
    return new AppError('UNAUTHENTICATED', messageKey);
  }

  /**
   * Refused for now; `extensions.retryAfter` says for how many seconds. The message rounds that up to
   * what a person reads at a glance: seconds under a minute and a half, minutes under an hour and a
   * half, else hours ("try again in 15 minutes", not "in 894 seconds"). A domain with words of its own
   * for the refusal gives its three messages (`messages`); each takes the count of its unit.
   */
  static rateLimited(retryAfterSeconds: number, messages: RateLimitMessages = TOO_MANY_ATTEMPTS): AppError {
    const [key, count] =
      retryAfterSeconds < 90
        ? [messages.seconds, retryAfterSeconds]
        : retryAfterSeconds < 90 * 60
          ? [messages.minutes, Math.ceil(retryAfterSeconds / 60)]
          : [messages.hours, Math.ceil(retryAfterSeconds / 3600)];
    return new AppError('RATE_LIMITED', key, { count }, [], { retryAfter: retryAfterSeconds });
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }
}

/**
 * A character that shows nothing by itself, other than a space: a control, one of Unicode's
 * default-ignorable code points (zero-width spaces and joiners, direction marks and controls, the soft
 * hyphen, the combining grapheme joiner, variation selectors, the Mongolian vowel separator, tags) and
 * the blanks Unicode files as letters or symbols: the Hangul fillers (U+115F, U+1160, U+3164, U+FFA0,
 * default-ignorable as well, but named here because they are letters) and the blank braille pattern
 * (U+2800). Text made only of these and spaces is blank; a display name holds none out of place.
 */
export const INVISIBLE_CHARACTER = /[\p{Cc}\p{Default_Ignorable_Code_Point}\u115f\u1160\u3164\uffa0\u2800]/u;

const BLANK = new RegExp(`^(?:\\s|${INVISIBLE_CHARACTER.source})*$`, 'u');

/** Whether `text` shows nothing: empty, whitespace, or invisible characters only (INVISIBLE_CHARACTER). */
export const isBlank = (text: string): boolean => BLANK.test(text);

/** An optional text as stored: trimmed, or null when it shows nothing (`isBlank`), which clears it. */
export const optionalText = (raw: string | null | undefined): string | null =>
  raw == null || isBlank(raw) ? null : raw.trim();

/** `raw` trimmed; BAD_USER_INPUT on the field `path` (`isNotEmpty`) when nothing visible is left. */
export function requireText(raw: string, path: string): string {
  if (isBlank(raw)) throw AppError.badInput([{ path, code: 'isNotEmpty' }]);
  return raw.trim();
}

export function translateFieldProblem(locale: Locale, problem: FieldProblem): TranslatedFieldProblem {
  const params = problem.params ?? {};
  return { path: problem.path, code: problem.code, message: t(locale, `validation:${problem.code}`, params) };
}

export interface TranslatedError {
  code: ErrorCode;
  message: string;
  fields?: TranslatedFieldProblem[];
  [extra: string]: unknown;
}

/**
 * `error` as the AppError it stands for when only a client's input can have caused it, else as it is.
 * PostgreSQL cannot store U+0000 in text (SQLSTATE 22021), and no text of ours holds it, so it came
 * in with a request; refusing it at the database covers every route at once (search, which strips
 * control characters from its query, never gets there).
 */
export function clientErrorOf(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  // 22021 when bound as text; 22P05 when it comes inside JSON (`\u0000`) and is read as text.
  if (code === '22021' || code === '22P05') return new AppError('BAD_USER_INPUT', 'errors:nulCharacter');
  return error;
}

/** The one mapping from any thrown value to what a client is told. Unknown errors become a generic 500. */
export function translateError(thrown: unknown, locale: Locale): TranslatedError {
  const error = clientErrorOf(thrown);
  if (!(error instanceof AppError)) {
    return { code: 'INTERNAL_SERVER_ERROR', message: t(locale, 'errors:INTERNAL_SERVER_ERROR') };
  }
  const fields = error.fields.map((problem) => translateFieldProblem(locale, problem));
  let message = t(locale, error.messageKey, error.params);
  if (fields.length > 0 && error.messageKey === 'errors:BAD_USER_INPUT') {
    message = t(locale, 'errors:invalidFields', {
      fields: fields.map((f) => `${f.path}: ${f.message}`).join('; '),
    });
  }
  return { ...error.extra, code: error.code, message, ...(fields.length ? { fields } : {}) };
}
