import { variableProblem } from './error-translation.plugin';

describe('variables graphql-js refuses, as problems on their field', () => {
  it.each([
    [
      'Variable "$i" got invalid value 123 at "i.title"; String cannot represent a non string value: 123',
      { path: 'i.title', code: 'isString' },
    ],
    [
      'Variable "$input" got invalid value 2147483648 at "input.capacity"; Int cannot represent non 32-bit signed integer value: 2147483648',
      { path: 'input.capacity', code: 'isInt' },
    ],
    [
      'Variable "$input" got invalid value "PARTY" at "input.kind"; Value "PARTY" does not exist in "MaterialKind" enum.',
      { path: 'input.kind', code: 'invalid' },
    ],
    [
      'Variable "$input" got invalid value "2027-02-30T09:00:00Z" at "input.agenda[1].startsAt"; expected a date and time with its offset, such as 2027-03-10T09:00:00Z',
      { path: 'input.agenda.1.startsAt', code: 'isDate' },
    ],
    [
      'Variable "$input" got invalid value { title: "x" }; Field "updatedAt" of required type "DateTime!" was not provided.',
      { path: 'input.updatedAt', code: 'isDefined' },
    ],
    [
      'Variable "$input" got invalid value { colour: "red" }; Field "colour" is not defined by type "MaterialInput".',
      { path: 'input.colour', code: 'whitelistValidation' },
    ],
    // The value quoted in the message may itself hold "; ".
    [
      'Variable "$input" got invalid value { title: "Water; sanitation", colour: "red" }; Field "colour" is not defined by type "MaterialInput".',
      { path: 'input.colour', code: 'whitelistValidation' },
    ],
    [
      'Variable "$input" got invalid value "PA; RTY" at "input.kind"; Value "PA; RTY" does not exist in "MaterialKind" enum.',
      { path: 'input.kind', code: 'invalid' },
    ],
    [
      'Variable "$i" got invalid value { title: "a; b" }; Field "updatedAt" of required type "DateTime!" was not provided.',
      { path: 'i.updatedAt', code: 'isDefined' },
    ],
    [
      'Variable "$input" got invalid value 5 at "input.kind"; Enum "MaterialKind" cannot represent non-string value: 5.',
      { path: 'input.kind', code: 'invalid' },
    ],
    [
      'Variable "$input" got invalid value null at "input.title"; Expected non-nullable type "String!" not to be null.',
      { path: 'input.title', code: 'isDefined' },
    ],
    ['Variable "$id" of required type "ID!" was not provided.', { path: 'id', code: 'isDefined' }],
    ['Variable "$id" of non-null type "ID!" must not be null.', { path: 'id', code: 'isDefined' }],
  ])('%s', (message, problem) => {
    expect(variableProblem(message)).toEqual(problem);
  });

  it('leaves other messages alone', () => {
    expect(variableProblem('Syntax Error: Expected Name, found <EOF>.')).toBeUndefined();
    expect(variableProblem('Unknown argument "colour" on field "Mutation.createMaterial".')).toBeUndefined();
  });
});
