import { getMetadataStorage, type ValidationError } from 'class-validator';
import type { FieldProblem } from './app-error';

/** Reads the arguments a rule was declared with (e.g. `max` of `@MaxLength(200)`), so messages can name them. */
function ruleParams(target: object | undefined, property: string, rule: string): Record<string, unknown> {
  if (!target) return {};
  const metadata = getMetadataStorage()
    .getTargetValidationMetadatas(target.constructor, '', true, false)
    .find((m) => m.propertyName === property && (m.name === rule || m.type === rule));
  const constraints: unknown[] = metadata?.constraints ?? [];
  switch (rule) {
    case 'minLength':
    case 'arrayMinSize':
    case 'min':
      return { count: constraints[0], min: constraints[0] };
    case 'maxLength':
    case 'arrayMaxSize':
    case 'max':
      return { count: constraints[0], max: constraints[0] };
    case 'isEnum':
    case 'isIn': {
      const allowed = constraints[0];
      const values = Array.isArray(allowed) ? allowed : Object.values((allowed as object) ?? {});
      return { values: values.filter((v) => typeof v === 'string').join(', ') };
    }
    default:
      return {};
  }
}

/** Flattens class-validator's tree into one problem per broken rule, with a dotted path. */
export function validationProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.keys(error.constraints ?? {}).map((rule) => ({
      path,
      code: rule,
      params: ruleParams(error.target, error.property, rule),
    }));
    return [...own, ...validationProblems(error.children ?? [], path)];
  });
}
