import { createHash, timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { APP_CONFIG, type AppConfig } from '@ashar/config';
import { AppError } from '@ashar/errors';
import { requestOf, requestState, type AsharRequest } from '@ashar/transport';
import { ACCESS_KEY, type Audience } from './access.decorator';
import { AccountsService } from './accounts.service';
import { hasRole, type AuthUser } from './auth-user';
import type { Role } from './role';

/** Sockets keep their handshake's user here (`socket.data.user`). */
export interface SocketData {
  user?: AuthUser;
}

/**
 * The one authorization gate, installed globally. It authenticates the Bearer token (if any) and
 * checks the handler's `@Allow(...)` declaration; a handler with none is refused, so access can't be
 * forgotten. Rules that depend on the record (its country, its owner) live in the services.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly accounts: AccountsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const audience = this.reflector.getAllAndOverride<Audience[] | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!audience) throw AppError.forbidden();

    const req = requestOf(context);
    if (audience.includes('METRICS_SCRAPER')) {
      const token = this.config.metricsToken;
      const given = /^Bearer\s+(\S+)$/i.exec(req?.headers.authorization ?? '')?.[1] ?? '';
      if (!token || sameSecret(given, token)) return true;
      throw AppError.unauthenticated();
    }
    const user = req
      ? await this.authenticate(req)
      : context.switchToWs().getClient<{ data?: SocketData }>().data?.user;

    if (audience.includes('GUEST')) return true;
    if (!user) throw AppError.unauthenticated();
    if (audience.includes('USER') || hasRole(user, ...(audience as Role[]))) return true;
    throw AppError.forbidden();
  }

  /** Resolves the caller once per request; a token that is present but bad is an error, not a guest. */
  async authenticate(req: AsharRequest): Promise<AuthUser | undefined> {
    const state = requestState(req);
    if ('user' in state) return state.user as AuthUser | undefined;
    const header = req.headers.authorization;
    let user: AuthUser | undefined;
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw AppError.unauthenticated('errors:invalidToken');
      user = await this.accounts.userOfToken(match[1]);
    }
    state.user = user;
    return user;
  }
}

/** Compares without leaking, through timing, how much of the secret matched. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
