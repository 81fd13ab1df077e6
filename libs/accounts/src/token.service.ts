import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@ashar/config';
import { AppError } from '@ashar/errors';
import jwt from 'jsonwebtoken';

/** Who a token was issued for, and the account's token version when it was. */
export interface TokenClaims {
  userId: string;
  version: number;
}

/** Signs and checks the JWT access tokens used on HTTP (Bearer) and in the socket.io handshake. */
@Injectable()
export class TokenService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** `version` is the account's token version (`app_user.token_version`) now. */
  issue(userId: string, version = 0): string {
    return jwt.sign({ ver: version }, this.config.jwtSecret, {
      algorithm: 'HS256',
      subject: userId,
      expiresIn: this.config.jwtTtlSeconds,
      issuer: 'ashar',
    });
  }

  /**
   * The claims of a well-signed, unexpired token; UNAUTHENTICATED when forged, expired or malformed.
   * Whether its version is still the account's is for the caller to check (AccountsService.userOfToken).
   * Tokens issued before versions existed have no `ver` and count as version 0, the column's default.
   */
  verify(token: string): TokenClaims {
    try {
      const payload = jwt.verify(token, this.config.jwtSecret, { algorithms: ['HS256'], issuer: 'ashar' });
      if (typeof payload === 'object' && typeof payload.sub === 'string') {
        const version: unknown = payload.ver ?? 0;
        if (Number.isInteger(version)) return { userId: payload.sub, version: version as number };
      }
    } catch {
      // every failure reads the same to the client
    }
    throw AppError.unauthenticated('errors:invalidToken');
  }
}
