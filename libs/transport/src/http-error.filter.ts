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
      exception instanceof HttpException ? fromHttpException(exception) : clientErrorOf(exception);
    const body = translateError(error, requestState(req).locale);
    const status = error instanceof AppError ? error.httpStatus : 500;
    if (status === 500) req.log?.error({ err: exception }, 'unexpected error on an HTTP route');
    if (!res.headersSent) res.status(status).json({ error: body });
    else res.destroy();
    return undefined;
  }
}

function fromHttpException(exception: HttpException): AppError {
  switch (exception.getStatus()) {
    case 404:
      return new AppError('NOT_FOUND');
    case 413:
      return new AppError('PAYLOAD_TOO_LARGE');
    case 401:
      return AppError.unauthenticated();
    case 403:
      return AppError.forbidden();
    default:
      return exception.getStatus() < 500
        ? new AppError('BAD_USER_INPUT')
        : new AppError('INTERNAL_SERVER_ERROR');
  }
}
