import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Request headers that carry credentials: a log line with them would let anyone who reads the logs
 * act as the person (an access token lasts days) or scrape metrics.
 */
const SECRET_HEADERS = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'];

/**
 * An error as logged: what it is and where it came from, not its other properties. A database error
 * carries its statement's parameters (message texts, addresses, password hashes), which a log must
 * not keep.
 */
function loggedError(error: unknown): object {
  if (!(error instanceof Error)) return { message: String(error) };
  const { code } = error as { code?: unknown };
  return { type: error.name, message: error.message, stack: error.stack, ...(code ? { code } : {}) };
}

/** The API's JSON log, on stdout unless given another destination (tests). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'ashar-api' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: [...SECRET_HEADERS, 'req.query'], censor: '[redacted]' },
      serializers: { err: loggedError },
    },
    destination,
  );
}

/** Routes Nest's own log lines into the same JSON log. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
