/** The API's errors as the client holds them; apart from api.ts so that code without a page can use them. */
export interface FieldProblem {
  path: string;
  code: string;
  message: string;
}

/**
 * An error as the API reports it: a stable code and a message already in the user's language. One
 * the page words itself is given as a function, so that it reads in the page's language after a switch.
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string | (() => string),
    readonly fields: FieldProblem[] = [],
  ) {
    super(typeof message === 'string' ? message : '');
    if (typeof message === 'function') Object.defineProperty(this, 'message', { get: message });
  }

  /** The message for one input field (`email` matches `input.email`), if the API named it. */
  fieldMessage(field: string): string | undefined {
    const problem = this.fields.find((f) => f.path === field || f.path.endsWith(`.${field}`));
    if (!problem) return undefined;
    // A domain error (CONFLICT: an address already taken; BAD_USER_INPUT: an event that ends before
    // it starts) names the field but explains itself in `message`. Only plain invalid input says what
    // is wrong with each field, and its message then lists every field (`input.email: …`).
    const own =
      this.code === 'BAD_USER_INPUT' &&
      problem.message !== problem.code &&
      this.message.includes(`${problem.path}: `);
    return own ? problem.message : this.message;
  }
}
