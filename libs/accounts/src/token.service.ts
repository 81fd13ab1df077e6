import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@ashar/config';
import { AppError } from '@ashar/errors';
import jwt from 'jsonwebtoken';

/** Signs and checks the JWT access tokens used on HTTP (Bearer) and in the socket.io handshake. */
@Injectable()
export class TokenService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  issue(userId: string): string {
    return jwt.sign({}, this.config.jwtSecret, {
      algorithm: 'HS256',
      subject: userId,
      expiresIn: this.config.jwtTtlSeconds,
      issuer: 'ashar',
    });
  }

  /** The user id a token was issued for; UNAUTHENTICATED when forged, expired or malformed. */
  verify(token: string): string {
    try {
      const payload = jwt.verify(token, this.config.jwtSecret, { algorithms: ['HS256'], issuer: 'ashar' });
      if (typeof payload === 'object' && typeof payload.sub === 'string') return payload.sub;
    } catch {
      // every failure reads the same to the client
    }
    throw AppError.unauthenticated('errors:invalidToken');
  }
}
