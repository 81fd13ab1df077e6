import { applyDecorators } from '@nestjs/common';
import { Field } from '@nestjs/graphql';
import { AppError } from '@ashar/errors';
import { IsDate, IsOptional } from 'class-validator';

/**
 * `expectedUpdatedAt` on an edit's input: the `updatedAt` of the record as the editor loaded it. When
 * someone saved the record since, the edit is refused (`refuseIfEditedSince`) and nothing is written,
 * so that one person's save never silently undoes another's.
 */
export const ExpectedUpdatedAt = () =>
  applyDecorators(
    Field(() => Date, {
      nullable: true,
      description:
        'The `updatedAt` the edit starts from. When the record was saved since, the edit is refused with ' +
        'CONFLICT (`input.expectedUpdatedAt`, code `stale`, `extensions.updatedAt` the current one) and ' +
        'nothing is written. Left out: the edit applies to whatever was saved meanwhile.',
    }),
    IsOptional(),
    IsDate(),
  );

/**
 * CONFLICT when the record changed after `expected` (its `updatedAt` as the editor saw it, to the
 * millisecond as the API hands it out); nothing when no `expected` is given. Call it with the record
 * locked, so that no save can come in between the check and the write.
 */
export function refuseIfEditedSince(updatedAt: Date, expected: Date | null | undefined): void {
  if (!expected || expected.getTime() === updatedAt.getTime()) return;
  throw new AppError(
    'CONFLICT',
    'errors:editedMeanwhile',
    {},
    [{ path: 'input.expectedUpdatedAt', code: 'stale' }],
    { updatedAt: updatedAt.toISOString() },
  );
}
