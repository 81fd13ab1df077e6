import { LOCALES } from '@ashar/i18n';
import { THEME_KEYS } from '../themes';

const locales = [...LOCALES];
const year = { type: 'integer', minimum: 1900, maximum: 2100 };
const count = { type: 'integer', minimum: 0, maximum: 2_000_000_000 };
const themes = {
  type: 'array',
  maxItems: 29,
  uniqueItems: true,
  items: { type: 'string', enum: [...THEME_KEYS] },
};
const machineTranslated = {
  type: 'boolean',
  description: 'True when a machine made this translation; false (the default) for text people wrote.',
};

/** A map from locale to one translation, with at least one language. */
function translations(item: Record<string, unknown>, required: string[]) {
  const entry = { type: 'object', additionalProperties: false, required, properties: item };
  return {
    type: 'object',
    minProperties: 1,
    additionalProperties: false,
    properties: Object.fromEntries(locales.map((l) => [l, entry])),
  };
}

/**
 * The JSON Schema of one import document. It is the single source: the importer compiles it with
 * Ajv and docs/import-format.schema.json is written from it (a test keeps the two identical).
 */
export const IMPORT_DOCUMENT_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://ashar.example.org/schemas/import-format.schema.json',
  title: 'Ashar case study import document',
  type: 'object',
  additionalProperties: false,
  required: ['caseStudies'],
  properties: {
    caseStudies: { type: 'array', items: { $ref: '#/definitions/caseStudy' } },
  },
  definitions: {
    caseStudy: {
      type: 'object',
      additionalProperties: false,
      required: ['slug', 'originalLocale', 'translations'],
      properties: {
        slug: {
          type: 'string',
          minLength: 3,
          maxLength: 120,
          pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
          description: 'Stable identifier; importing the same slug again updates the case study.',
        },
        status: { type: 'string', enum: ['DRAFT', 'PUBLISHED', 'ARCHIVED'], default: 'DRAFT' },
        originalLocale: { type: 'string', enum: locales },
        countries: {
          type: 'array',
          maxItems: 50,
          uniqueItems: true,
          items: { type: 'string', pattern: '^[A-Z]{2}$' },
          description: 'ISO 3166-1 alpha-2 codes.',
        },
        region: { type: 'string', maxLength: 200 },
        themes,
        approaches: {
          type: 'array',
          maxItems: 30,
          uniqueItems: true,
          items: { type: 'string', minLength: 1, maxLength: 64 },
        },
        period: {
          type: 'object',
          additionalProperties: false,
          properties: { start: year, end: year },
        },
        funding: {
          type: 'object',
          additionalProperties: false,
          required: ['amount', 'currency'],
          properties: {
            amount: { type: 'number', minimum: 0, maximum: 1e13 },
            currency: { type: 'string', pattern: '^[A-Z]{3}$' },
          },
        },
        reach: {
          type: 'object',
          additionalProperties: false,
          properties: { communities: count, households: count, organisations: count, people: count },
        },
        organisations: {
          type: 'array',
          maxItems: 50,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'role'],
            properties: {
              name: { type: 'string', minLength: 2, maxLength: 200 },
              role: { type: 'string', enum: ['IMPLEMENTER', 'FUNDER', 'PARTNER'] },
              kind: {
                type: 'string',
                enum: ['CBO', 'NGO', 'GOVERNMENT', 'DONOR', 'RESEARCH'],
                description: 'Used only when the organisation does not exist yet.',
              },
            },
          },
        },
        translations: translations(
          {
            title: { type: 'string', minLength: 1, maxLength: 300, pattern: '\\S' },
            summary: { type: 'string', maxLength: 5000 },
            body: { type: 'string', maxLength: 200000, description: 'Markdown.' },
            scalingUp: { type: 'string', maxLength: 20000 },
            region: {
              type: 'string',
              minLength: 1,
              maxLength: 200,
              pattern: '\\S',
              description: "The region in this language; not in the original language's (use `region`).",
            },
            machineTranslated,
          },
          ['title'],
        ),
        results: {
          type: 'array',
          maxItems: 100,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['value', 'unit', 'translations'],
            properties: {
              value: { type: 'number', minimum: -1e15, maximum: 1e15 },
              unit: { type: 'string', minLength: 1, maxLength: 32 },
              baseline: { type: 'number', minimum: -1e15, maximum: 1e15 },
              baselineYear: year,
              year,
              originalLocale: { type: 'string', enum: locales },
              translations: translations(
                {
                  label: { type: 'string', minLength: 1, maxLength: 500, pattern: '\\S' },
                  machineTranslated,
                },
                ['label'],
              ),
            },
          },
        },
        lessons: {
          type: 'array',
          maxItems: 100,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['translations'],
            properties: {
              themes,
              originalLocale: { type: 'string', enum: locales },
              translations: translations(
                {
                  text: { type: 'string', minLength: 1, maxLength: 20000, pattern: '\\S' },
                  machineTranslated,
                },
                ['text'],
              ),
            },
          },
        },
        sources: {
          type: 'array',
          maxItems: 50,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['title'],
            properties: {
              title: { type: 'string', minLength: 1, maxLength: 500 },
              url: { type: 'string', format: 'uri', pattern: '^https?://', maxLength: 2000 },
              publisher: { type: 'string', maxLength: 200 },
              year,
            },
          },
        },
      },
    },
  },
} as const;
