import { startTestApp, type TestApp } from '@ashar/transport/testing';
import { AccountsModule } from '../accounts.module';
import { AccountsService } from '../accounts.service';
import { isVisibleName } from '../dto/display-name';
import { Role } from '../role';
import { TokenService } from '../token.service';
import { REGISTER } from '../testing';

const UPDATE = `mutation ($input: UpdateProfileInput!) { updateProfile(input: $input) { displayName } }`;

describe('display names that show nothing, or hide something', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp([AccountsModule], { registerLimit: { perEmail: 1000, perAddress: 1000 } });
    const person = await t.app.get(AccountsService).createUser({
      email: 'shown@example.org',
      password: 'a long enough password',
      displayName: 'Shown',
      preferredLocale: 'en',
      grants: [{ role: Role.MEMBER, countryCode: null }],
    });
    token = t.app.get(TokenService).issue(person.id);
  });
  afterAll(() => t.close());

  it('refuses a name made only of invisible characters as blank, on sign-up and in the profile', async () => {
    const invisible = [
      '\u00ad\u00ad', // soft hyphens
      '\u034f\u034f', // combining grapheme joiners
      '\u180e', // Mongolian vowel separator
      '\u3164', // Hangul filler
      '\u115f\u1160', // Hangul choseong and jungseong fillers
      '\uffa0', // halfwidth Hangul filler
      '\u2800', // blank braille pattern
      '\ufe0f\u2063', // a variation selector and an invisible separator
    ];
    for (const displayName of invisible) {
      const profile = await t.gql(UPDATE, { input: { displayName } }, { token });
      expect(profile.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ path: 'input.displayName', code: 'isNotEmpty' }],
      });
      const registered = await t.gql(REGISTER, {
        input: { email: 'blank@example.org', password: 'blank name password', displayName },
      });
      expect(registered.errors?.[0].extensions.fields).toEqual([
        expect.objectContaining({ path: 'input.displayName', code: 'isNotEmpty' }),
      ]);
    }
  });

  it('refuses invisible marks inside a name, and keeps emoji drawn with selectors and joiners', async () => {
    for (const displayName of [
      'Ai\u00adgul',
      'Ai\u034fgul',
      'Ai\u180egul',
      'Ai\u3164gul',
      'Ai\u2800gul',
      'Ai\u2063gul',
    ]) {
      const profile = await t.gql(UPDATE, { input: { displayName } }, { token });
      expect(profile.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ path: 'input.displayName', code: 'noInvisibleCharacters' }],
      });
    }
    // "❤️" holds a variation selector, the flag of Scotland tags, "👩‍💻" a joiner.
    for (const displayName of [
      'Aigul \u2764\ufe0f',
      'Ewan \u{1f3f4}\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}',
      '\u{1f469}\u200d\u{1f4bb} Dev',
    ]) {
      const kept = await t.gql(UPDATE, { input: { displayName } }, { token });
      expect(kept).toEqual({ data: { updateProfile: { displayName } } });
    }
  });

  it('holds names made another way to the same rule', () => {
    expect(isVisibleName('Aigul Osmonova')).toBe(true);
    expect(isVisibleName('\u2764\ufe0f')).toBe(true);
    expect(isVisibleName('\ufe0fAigul')).toBe(false);
    expect(isVisibleName('\u00ad')).toBe(false);
    expect(isVisibleName('A\u2800B')).toBe(false);
  });
});
