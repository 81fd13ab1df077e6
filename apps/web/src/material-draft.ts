/**
 * The material form's draft: what its fields hold, how a material fills it, and the API input it
 * makes (MaterialInput, UpdateMaterialInput), checked by the API's own rules first.
 */

import { coordinatedCountries, hasRole, NETWORK_WIDE_ROLES, type RoleHolder } from './roles';

export const MATERIAL_VISIBILITIES = ['PUBLIC', 'MEMBERS'];

export interface MaterialDraft {
  kind: string;
  visibility: string;
  originalLocale: string;
  title: string;
  description: string;
  countryCodes: string[];
  themes: string[];
  eventIds: string[];
  /** Published rather than proposed; only sent by those who may publish it. */
  published: boolean;
}

/** A material as the edit form needs it: its texts in the original language, as written. */
export interface MaterialToEdit extends Omit<MaterialDraft, 'published'> {
  id: string;
  status: string;
  viewerCan: { edit: boolean; publish: boolean };
  updatedAt: string;
}

export const MATERIAL_TO_EDIT = `query MaterialToEdit($id: ID!) { material(id: $id) {
  id kind status visibility originalLocale title description countryCodes themes eventIds viewerCan { edit publish }
  updatedAt
} }`;

/** Each field's label (an i18n key), to name the fields two people both changed. */
export const DRAFT_LABELS: Record<keyof MaterialDraft, string> = {
  kind: 'materials.kind',
  visibility: 'materials.visibilityField',
  originalLocale: 'materials.writtenIn',
  title: 'materials.titleField',
  description: 'materials.description',
  countryCodes: 'materials.countries',
  themes: 'materials.themes',
  eventIds: 'materials.events',
  published: 'materials.publishedField',
};

/**
 * Whether the API counts the person as a manager of a material in these countries (libs/materials:
 * isManager): facilitators and network-wide roles always, national coordinators in their countries.
 */
export function mayPublish(user: RoleHolder | null, countryCodes: readonly string[]): boolean {
  if (hasRole(user, 'FACILITATOR', ...NETWORK_WIDE_ROLES)) return true;
  return coordinatedCountries(user).some((code) => countryCodes.includes(code));
}

/** A new material: public, in the page's language, about the countries given (the person's own). */
export function emptyDraft(
  locale: string,
  countryCodes: string[] = [],
  eventIds: string[] = [],
): MaterialDraft {
  return {
    kind: 'PRESENTATION',
    visibility: 'PUBLIC',
    originalLocale: locale,
    title: '',
    description: '',
    countryCodes: [...new Set(countryCodes)],
    themes: [],
    eventIds,
    published: true,
  };
}

export function draftOf(material: MaterialToEdit): MaterialDraft {
  return {
    kind: material.kind,
    visibility: material.visibility,
    originalLocale: material.originalLocale,
    title: material.title,
    description: material.description,
    countryCodes: material.countryCodes,
    themes: material.themes,
    eventIds: material.eventIds,
    published: material.status === 'PUBLISHED',
  };
}

export type Problems = Record<string, string>;
export type Translate = (key: string, options?: Record<string, unknown>) => string;

/**
 * The API's input for the draft, and what the form can already tell is wrong, by the path the API
 * would name (`input.title`). `canPublish`: whether the status is the person's to choose.
 */
export function inputOf(
  draft: MaterialDraft,
  t: Translate,
  canPublish: boolean,
): { input: Record<string, unknown>; problems: Problems } {
  const problems: Problems = {};
  const title = draft.title.trim();
  if (!title) problems['input.title'] = t('materials.errors.required');
  else if (title.length < 2) problems['input.title'] = t('materials.errors.minLength', { count: 2 });
  return {
    input: {
      kind: draft.kind,
      visibility: draft.visibility,
      originalLocale: draft.originalLocale,
      title,
      description: draft.description.trim(),
      countryCodes: draft.countryCodes,
      themes: draft.themes,
      eventIds: draft.eventIds,
      ...(canPublish ? { status: draft.published ? 'PUBLISHED' : 'PROPOSED' } : {}),
    },
    problems,
  };
}

const same = (a: unknown, b: unknown) =>
  JSON.stringify(Array.isArray(a) ? [...a].sort() : a) ===
  JSON.stringify(Array.isArray(b) ? [...b].sort() : b);

/** What an edit changes, and only that (the original language cannot change). */
export function changesOf(
  input: Record<string, unknown>,
  before: Record<string, unknown>,
): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const key of [
    'kind',
    'visibility',
    'status',
    'title',
    'description',
    'countryCodes',
    'themes',
    'eventIds',
  ])
    if (key in input && !same(input[key], before[key])) changes[key] = input[key];
  return changes;
}

/** The paths the form shows an error next to; the API's other problems go above the form. */
export const MATERIAL_FIELD_PATHS = [
  'kind',
  'visibility',
  'status',
  'originalLocale',
  'title',
  'description',
  'countryCodes',
  'themes',
  'eventIds',
].map((path) => `input.${path}`);
