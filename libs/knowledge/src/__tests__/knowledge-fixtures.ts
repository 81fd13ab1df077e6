import { AccountsModule, AccountsService, Role, TokenService, type AuthUser } from '@ashar/accounts';
import type { Locale } from '@ashar/i18n';
import { NetworkModule, NetworkService, OrganisationKind } from '@ashar/network';
import type { TestApp } from '@ashar/transport/testing';
import { KnowledgeModule } from '../knowledge.module';

export const KNOWLEDGE_TEST_MODULES = [AccountsModule, NetworkModule, KnowledgeModule];

export interface Person {
  user: AuthUser;
  token: string;
}

export interface People {
  admin: Person;
  steering: Person;
  coordinatorKg: Person;
  coordinatorPe: Person;
  member: Person;
  outsider: Person;
  cboId: string;
}

/** One person per role, and a CBO in Kyrgyzstan that `member` belongs to (`outsider` belongs nowhere). */
export async function makePeople(t: TestApp): Promise<People> {
  const accounts = t.app.get(AccountsService);
  const tokens = t.app.get(TokenService);
  const network = t.app.get(NetworkService);
  const make = async (email: string, role: Role, countryCode: string | null = null): Promise<Person> => {
    const user = await accounts.createUser({
      email,
      displayName: email.split('@')[0],
      password: 'a long enough password',
      preferredLocale: 'en',
      grants: [{ role, countryCode }],
    });
    return { user, token: tokens.issue(user.id) };
  };
  const admin = await make('admin@kb.test', Role.ADMIN);
  const people = {
    admin,
    steering: await make('steering@kb.test', Role.STEERING_GROUP),
    coordinatorKg: await make('coord.kg@kb.test', Role.NATIONAL_COORDINATOR, 'KG'),
    coordinatorPe: await make('coord.pe@kb.test', Role.NATIONAL_COORDINATOR, 'PE'),
    member: await make('member@kb.test', Role.MEMBER),
    outsider: await make('outsider@kb.test', Role.MEMBER),
  };
  const cbo = await network.createOrganisation(
    admin.user,
    {
      name: 'Test Village Committee',
      kind: OrganisationKind.CBO,
      countryCode: 'KG',
      languages: ['ru'],
      originalLocale: 'ru',
    },
    'en',
  );
  await network.addMember(admin.user, { organisationId: cbo.id, userId: people.member.user.id }, 'en');
  return { ...people, cboId: cbo.id };
}

/** A complete import record; `overrides` replace top-level fields. */
export function sampleCaseStudy(
  slug: string,
  overrides: Record<string, unknown> = {},
  locale: Locale = 'en',
) {
  return {
    slug,
    status: 'PUBLISHED',
    originalLocale: locale,
    countries: ['PE'],
    region: 'Southern Highlands',
    themes: ['community-driven-development', 'technical-assistance'],
    approaches: ['demand-driven'],
    period: { start: 1995, end: 2005 },
    funding: { amount: 98600000, currency: 'USD' },
    reach: { communities: 1000, households: 100000, organisations: 1100 },
    organisations: [
      { name: 'Fund For Tests', role: 'FUNDER' },
      { name: 'Highland Implementers', role: 'IMPLEMENTER' },
    ],
    translations: {
      [locale]: { title: `Title of ${slug}`, summary: 'A summary.', body: 'A **body**.' },
    },
    results: [
      {
        value: 64,
        unit: '%',
        baselineYear: 2000,
        year: 2003,
        translations: { [locale]: { label: 'income of participating families' } },
      },
    ],
    lessons: [
      {
        themes: ['local-governance'],
        translations: { [locale]: { text: 'Handing control of resources to communities works.' } },
      },
    ],
    sources: [{ title: 'A report', url: 'https://example.org/report', publisher: 'Example', year: 2004 }],
    ...overrides,
  };
}
