import { Injectable, type PipeTransform } from '@nestjs/common';
import { AppError } from '@ashar/errors';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Refuses ids that cannot exist before they reach the database: `@Args('id', { type: () => ID }, IdPipe)`. */
@Injectable()
export class IdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (typeof value === 'string' && UUID.test(value)) return value.toLowerCase();
    throw AppError.badInput([{ path: 'id', code: 'isUUID' }]);
  }
}
