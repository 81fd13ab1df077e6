import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { AppError, illFormedText, validationProblems } from '@ashar/errors';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';

const PRIMITIVES: unknown[] = [String, Boolean, Number, Array, Object];

/**
 * Validates every argument whose type is a class (GraphQL inputs/args, HTTP DTOs). Unknown fields are
 * refused, and each broken rule is reported with the field's path (e.g. `input.email`) and a code.
 */
@Injectable()
export class InputValidationPipe implements PipeTransform {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const { metatype, type } = metadata;
    if (type === 'custom' || !metatype || PRIMITIVES.includes(metatype)) return value;
    const illFormed = illFormedText(value, metadata.data ?? '');
    if (illFormed.length > 0) throw AppError.badInput(illFormed);
    const instance = plainToInstance(metatype, value ?? {}) as object;
    // `@Args() page: PageArgs` receives every argument of the field, so unknown keys are refused only
    // for named arguments (`@Args('input')`); the other arguments are validated by their own @Args.
    const errors = await validate(instance, {
      whitelist: true,
      forbidNonWhitelisted: metadata.data !== undefined,
      forbidUnknownValues: false,
    });
    if (errors.length > 0) throw AppError.badInput(validationProblems(errors, metadata.data ?? ''));
    return instance;
  }
}
