import 'reflect-metadata';
import { IsString, validate } from 'class-validator';
import { IsMailAddress, IsNotBlank, MaxLength, MinLength, validationProblems } from './validation';

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

class Note {
  @MaxLength(5)
  text!: string;

  @MaxLength(3, { each: true })
  tags!: string[];
}

describe('MaxLength', () => {
  const check = async (text: unknown, tags: string[] = []) =>
    validationProblems(await validate(Object.assign(new Note(), { text, tags })));

  it('counts characters as PostgreSQL does: an emoji and its variation selector are two', async () => {
    expect(await check('héllo')).toEqual([]);
    expect(await check('👍👍👍👍👍')).toEqual([]);
    // "❤️" is U+2764 and U+FE0F: three of them are six characters, one more than a varchar(5) takes.
    expect(await check('❤️❤️❤️')).toEqual([
      { path: 'text', code: 'maxLength', params: { count: 5, max: 5 } },
    ]);
    expect(await check(12345)).toEqual([{ path: 'text', code: 'maxLength', params: { count: 5, max: 5 } }]);
  });

  it('checks each item of a list', async () => {
    expect(await check('ok', ['abc', 'wxyz'])).toEqual([
      { path: 'tags', code: 'maxLength', params: { count: 3, max: 3 } },
    ]);
  });
});

class Named {
  @IsString()
  @IsNotBlank()
  @MinLength(2)
  name!: string;
}

describe('validationProblems', () => {
  it('tells a blank field only that it is required', async () => {
    const check = async (name: string) =>
      validationProblems(await validate(Object.assign(new Named(), { name })));
    expect(await check('  ')).toEqual([{ path: 'name', code: 'isNotEmpty', params: {} }]);
    expect(await check('x')).toEqual([{ path: 'name', code: 'minLength', params: { count: 2, min: 2 } }]);
  });

  it('counts the length of a text as it is stored, without the spaces around it', async () => {
    const check = async (name: string) =>
      validationProblems(await validate(Object.assign(new Named(), { name })));
    expect(await check('  x  ')).toEqual([{ path: 'name', code: 'minLength', params: { count: 2, min: 2 } }]);
    expect(await check(' Ош ')).toEqual([]);
    // Blank is IsNotBlank's to report, not MinLength's.
    class Bare {
      @MinLength(2)
      text!: string;
    }
    expect(await validate(Object.assign(new Bare(), { text: '   ' }))).toEqual([]);
    expect(validationProblems(await validate(Object.assign(new Bare(), { text: 'x ' })))).toEqual([
      { path: 'text', code: 'minLength', params: { count: 2, min: 2 } },
    ]);
  });

  it('tells a field sent as another type that it must be text, not that it is empty', async () => {
    const check = async (name: unknown) =>
      validationProblems(await validate(Object.assign(new Named(), { name })));
    expect((await check(123)).map((problem) => problem.code)).toEqual(['isString']);
    expect((await check(undefined)).map((problem) => problem.code)).toEqual(['isNotEmpty']);
  });
});
