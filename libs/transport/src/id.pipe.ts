import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { AppError } from '@ashar/errors';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Refuses ids that cannot exist before they reach the database: `@Args('id', { type: () => ID }, IdPipe)`. */
@Injectable()
export class IdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata?: ArgumentMetadata): string {
    if (typeof value === 'string' && UUID.test(value)) return value.toLowerCase();
    // Named as the argument is (`eventId`, `messageId`), so a client knows which one is wrong.
    throw AppError.badInput([{ path: metadata?.data ?? 'id', code: 'isUUID' }]);
  }
}
