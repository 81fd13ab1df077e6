import { AccountsModule, AccountsService, Role, type AuthUser } from '@ashar/accounts';
import { CaseStudyImportService, KnowledgeModule } from '@ashar/knowledge';
import { NetworkModule } from '@ashar/network';
import type { TestApp } from '@ashar/transport/testing';
import { SearchModule } from '../search.module';

export const SEARCH_TEST_MODULES = [AccountsModule, NetworkModule, KnowledgeModule, SearchModule.forRoot()];

type Texts = Partial<
  Record<'en' | 'ru' | 'es' | 'nl', { title: string; summary: string; body?: string; region?: string }>
>;

function study(
  slug: string,
  originalLocale: string,
  translations: Texts,
  extra: Record<string, unknown> = {},
) {
  return {
    slug,
    status: 'PUBLISHED',
    originalLocale,
    countries: ['PE'],
    themes: ['community-driven-development'],
    translations: Object.fromEntries(
      Object.entries(translations).map(([locale, text]) => [locale, { body: '', ...text }]),
    ),
    ...extra,
  };
}

/** Longer than a browsing snippet, so that it is cut (at a word boundary). */
export const DEFENSORIA_SUMMARY =
  'La Defensoría escucha a las comunidades de Nariño en sus propias veredas: los equipos móviles ' +
  'recorren los municipios más alejados, recogen quejas sobre el agua, la salud y la tierra, y ' +
  'vuelven cada mes para contar qué se hizo con cada una de ellas ante las autoridades locales.';

/** A small multilingual corpus, each record there to prove one behaviour of search. */
export const CORPUS = [
  study(
    'highland-microenterprises',
    'en',
    {
      en: {
        title: 'Microenterprises for highland families',
        summary: 'Families started microenterprises selling wool and cheese.',
      },
      es: {
        title: 'Microempresas para familias del altiplano',
        summary: 'Las familias crearon microempresas de lana y queso.',
        region: 'Sierra sur',
      },
    },
    {
      themes: ['microenterprise', 'market-access'],
      region: 'Southern Highlands',
      period: { start: 1995, end: 2005 },
      reach: { communities: 1000, households: 100000 },
      results: [
        {
          value: 33,
          unit: '%',
          translations: { en: { label: 'Households that began shearing alpacas for export' } },
        },
      ],
      lessons: [
        {
          themes: ['local-governance'],
          translations: { en: { text: 'Let communities hire their own technical assistance.' } },
        },
      ],
    },
  ),
  study(
    'puno-participation',
    'es',
    {
      es: {
        title: 'Participación comunitaria en Puno',
        summary: 'La participación de las comunidades decide las inversiones.',
      },
    },
    {
      themes: ['community-driven-development', 'local-governance'],
      region: 'Southern Highlands',
      period: { start: 1997, end: 2004 },
      reach: { communities: 800 },
    },
  ),
  study(
    'kyrgyz-village-enterprises',
    'ru',
    {
      ru: {
        title: 'Микропредприятия в сельских районах',
        summary: 'Сельские семьи открывают микропредприятия при поддержке сообщества.',
      },
    },
    { countries: ['KG'], themes: ['microenterprise'], period: { start: 2003, end: 2006 } },
  ),
  study(
    'dutch-farmers',
    'nl',
    {
      nl: {
        title: 'Coöperaties in de Andes',
        summary: 'De boeren verkopen samen hun oogst via een coöperatie.',
      },
    },
    { themes: ['family-farming'], period: { start: 2010 } },
  ),
  study(
    'ombudsman-districts',
    'en',
    {
      en: {
        title: 'Ombudsman offices reach remote districts',
        summary: 'Mobile teams of the ombudsman office listened to complaints in 700 districts.',
      },
    },
    { themes: ['human-rights'], period: { start: 2000, end: 2015 } },
  ),
  study(
    'irrigation-title',
    'en',
    {
      en: { title: 'Irrigation committees', summary: 'Water users share turns fairly.' },
    },
    { themes: ['water-sanitation'], countries: ['BO'] },
  ),
  study(
    'irrigation-body',
    'en',
    {
      en: {
        title: 'Village councils',
        summary: 'Councils plan village works.',
        body: 'One of the works was irrigation of the lower fields.',
      },
    },
    { themes: ['water-sanitation'], countries: ['BO'] },
  ),
  study(
    'markup-in-text',
    'en',
    {
      en: {
        title: 'Training radio hosts',
        // U+0001 and U+0002 are what engines mark matches with: text holding them must not fake one.
        summary: 'Hosts learned that <script>alert(1)</script> tags & quotes "break" \u0001pages\u0002.',
        body: '## On air\n\nThey **rehearsed** interviews, see [the guide](https://example.org/guide).',
      },
    },
    { themes: ['education'] },
  ),
  study(
    'tavush-pumps',
    'en',
    {
      en: {
        title: 'Village pumps in Tavush',
        summary: 'The pumps run on solar power and bring drinking water.',
      },
      nl: {
        title: 'Dorpspompen in Tavush',
        summary: 'De pompen werken op zonne-energie en brengen drinkwater.',
      },
    },
    { countries: ['AM'] },
  ),
  study('solas-es', 'es', {
    es: {
      title: 'Mujeres solas dirigen el comité',
      summary: 'Las madres solas organizan el ahorro del barrio.',
    },
  }),
  study(
    'defensoria-narino',
    'es',
    {
      es: {
        title: 'Defensoría del Pueblo en Nariño',
        summary: DEFENSORIA_SUMMARY,
      },
    },
    { countries: ['CO'] },
  ),
  study(
    'ninos-es',
    'es',
    { es: { title: 'Comedores escolares', summary: 'Los niños comen juntos en la escuela.' } },
    { themes: ['education'], countries: ['GT'] },
  ),
  study(
    'ningun-es',
    'es',
    { es: { title: 'Agua en cada casa', summary: 'Ningún hogar quedó sin agua durante la sequía.' } },
    { themes: ['education'], countries: ['GT'] },
  ),
  study(
    'innovation-fund',
    'en',
    { en: { title: 'A small fund', summary: 'Grants for innovation in remote villages.' } },
    { themes: ['education'], countries: ['GT'] },
  ),
  study('millers-cooperative', 'en', {
    en: { title: 'Village savings', summary: 'The millers lent money to each other.' },
  }),
  study('millet-fields', 'en', {
    en: { title: 'Millet fields', summary: 'Families grow grain for the dry season.' },
  }),
  // Three take "pasture" as written, one of them in Nepal, where another says "posture", one
  // letter away: choosing Nepal must not bring the typo alternative in.
  ...(['UZ', 'UZ', 'NP'] as const).map((country, i) =>
    study(
      `pasture-${i}`,
      'en',
      { en: { title: `Herds ${i}`, summary: 'The pasture rests in spring.' } },
      {
        countries: [country],
      },
    ),
  ),
  study(
    'posture-tj',
    'en',
    { en: { title: 'Officials', summary: 'A firm posture on budgets.' } },
    {
      countries: ['NP'],
    },
  ),
  study(
    'hidden-draft',
    'en',
    {
      en: { title: 'Secretword draft', summary: 'Nobody may find this secretword.' },
    },
    { status: 'DRAFT', themes: ['microenterprise'] },
  ),
];

export async function loadCorpus(t: TestApp): Promise<AuthUser> {
  const admin = await t.app.get(AccountsService).createUser({
    email: 'search-admin@test.org',
    password: 'a long enough password',
    displayName: 'Admin',
    preferredLocale: 'en',
    grants: [{ role: Role.ADMIN, countryCode: null }],
  });
  const report = await t.app
    .get(CaseStudyImportService)
    .import({ caseStudies: CORPUS }, { actorId: admin.id, locale: 'en' });
  if (report.failed.length) throw new Error(`corpus did not import: ${JSON.stringify(report.failed)}`);
  return admin;
}
