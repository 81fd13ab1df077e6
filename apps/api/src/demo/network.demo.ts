import type { ModuleRef } from '@nestjs/core';
import { AccountsService, Role, type AuthUser } from '@ashar/accounts';
import type { Locale } from '@ashar/i18n';
import { NetworkService, OrganisationKind, type OrganisationInput } from '@ashar/network';
import { DEMO_PASSWORD, type DemoStep } from './demo-step';

export const DEMO_ACCOUNTS = [
  { email: 'admin@example.org', displayName: 'Aida Admin', locale: 'en', role: Role.ADMIN },
  { email: 'steering@example.org', displayName: 'Sten Steering', locale: 'nl', role: Role.STEERING_GROUP },
  {
    email: 'coordinator.kg@example.org',
    displayName: 'Nurlan Coordinator (KG)',
    locale: 'ru',
    role: Role.NATIONAL_COORDINATOR,
    country: 'KG',
  },
  {
    email: 'coordinator.pe@example.org',
    displayName: 'Rosa Coordinadora (PE)',
    locale: 'es',
    role: Role.NATIONAL_COORDINATOR,
    country: 'PE',
  },
  {
    email: 'facilitator@example.org',
    displayName: 'Farida Facilitator',
    locale: 'ru',
    role: Role.FACILITATOR,
  },
  { email: 'member@example.org', displayName: 'Marat Member', locale: 'ru', role: Role.MEMBER },
] as const;

/** The national networks of the Community Empowerment Network (founded 2002) and Peru. */
const NETWORKS = [
  { countryCode: 'KG', foundedYear: 2002 },
  { countryCode: 'TJ', foundedYear: 2002 },
  { countryCode: 'UZ', foundedYear: 2002 },
  { countryCode: 'AZ', foundedYear: 2002 },
  { countryCode: 'PE' },
];

export const DEMO_CBO = 'Ak-Suu Village Water Committee (demo)';

interface DemoOrganisation extends OrganisationInput {
  translations?: Partial<Record<Locale, string>>;
}

const ORGANISATIONS: DemoOrganisation[] = [
  {
    name: DEMO_CBO,
    kind: OrganisationKind.CBO,
    countryCode: 'KG',
    region: 'Issyk-Kul',
    languages: ['ru'],
    originalLocale: 'ru',
    description:
      'Вымышленный комитет сельского водоснабжения для демонстрации платформы: жители сами планируют и содержат водопровод.',
    translations: {
      en: 'A fictional village water committee used to demonstrate the platform: residents plan and maintain their own water supply.',
      es: 'Un comité de agua ficticio que sirve para mostrar la plataforma: los vecinos planifican y mantienen su propio suministro de agua.',
      nl: 'Een fictief dorpswatercomité om het platform te tonen: bewoners plannen en onderhouden zelf hun waterleiding.',
    },
  },
  {
    name: 'Counterpart Sheriktesh',
    kind: OrganisationKind.NGO,
    countryCode: 'KG',
    languages: ['ru', 'en'],
    originalLocale: 'en',
    description:
      'Kyrgyz support organisation that promoted community-driven development through television, a news bulletin and a national conference.',
  },
  {
    name: 'World Bank',
    kind: OrganisationKind.DONOR,
    languages: ['en', 'ru', 'es'],
    originalLocale: 'en',
    website: 'https://www.worldbank.org',
  },
  {
    name: 'Save the Children Federation',
    kind: OrganisationKind.NGO,
    languages: ['en', 'ru'],
    originalLocale: 'en',
  },
  {
    name: 'IFAD',
    kind: OrganisationKind.DONOR,
    languages: ['en', 'es'],
    originalLocale: 'en',
    website: 'https://www.ifad.org',
  },
  {
    name: 'Belgian Development Cooperation',
    kind: OrganisationKind.GOVERNMENT,
    countryCode: 'BE',
    languages: ['nl', 'es'],
    originalLocale: 'nl',
  },
  {
    name: 'Defensoría del Pueblo',
    kind: OrganisationKind.GOVERNMENT,
    countryCode: 'PE',
    region: 'Lima',
    languages: ['es'],
    originalLocale: 'es',
  },
];

export const networkDemo: DemoStep = {
  name: 'network-v1',
  async run(modules: ModuleRef) {
    const accounts = modules.get(AccountsService, { strict: false });
    const network = modules.get(NetworkService, { strict: false });
    const users: Record<string, AuthUser> = {};
    for (const account of DEMO_ACCOUNTS) {
      users[account.email] = await accounts.createUser({
        email: account.email,
        displayName: account.displayName,
        password: DEMO_PASSWORD,
        preferredLocale: account.locale,
        grants: [{ role: account.role, countryCode: 'country' in account ? account.country : null }],
      });
    }
    const admin = users['admin@example.org'];
    for (const input of NETWORKS) await network.createNationalNetwork(admin, input, 'en');
    for (const { translations, ...input } of ORGANISATIONS) {
      const created = await network.createOrganisation(admin, input, 'en');
      for (const [locale, description] of Object.entries(translations ?? {})) {
        await network.translateOrganisation(
          admin,
          created.id,
          { locale: locale as Locale, description: description as string },
          'en',
        );
      }
      if (input.name === DEMO_CBO)
        await network.addMember(
          admin,
          { organisationId: created.id, userId: users['member@example.org'].id },
          'en',
        );
    }
  },
};
