import {
  getMetadataStorage,
  isEmail,
  ValidateBy,
  type ValidationError,
  type ValidationOptions,
} from 'class-validator';
import { Transform } from 'class-transformer';
import { isBlank, type FieldProblem } from './app-error';

/** Reads the arguments a rule was declared with (e.g. `max` of `@MaxLength(200)`), so messages can name them. */
function ruleParams(target: object | undefined, property: string, rule: string): Record<string, unknown> {
  if (!target) return {};
  const metadata = getMetadataStorage()
    .getTargetValidationMetadatas(target.constructor, '', true, false)
    .find((m) => m.propertyName === property && (m.name === rule || m.type === rule));
  const constraints: unknown[] = metadata?.constraints ?? [];
  switch (rule) {
    case 'minLength':
    case 'arrayMinSize':
    case 'min':
      return { count: constraints[0], min: constraints[0] };
    case 'maxLength':
    case 'arrayMaxSize':
    case 'max':
      return { count: constraints[0], max: constraints[0] };
    case 'isEnum':
    case 'isIn': {
      const allowed = constraints[0];
      // A list names its values as they are (numbers too); an enum object also maps numbers back to
      // names, so only its names are listed.
      const values = Array.isArray(allowed)
        ? allowed.map(String)
        : Object.values((allowed as object) ?? {}).filter((v) => typeof v === 'string');
      return { values: values.join(', ') };
    }
    default:
      return {};
  }
}

/**
 * Our stable codes for class-validator's rule names where they differ: `@IsUUID` reports `isUuid`
 * while a malformed id argument is `isUUID`, and a nested value that is not an object is just invalid.
 */
const CODES: Record<string, string> = {
  isUuid: 'isUUID',
  unknownValue: 'invalid',
  nestedValidation: 'invalid',
};

/** The code a broken rule is reported with (every one has a `validation:` message in each language). */
export const validationCode = (rule: string): string => CODES[rule] ?? rule;

/** Flattens class-validator's tree into one problem per broken rule, with a dotted path. */
export function validationProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const rules = Object.keys(error.constraints ?? {});
    // A blank field is told only that it is required, not also that it is too short; a field sent as
    // another type (a number for a text) only that it must be text, not that it is empty.
    const wrongType = error.value !== undefined && error.value !== null && typeof error.value !== 'string';
    const shown =
      wrongType && rules.includes('isString')
        ? ['isString']
        : rules.includes('isNotEmpty')
          ? ['isNotEmpty']
          : rules;
    const own = shown.map((rule) => ({
      path,
      code: validationCode(rule),
      params: ruleParams(error.target, error.property, rule),
    }));
    return [...own, ...validationProblems(error.children ?? [], path)];
  });
}

/** A lone half of a UTF-16 surrogate pair: not text, and stored it would silently become U+FFFD. */
const LONE_SURROGATE = /\p{Surrogate}/u;

/** Whether `text` is well-formed Unicode (no lone surrogate). */
export const isWellFormedText = (text: string): boolean => !LONE_SURROGATE.test(text);

/**
 * A problem (`wellFormed`) for every string in `value` that is not well-formed Unicode, looked for at
 * most a few levels deep (inputs nest no deeper), so that nothing is stored other than as sent.
 */
export function illFormedText(value: unknown, path = '', depth = 0): FieldProblem[] {
  if (typeof value === 'string')
    return isWellFormedText(value) ? [] : [{ path: path || 'payload', code: 'wellFormed' }];
  if (typeof value !== 'object' || value === null || depth > 5) return [];
  return Object.entries(value).flatMap(([key, item]) =>
    illFormedText(item, path ? `${path}.${key}` : key, depth + 1),
  );
}

/**
 * An e-mail address as mail servers take it everywhere: what `@IsEmail()` accepts, without a quoted
 * or escaped local part (`"<b>hi</b>"@example.org` is valid by the standard, yet mail software
 * rewrites it, so the message would go elsewhere than the address shown). Reported as `isEmail`. The
 * address is read `Composed`.
 */
export function IsMailAddress(): PropertyDecorator {
  const composed = Composed();
  const valid = ValidateBy({
    name: 'isEmail',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' && isEmail(value) && !/["\\]/.test(value.slice(0, value.lastIndexOf('@'))),
    },
  });
  return (target, property) => {
    composed(target, property);
    valid(target, property);
  };
}

/**
 * Text as Unicode's composed form (NFC), before it is validated: "é" typed as one character or as "e"
 * and an accent is one spelling, so an address cannot be taken twice by writing it the other way.
 */
export function Composed(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.normalize('NFC') : value,
  );
}

/**
 * Text that shows something: refused (`isNotEmpty`) when empty, whitespace or invisible characters
 * only, checked with the input's other rules so that one answer lists every problem. Services still
 * trim what they store (`requireText`).
 */
export function IsNotBlank(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNotEmpty',
      validator: { validate: (value: unknown) => typeof value === 'string' && !isBlank(value) },
    },
    options,
  );
}

/** Explicit text-direction embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069). */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/u;

/** Whether `text` holds a control that reverses or reorders how it reads. */
export const hasBidiControls = (text: string): boolean => BIDI_CONTROL.test(text);

/**
 * A name shown to others as typed, without the invisible controls that reverse or reorder how it
 * reads ("\u202eQA" shows as "AQ"): a way to pass for someone else (`noBidiControls`).
 */
export function HasNoBidiControls(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'noBidiControls',
      validator: { validate: (value: unknown) => typeof value !== 'string' || !hasBidiControls(value) },
    },
    options,
  );
}

/**
 * At least `min` characters once the spaces around are trimmed, as services store text
 * (`requireText`): "  a " is one character, not four. Counted in code points like `MaxLength`.
 * Blank text passes: `IsNotBlank` or `requireText` says so, as the field's one problem. Reported as
 * `minLength`.
 */
export function MinLength(min: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'minLength',
      constraints: [min],
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && (isBlank(value) || [...value.trim()].length >= min),
      },
    },
    options,
  );
}

/**
 * At most `max` characters as PostgreSQL counts them (code points), so that what passes is what a
 * `varchar(max)` column takes, and as the web client counts them for a field. class-validator's own
 * MaxLength leaves out emoji variation selectors (U+FE0F): "❤️" 400 times passed a limit of 500 and
 * the database then refused its 800 characters with an internal error. Reported as `maxLength`.
 */
export function MaxLength(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxLength',
      constraints: [max],
      validator: { validate: (value: unknown) => typeof value === 'string' && [...value].length <= max },
    },
    options,
  );
}
