import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { requestOf, requestState } from '@ashar/transport';
import type { SocketData } from './access.guard';
import type { AuthUser } from './auth-user';

/** The signed-in caller (undefined for guests), as resolved by the access guard. */
export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): AuthUser | undefined => {
    const req = requestOf(context);
    if (req) return requestState(req).user as AuthUser | undefined;
    return context.switchToWs().getClient<{ data?: SocketData }>().data?.user;
  },
);
