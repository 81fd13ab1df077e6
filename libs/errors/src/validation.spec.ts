import 'reflect-metadata';
import { validate } from 'class-validator';
import { IsMailAddress, validationProblems } from './validation';

class Invitation {
  @IsMailAddress()
  email!: string;
}

const problems = async (email: unknown) =>
  validationProblems(await validate(Object.assign(new Invitation(), { email })));

describe('IsMailAddress', () => {
  it('takes plain addresses, international ones included', async () => {
    for (const email of ['aigul@example.org', 'first.last+tag@sub.example.kg', 'josé@example.pe'])
      expect(await problems(email)).toEqual([]);
  });

  it('refuses quoted or escaped local parts that mail software would rewrite, as isEmail', async () => {
    for (const email of [
      '"<b>hi</b>"@example.org',
      '"a b"@example.org',
      'a\\b@example.org',
      'not-an-email',
      42,
    ])
      expect(await problems(email)).toEqual([{ path: 'email', code: 'isEmail', params: {} }]);
  });
});
