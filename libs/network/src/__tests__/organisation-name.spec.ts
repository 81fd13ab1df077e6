import { AccountsModule, AccountsService, Role, TokenService, type AuthUser } from '@ashar/accounts';
import { AppError } from '@ashar/errors';
import { t as tr } from '@ashar/i18n';
import { startTestApp, type TestApp } from '@ashar/transport/testing';
import { NetworkModule } from '../network.module';
import { NetworkService } from '../network.service';
import { OrganisationKind } from '../organisation-kind';

const CREATE_ORG = `mutation ($input: OrganisationInput!) { createOrganisation(input: $input) { id name } }`;
const UPDATE_ORG = `mutation ($id: ID!, $input: UpdateOrganisationInput!) { updateOrganisation(id: $id, input: $input) { name } }`;

/** "क़" (U+0958) is one character as typed and two once composed (NFC), as names are stored. */
const lengthening = (times: number) => '\u0958'.repeat(times);

describe('organisation names, counted as stored', () => {
  let t: TestApp;
  let admin: AuthUser;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp([AccountsModule, NetworkModule]);
    admin = await t.app.get(AccountsService).createUser({
      email: 'names@example.org',
      password: 'network password',
      displayName: 'names',
      preferredLocale: 'en',
      grants: [{ role: Role.ADMIN, countryCode: null }],
    });
    token = t.app.get(TokenService).issue(admin.id);
  });
  afterAll(() => t.close());

  const input = (name: string) => ({ name, kind: 'NGO', originalLocale: 'en', languages: ['en'] });

  it('refuses a name that composing makes longer than 200 characters with maxLength on input.name', async () => {
    const created = await t.gql(CREATE_ORG, { input: input(lengthening(150)) }, { token, lang: 'en' });
    expect(created.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [
        {
          path: 'input.name',
          code: 'maxLength',
          message: tr('en', 'validation:maxLength', { count: 200 }),
        },
      ],
    });

    const longest = await t.gql<{ createOrganisation: { id: string; name: string } }>(
      CREATE_ORG,
      { input: input(lengthening(100)) },
      { token },
    );
    expect(longest.errors).toBeUndefined();
    expect([...longest.data!.createOrganisation.name]).toHaveLength(200);

    const renamed = await t.gql(
      UPDATE_ORG,
      { id: longest.data!.createOrganisation.id, input: { name: lengthening(101) } },
      { token },
    );
    expect(renamed.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input.name', code: 'maxLength' }],
    });
  });

  it('holds the service to the same limit, whoever calls it', async () => {
    const refused = await t.app
      .get(NetworkService)
      .createOrganisation(
        admin,
        { name: lengthening(150), kind: OrganisationKind.NGO, originalLocale: 'en', languages: ['en'] },
        'en',
      )
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input.name', code: 'maxLength', params: { count: 200, max: 200 } }],
    });
  });
});
