import { AppError } from '@ashar/errors';

/**
 * The controlled vocabulary of themes. Keys are stable (they travel in imports, filters and URLs);
 * labels live in i18n (`knowledge:themes.<key>`). The migration seeds the `theme` table with the same
 * keys; a new theme needs both a migration row and labels in all four languages.
 */
export const THEME_KEYS = [
  'community-driven-development',
  'poverty-reduction',
  'rural-development',
  'microenterprise',
  'microfinance',
  'market-access',
  'technical-assistance',
  'natural-resource-management',
  'family-farming',
  'reforestation',
  'climate-adaptation',
  'environment',
  'water-sanitation',
  'infrastructure',
  'health',
  'health-insurance',
  'education',
  'gender-equality',
  'women-economic-empowerment',
  'youth',
  'human-rights',
  'culture-arts',
  'local-governance',
  'decentralization',
  'social-accountability',
  'capacity-building',
  'knowledge-sharing',
  'monitoring-evaluation',
  'disaster-response',
] as const;

export type ThemeKey = (typeof THEME_KEYS)[number];

const KNOWN = new Set<string>(THEME_KEYS);

export function isThemeKey(value: unknown): value is ThemeKey {
  return typeof value === 'string' && KNOWN.has(value);
}

/** BAD_USER_INPUT on the field `path` when one of `themes` is not a key of the taxonomy. */
export function requireThemeKeys(themes: readonly string[] | undefined, path: string): void {
  const unknown = (themes ?? []).find((key) => !isThemeKey(key));
  if (unknown !== undefined)
    throw new AppError('BAD_USER_INPUT', 'knowledge:errors.unknownTheme', { theme: unknown }, [
      { path, code: 'invalid' },
    ]);
}
