import type { ApolloServerPlugin } from '@apollo/server';
import {
  AppError,
  clientErrorOf,
  translateError,
  translateFieldProblem,
  type FieldProblem,
} from '@ashar/errors';
import { t, DEFAULT_LOCALE } from '@ashar/i18n';
import { Kind, visit, type ASTNode, type DocumentNode, type GraphQLError, type ValueNode } from 'graphql';
import type { Logger } from 'pino';
import { requestState, type GraphqlContext } from './request-context';

const GRAPHQL_LEVEL_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
]);

/** What graphql-js says a variable's value lacks, as the validation code our messages have. */
const COERCION_CODES: [RegExp, string][] = [
  [/^Field "[^"]+" of required type .* was not provided/, 'isDefined'],
  [/^Field "[^"]+" is not defined by type/, 'whitelistValidation'],
  [/^Expected non-nullable type .* not to be null/, 'isDefined'],
  [/^String cannot represent/, 'isString'],
  [/^Int cannot represent/, 'isInt'],
  [/^Float cannot represent/, 'isNumber'],
  [/^Boolean cannot represent/, 'isBoolean'],
  // The DateTime scalar's own refusal (date-time.ts).
  [/^expected a date and time/, 'isDate'],
];

/**
 * graphql-js refusals of a whole request that we say in our own words: one nested past what the
 * parser's recursion reaches (its message would be JavaScript's own), and validation stopped at its
 * hundredth error.
 */
const OWN_WORDS: [RegExp, string][] = [
  [
    /^Syntax Error: Maximum call stack size exceeded\.?$|^Maximum call stack size exceeded$/,
    'errors:queryTooDeep',
  ],
  [/^Too many validation errors, error limit reached\./, 'errors:tooManyQueryErrors'],
];

/** How graphql-js begins what it says is wrong with a value (after the value it quotes). */
const DETAIL =
  /^(?:(?:String|Int|Float|Boolean|ID|DateTime) cannot represent|Enum "|Field "|Value "|Expected |expected a date and time|Invalid value)/;

/**
 * A variable graphql-js refused before any resolver ran ("Variable "$i" got invalid value 123 at
 * "i.title"; String cannot represent…"), as a problem on its field, so that the caller reads it in
 * their language like every other invalid input. Undefined for any other message. The value is
 * quoted in the message and may itself hold "; ", so the split is made at the last "; " that starts
 * a detail graphql-js writes.
 */
export function variableProblem(message: string): FieldProblem | undefined {
  const missing =
    /^Variable "\$(\w+)" of (?:required|non-null) type "[^"]+" (?:was not provided|must not be null)\.$/.exec(
      message,
    );
  if (missing) return { path: missing[1], code: 'isDefined' };
  for (let split = message.lastIndexOf('; '); split > 0; split = message.lastIndexOf('; ', split - 1)) {
    const detail = message.slice(split + 2);
    if (!DETAIL.test(detail)) continue;
    const head = /^Variable "\$(\w+)" got invalid value [\s\S]*?(?: at "([\w.[\]]+)")?$/.exec(
      message.slice(0, split),
    );
    if (!head) return undefined;
    const [, variable, at] = head;
    // graphql-js writes list positions as [0]; our paths write them as .0.
    let path = (at ?? variable).replace(/\[(\d+)\]/g, '.$1');
    const field = /^Field "([^"]+)" (?:of required type|is not defined by type)/.exec(detail);
    if (field) path = `${path}.${field[1]}`;
    return { path, code: COERCION_CODES.find(([pattern]) => pattern.test(detail))?.[1] ?? 'invalid' };
  }
  return undefined;
}

/** Where a value sits in a document: its key, under the place of what holds it. */
interface Place {
  key: string | number;
  parent?: Place;
}

/** A node by where it is in the document's text: the one an error names, however it was copied. */
const spot = (node: ASTNode) => `${node.kind}@${node.loc?.start}-${node.loc?.end}`;

const PLACES = new WeakMap<DocumentNode, Map<string, Place>>();

/**
 * The place of every value written into `document`: arguments (`input.agenda.1.startsAt`) and the
 * default values of variables (`f.from`). Read once a document, in one pass without recursion, so
 * that many errors about a deeply nested value cost no more than the document's size.
 */
function placesOf(document: DocumentNode): Map<string, Place> {
  const cached = PLACES.get(document);
  if (cached) return cached;
  const places = new Map<string, Place>();
  const pending: [ValueNode, Place][] = [];
  /** An error names the field or argument, or only its name (one given twice). */
  const enter = (nodes: ASTNode[], value: ValueNode, place: Place) => {
    for (const node of nodes) places.set(spot(node), place);
    pending.push([value, place]);
  };
  visit(document, {
    Argument(argument) {
      enter([argument, argument.name], argument.value, { key: argument.name.value });
      return false;
    },
    VariableDefinition(definition) {
      if (definition.defaultValue)
        enter([definition], definition.defaultValue, { key: definition.variable.name.value });
      return false;
    },
  });
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [value, place] = next;
    places.set(spot(value), place);
    if (value.kind === Kind.OBJECT)
      for (const field of value.fields)
        enter([field, field.name], field.value, { key: field.name.value, parent: place });
    if (value.kind === Kind.LIST)
      value.values.forEach((item, index) => pending.push([item, { key: index, parent: place }]));
  }
  PLACES.set(document, places);
  return places;
}

function pathOf(place: Place): string {
  const keys: (string | number)[] = [];
  for (let at: Place | undefined = place; at; at = at.parent) keys.push(at.key);
  return keys.reverse().join('.');
}

/** What validation says of a value written into the query, as a rule of ours (the rest is not a value's). */
function literalCode(message: string): string | undefined {
  if (/^Expected value of type "[^"]+!", found null\.$/.test(message)) return 'isDefined';
  if (/^There can be only one (?:input field|argument) named "\w+"\.$/.test(message)) return 'givenTwice';
  if (/^Field "[^"]*" is not defined by type /.test(message)) return 'whitelistValidation';
  if (/^Value "[^"]*" does not exist in "\w+" enum\./.test(message)) return 'invalid';
  const detail = message.replace(/^Expected value of type "[^"]+", found [\s\S]*?; (?=\S)/, '');
  const code = COERCION_CODES.find(([pattern]) => pattern.test(detail))?.[1];
  if (code) return code;
  return /^Expected value of type "[^"]+", found /.test(message) ? 'invalid' : undefined;
}

/**
 * A value written in the query itself that validation refused ("Expected value of type …", a
 * required field or argument left out, a field or argument the API lacks), as a problem on its
 * field, so that the caller reads what is wrong, and where, in their language. Undefined for any
 * other error (an unknown variable, say), which is passed on as graphql-js words it.
 */
export function literalProblem(
  error: GraphQLError,
  document: DocumentNode | undefined,
): FieldProblem | undefined {
  const node = error.nodes?.[0];
  if (!node || !document) return undefined;
  const argument =
    /^(?:Field "\w+"|Directive "@\w+") argument "(\w+)" of type "[^"]+" is required, but it was not provided\.$/.exec(
      error.message,
    );
  if (argument) return { path: argument[1], code: 'isDefined' };
  const unknown = /^Unknown argument "(\w+)" on (?:field|directive) /.exec(error.message);
  if (unknown) return { path: unknown[1], code: 'whitelistValidation' };
  const missing = /^Field "[^"]*\.(\w+)" of required type "[^"]+" was not provided\.$/.exec(error.message);
  const code = missing ? 'isDefined' : literalCode(error.message);
  const place = code && placesOf(document).get(spot(node));
  if (!place) return undefined;
  return { path: missing ? `${pathOf(place)}.${missing[1]}` : pathOf(place), code: code as string };
}

function rewrite(
  error: GraphQLError,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): void {
  (error as { message: string }).message = message;
  const extensions = error.extensions as Record<string, unknown>;
  // Apollo's HTTP status (400 for a malformed query) stays; Apollo takes it out of the response itself.
  const { http } = extensions;
  for (const key of Object.keys(extensions)) delete extensions[key];
  Object.assign(extensions, extra, { code }, http === undefined ? {} : { http });
}

/**
 * The single place where errors become what GraphQL clients see: a stable `extensions.code` and a
 * message in the request's language. Domain errors (AppError) keep their code; graphql-js and Apollo
 * errors about the request itself become BAD_USER_INPUT-like codes; anything else is logged and
 * reported as INTERNAL_SERVER_ERROR without internals.
 */
export function errorTranslationPlugin(logger?: Logger): ApolloServerPlugin<GraphqlContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue, document }) {
          const locale = contextValue?.req ? requestState(contextValue.req).locale : DEFAULT_LOCALE;
          for (const error of errors) {
            const original = clientErrorOf(error.originalError);
            if (original instanceof AppError) {
              const { code, message, ...extra } = translateError(original, locale);
              rewrite(error, code, message, extra);
              continue;
            }
            const code = String(error.extensions?.code ?? '');
            const problem = code === 'BAD_USER_INPUT' ? variableProblem(error.message) : undefined;
            if (problem) {
              const {
                code: translated,
                message,
                ...extra
              } = translateError(AppError.badInput([problem]), locale);
              rewrite(error, translated, message, extra);
              continue;
            }
            const literal =
              code === 'GRAPHQL_VALIDATION_FAILED' ? literalProblem(error, document) : undefined;
            if (literal) {
              const field = translateFieldProblem(locale, literal);
              const detail = `${field.path}: ${field.message}`;
              rewrite(error, code, t(locale, 'errors:invalidRequest', { detail }), { fields: [field] });
              continue;
            }
            if (!original || GRAPHQL_LEVEL_CODES.has(code) || (original as GraphQLError).extensions) {
              const stable =
                code === 'GRAPHQL_PARSE_FAILED' || code === 'GRAPHQL_VALIDATION_FAILED'
                  ? code
                  : 'BAD_USER_INPUT';
              const own = OWN_WORDS.find(([pattern]) => pattern.test(error.message))?.[1];
              rewrite(
                error,
                stable,
                own ? t(locale, own) : t(locale, 'errors:invalidRequest', { detail: error.message }),
              );
              continue;
            }
            logger?.error({ err: original, path: error.path }, 'unexpected error in a resolver');
            const { code: internal, message } = translateError(original, locale);
            rewrite(error, internal, message);
          }
        },
      };
    },
  };
}
