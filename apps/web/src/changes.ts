/** Whether a form's value is what was loaded: compared as the API would get it (JSON). */
export const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The fields of `input` whose value differs from `before`'s: what an edit sends, so that a field the
 * person left alone never overwrites what someone else saved meanwhile.
 */
export function changedFields(
  input: Record<string, unknown>,
  before: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([key, value]) => !same(value, before[key])));
}
