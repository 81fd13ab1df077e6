import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import { AppError, clientErrorOf, translateError } from '@ashar/errors';
import type { Response } from 'express';
import { requestState, type AsharRequest } from './request-context';

/**
 * Maps errors on plain HTTP routes (health, uploads, downloads) to `{ error: { code, message } }` in
 * the request's language. GraphQL errors pass through to the Apollo plugin; sockets have their own acks.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType() !== 'http') return exception;
    const req = host.switchToHttp().getRequest<AsharRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    const error =
      exception instanceof HttpException
        ? fromStatus(exception.getStatus())
        : isClientHttpError(exception)
          ? fromStatus(exception.status)
          : clientErrorOf(exception);
    const body = translateError(error, requestState(req).locale);
    const status = error instanceof AppError ? error.httpStatus : 500;
    if (status === 500) req.log?.error({ err: exception }, 'unexpected error on an HTTP route');
    if (!res.headersSent) res.status(status).json({ error: body });
    else res.destroy();
    return undefined;
  }
}

/**
 * The body parser's refusals (a body over the limit, an unknown Content-Encoding, bad JSON) are
 * http-errors with a 4xx `status` meant for the client, not HttpExceptions: without this they were
 * answered as 500 and logged as unexpected.
 */
function isClientHttpError(exception: unknown): exception is { status: number } {
  const { status, expose } = (exception ?? {}) as { status?: unknown; expose?: unknown };
  return expose === true && typeof status === 'number' && status >= 400 && status < 500;
}

function fromStatus(status: number): AppError {
  switch (status) {
    case 404:
      return new AppError('NOT_FOUND');
    case 413:
      return new AppError('PAYLOAD_TOO_LARGE');
    case 415:
      return new AppError('UNSUPPORTED_MEDIA_TYPE');
    case 401:
      return AppError.unauthenticated();
    case 403:
      return AppError.forbidden();
    default:
      return status < 500 ? new AppError('BAD_USER_INPUT') : new AppError('INTERNAL_SERVER_ERROR');
  }
}
