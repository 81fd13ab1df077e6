import {
  GraphQLError,
  Kind,
  OperationTypeNode,
  Source,
  type DocumentNode,
  type Location,
  type ValueNode,
} from 'graphql';
import { literalProblem, variableProblem } from './error-translation.plugin';

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

describe('values written into the query that validation refuses, as problems on their field', () => {
  const source = new Source('');
  const at = (start: number, end: number) => ({ start, end, source }) as Location;
  const name = (value: string) => ({ kind: Kind.NAME, value }) as const;

  it('places a value nested 100,000 lists deep, reading the document once and without recursion', () => {
    const depth = 100_000;
    const innermost: ValueNode = { kind: Kind.INT, value: '7', loc: at(depth, depth + 1) };
    let value: ValueNode = innermost;
    for (let level = depth - 1; level >= 0; level--)
      value = { kind: Kind.LIST, values: [value], loc: at(level, 2 * depth + 1 - level) };
    const document: DocumentNode = {
      kind: Kind.DOCUMENT,
      definitions: [
        {
          kind: Kind.OPERATION_DEFINITION,
          operation: OperationTypeNode.QUERY,
          selectionSet: {
            kind: Kind.SELECTION_SET,
            selections: [
              {
                kind: Kind.FIELD,
                name: name('events'),
                arguments: [
                  {
                    kind: Kind.ARGUMENT,
                    name: name('filter'),
                    value: {
                      kind: Kind.OBJECT,
                      fields: [{ kind: Kind.OBJECT_FIELD, name: name('countries'), value }],
                    },
                  },
                ],
              },
            ],
          },
        },
      ],
    };
    const error = new GraphQLError('String cannot represent a non string value: 7', { nodes: innermost });
    expect(literalProblem(error, document)).toEqual({
      path: `filter.countries${'.0'.repeat(depth)}`,
      code: 'isString',
    });
    // An error that is not about a value (an undeclared variable) is left as graphql-js words it.
    const undeclared = new GraphQLError('Variable "$x" is not defined.', { nodes: innermost });
    expect(literalProblem(undeclared, document)).toBeUndefined();
  });
});
