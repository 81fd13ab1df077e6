import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { AppError, hasBidiControls, isBlank, isWellFormedText } from '@ashar/errors';
import {
  ORGANISATION_NAME_MAX_LENGTH,
  ORGANISATION_NAME_MIN_LENGTH,
  organisationNameTooLong,
} from '@ashar/network';
import { t, type Locale } from '@ashar/i18n';
import { IMPORT_DOCUMENT_SCHEMA } from './case-study-import.schema';
import type { ImportProblem } from './import-record';

let compiled: ValidateFunction | undefined;

/** The record schema, compiled once per process (compiling is the slow part of Ajv). */
function recordValidator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
    addFormats(ajv, ['uri']);
    compiled = ajv.compile(IMPORT_DOCUMENT_SCHEMA.definitions.caseStudy);
  }
  return compiled;
}

/**
 * The `caseStudies` array of a document, or one clear error, in the reader's language, when the
 * document is not of that form.
 */
export function caseStudiesOf(document: unknown): unknown[] {
  if (document === null || typeof document !== 'object' || Array.isArray(document))
    throw new AppError('BAD_USER_INPUT', 'knowledge:errors.documentNotObject');
  if (!Array.isArray((document as { caseStudies?: unknown }).caseStudies))
    throw new AppError('BAD_USER_INPUT', 'knowledge:errors.caseStudiesNotArray');
  const extra = Object.keys(document).find((key) => key !== 'caseStudies');
  if (extra !== undefined)
    throw new AppError('BAD_USER_INPUT', 'knowledge:errors.documentUnexpectedField', { field: extra });
  return (document as { caseStudies: unknown[] }).caseStudies;
}

/**
 * Parses JSON text or a file's bytes (the CLI reads files) into a document, with the same error for
 * bad JSON. Bytes must be UTF-8: decoding leniently would import every other encoding's letters as
 * U+FFFD. A leading byte-order mark, as some editors write, is skipped.
 */
export function parseImportDocument(input: string | Uint8Array): unknown {
  let text: string;
  if (typeof input === 'string') text = input.replace(/^\uFEFF/, '');
  else
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch (error) {
      // Past V8's longest string (about 512 MB) the bytes cannot become text at all.
      if ((error as { code?: string }).code === 'ERR_STRING_TOO_LONG')
        throw new AppError('BAD_USER_INPUT', 'knowledge:errors.documentTooLarge', {
          megabytes: Math.round(input.length / 2 ** 20),
        });
      throw new AppError('BAD_USER_INPUT', 'knowledge:errors.notUtf8');
    }
  try {
    return JSON.parse(text);
  } catch (error) {
    // Where the parser stopped, as a line and column in the reader's language (its own message is
    // English); without a position it ran out of text.
    const at = /at position (\d+)/.exec(error instanceof Error ? error.message : '');
    const lines = text.slice(0, at ? Number(at[1]) : text.length).split('\n');
    throw new AppError('BAD_USER_INPUT', 'knowledge:errors.invalidJson', {
      line: lines.length,
      column: lines[lines.length - 1].length + 1,
    });
  }
}

/** The message naming the form each pattern of the schema asks for. */
const PATTERN_MESSAGES: Record<string, string> = {
  '^[a-z0-9]+(-[a-z0-9]+)*$': 'patternSlug',
  '^[A-Z]{2}$': 'patternCountry',
  '^[A-Z]{3}$': 'patternCurrency',
  '\\S': 'patternBlank',
  '^https?://': 'patternWebAddress',
};

function problem(base: string, error: ErrorObject, locale: Locale): ImportProblem {
  const path = `${base}${error.instancePath}`;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return {
        path: `${path}/${params.missingProperty}`,
        message: t(locale, 'knowledge:import.required', { property: params.missingProperty }),
      };
    case 'additionalProperties':
      return {
        path: `${path}/${params.additionalProperty}`,
        message: t(locale, 'knowledge:import.additionalProperties', { property: params.additionalProperty }),
      };
    case 'enum':
      if (/\/themes\/\d+$/.test(error.instancePath))
        return { path, message: t(locale, 'knowledge:import.unknownTheme', { value: error.data }) };
      return {
        path,
        message: t(locale, 'knowledge:import.enum', {
          values: (params.allowedValues as unknown[]).join(', '),
        }),
      };
    case 'type':
      return { path, message: t(locale, 'knowledge:import.type', { type: params.type }) };
    case 'format':
      return { path, message: t(locale, 'knowledge:import.format', { format: params.format }) };
    case 'minimum':
    case 'maximum':
      return { path, message: t(locale, `knowledge:import.${error.keyword}`, { limit: params.limit }) };
    case 'minLength':
    case 'maxLength':
    case 'minItems':
    case 'maxItems':
      // A count of characters or items: the message takes the plural form of the language.
      return { path, message: t(locale, `knowledge:import.${error.keyword}`, { count: params.limit }) };
    case 'pattern':
      // Says which form: "does not have the expected form" left people guessing what a slug may hold.
      return {
        path,
        message: t(locale, `knowledge:import.${PATTERN_MESSAGES[String(params.pattern)] ?? 'pattern'}`),
      };
    case 'uniqueItems':
    case 'minProperties':
      return { path, message: t(locale, `knowledge:import.${error.keyword}`) };
    default:
      return { path, message: t(locale, 'knowledge:import.invalid') };
  }
}

/**
 * A problem for every string PostgreSQL cannot store as sent: one holding U+0000, or half of a
 * surrogate pair (a broken emoji). Said up front, on the field, in the reader's language, instead of
 * the database's own refusal of the whole record.
 */
function unstorableText(value: unknown, path: string, locale: Locale, depth = 0): ImportProblem[] {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return [{ path, message: t(locale, 'knowledge:import.nulCharacter') }];
    return isWellFormedText(value) ? [] : [{ path, message: t(locale, 'validation:wellFormed') }];
  }
  if (typeof value !== 'object' || value === null || depth > 8) return [];
  return Object.entries(value).flatMap(([key, item]) =>
    unstorableText(item, `${path}/${key}`, locale, depth + 1),
  );
}

/**
 * Well-formed country codes that name no country, reported beside any schema problems so that one
 * import run lists everything to fix in a record.
 */
function unknownCountries(
  record: unknown,
  base: string,
  locale: Locale,
  isCountry: (code: string) => boolean,
): ImportProblem[] {
  const countries = (record as { countries?: unknown } | null)?.countries;
  if (!Array.isArray(countries)) return [];
  return countries.flatMap((code: unknown, i) =>
    typeof code === 'string' && /^[A-Z]{2}$/.test(code) && !isCountry(code)
      ? [
          {
            path: `${base}/countries/${i}`,
            message: t(locale, 'knowledge:import.unknownCountry', { value: code }),
          },
        ]
      : [],
  );
}

/** The currencies of ISO 4217 this runtime knows (Intl), for funding amounts. */
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** A well-formed funding currency that is not an ISO 4217 code (`ZZZ`), beside any schema problems. */
function unknownCurrency(record: unknown, base: string, locale: Locale): ImportProblem[] {
  const currency = (record as { funding?: { currency?: unknown } } | null)?.funding?.currency;
  return typeof currency === 'string' && /^[A-Z]{3}$/.test(currency) && !CURRENCIES.has(currency)
    ? [
        {
          path: `${base}/funding/currency`,
          message: t(locale, 'knowledge:import.unknownCurrency', { value: currency }),
        },
      ]
    : [];
}

/** `value` when it is a plain object (a JSON object), else null: rules below read records not yet known to be valid. */
const objectOr = (value: unknown): Record<string, unknown> | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;

/**
 * The rules a schema cannot say (the original language has a text, not machine-translated, a translated region has an
 * original, an organisation's name is long enough trimmed and short enough composed, the period is in
 * order), read from the record as it is: each rule checks only what it can read, so they are reported
 * beside any schema problems and one run lists everything to fix.
 */
function crossFieldProblems(record: unknown, base: string, locale: Locale): ImportProblem[] {
  const item = objectOr(record);
  if (!item) return [];
  const problems: ImportProblem[] = [];
  /**
   * The original language's text missing from `translations`, or marked as machine-translated (when
   * both can be read).
   */
  const originalMissing = (path: string, translations: unknown, original: unknown) => {
    const texts = objectOr(translations);
    if (!texts || typeof original !== 'string' || !original) return;
    if (texts[original] === undefined)
      problems.push({
        path: `${path}/translations/${original}`,
        message: t(locale, 'knowledge:import.originalTranslationMissing', { locale: original }),
      });
    else if (objectOr(texts[original])?.machineTranslated === true)
      problems.push({
        path: `${path}/translations/${original}/machineTranslated`,
        message: t(locale, 'knowledge:import.originalMachineTranslated'),
      });
  };
  originalMissing(base, item.translations, item.originalLocale);
  const region = typeof item.region === 'string' ? item.region.trim() : '';
  for (const [language, text] of Object.entries(objectOr(item.translations) ?? {}))
    if (objectOr(text)?.region !== undefined && (language === item.originalLocale || !region))
      problems.push({
        path: `${base}/translations/${language}/region`,
        message: t(
          locale,
          language === item.originalLocale
            ? 'knowledge:import.originalRegion'
            : 'knowledge:import.regionWithoutOriginal',
        ),
      });
  // Names counted as the directory stores them (a blank one is TEXT_RULES' to report): trimmed, as
  // the GraphQL inputs' MinLength counts, and composed, as `findOrCreateOrganisationsByName` writes them.
  const organisations = Array.isArray(item.organisations) ? item.organisations : [];
  organisations.forEach((organisation: unknown, i) => {
    const name = objectOr(organisation)?.name;
    if (typeof name !== 'string' || isBlank(name)) return;
    const path = `${base}/organisations/${i}/name`;
    if ([...name.trim()].length < ORGANISATION_NAME_MIN_LENGTH)
      problems.push({
        path,
        message: t(locale, 'knowledge:import.minLength', { count: ORGANISATION_NAME_MIN_LENGTH }),
      });
    if (organisationNameTooLong(name))
      problems.push({
        path,
        message: t(locale, 'knowledge:import.maxLength', { count: ORGANISATION_NAME_MAX_LENGTH }),
      });
  });
  const period = objectOr(item.period);
  if (typeof period?.start === 'number' && typeof period.end === 'number' && period.end < period.start)
    problems.push({ path: `${base}/period/end`, message: t(locale, 'knowledge:import.endBeforeStart') });
  for (const field of ['results', 'lessons'] as const) {
    const list = item[field];
    if (!Array.isArray(list)) continue;
    list.forEach((entry: unknown, i) => {
      const nested = objectOr(entry);
      if (nested)
        originalMissing(
          `${base}/${field}/${i}`,
          nested.translations,
          nested.originalLocale ?? item.originalLocale,
        );
    });
  }
  return problems;
}

type TextRule = 'notBlank' | 'noBidiControls';

/**
 * The text rules of the GraphQL inputs (CaseStudyFieldsInput, CreateCaseStudyInput and the others in
 * knowledge.inputs.ts) that the schema cannot say, by where a text stands in a record (a list position
 * written `#`, a language `*`): `IsNotBlank`, text that shows something, and `HasNoBidiControls`. Both
 * ways in read them with the same `isBlank` and `hasBidiControls`, so an import takes no text an edit
 * would refuse.
 */
const TEXT_RULES = new Map<string, readonly TextRule[]>([
  ['region', ['noBidiControls']],
  ['approaches/#', ['notBlank']],
  ['organisations/#/name', ['notBlank', 'noBidiControls']],
  ['translations/*/title', ['notBlank', 'noBidiControls']],
  ['translations/*/region', ['notBlank', 'noBidiControls']],
  ['results/#/unit', ['notBlank']],
  ['results/#/translations/*/label', ['notBlank']],
  ['lessons/#/translations/*/text', ['notBlank']],
  ['sources/#/title', ['notBlank', 'noBidiControls']],
]);

/**
 * A problem for every text of `value` that breaks its TEXT_RULES; `place` is where `value` stands, as
 * TEXT_RULES writes it. A blank text is told what the schema tells one of spaces only (`patternBlank`),
 * so that the two say it once.
 */
function textProblems(value: unknown, path: string, locale: Locale, place = '', depth = 0): ImportProblem[] {
  if (typeof value === 'string') {
    const rules = TEXT_RULES.get(place) ?? [];
    const problems: ImportProblem[] = [];
    if (rules.includes('notBlank') && isBlank(value))
      problems.push({ path, message: t(locale, 'knowledge:import.patternBlank') });
    if (rules.includes('noBidiControls') && hasBidiControls(value))
      problems.push({ path, message: t(locale, 'validation:noBidiControls') });
    return problems;
  }
  if (typeof value !== 'object' || value === null || depth > 8) return [];
  return Object.entries(value).flatMap(([key, item]) => {
    const step = Array.isArray(value) ? '#' : /(^|\/)translations$/.test(place) ? '*' : key;
    return textProblems(item, `${path}/${key}`, locale, place ? `${place}/${step}` : step, depth + 1);
  });
}

/**
 * Checks one record against the schema and the rules a schema cannot say (crossFieldProblems,
 * countries and currencies that exist). Returns every problem found; none means valid.
 */
export function validateImportRecord(
  record: unknown,
  index: number,
  locale: Locale,
  isCountry: (code: string) => boolean,
): ImportProblem[] {
  const base = `/caseStudies/${index}`;
  const validate = recordValidator();
  const valid = validate(record);
  const problems = [
    ...(valid ? [] : (validate.errors ?? []).map((error) => problem(base, error, locale))),
    ...unstorableText(record, base, locale),
    ...crossFieldProblems(record, base, locale),
    ...textProblems(record, base, locale),
    ...unknownCountries(record, base, locale, isCountry),
    ...unknownCurrency(record, base, locale),
  ];
  // A rule and the schema may say the same thing of one field: say it once.
  const seen = new Set<string>();
  return problems.filter((p) =>
    seen.has(p.path + p.message) ? false : (seen.add(p.path + p.message), true),
  );
}
