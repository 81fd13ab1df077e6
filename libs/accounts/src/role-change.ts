import { Injectable } from '@nestjs/common';
import { ChangeListeners } from '@ashar/transport';
import type { RoleGrant } from './auth-user';

/** What one grant or revoke changed in a person's roles, once it has committed. */
export interface RoleChange {
  userId: string;
  granted: RoleGrant[];
  revoked: RoleGrant[];
}

/**
 * Told of every grant or revoke that changed someone's roles: the discussions domain makes the
 * person's open sockets read their roles again and takes them out of rooms a revoked role had opened.
 */
@Injectable()
export class RoleChangeListeners extends ChangeListeners<RoleChange> {
  protected describe(change: RoleChange): string {
    return `${change.userId}'s roles`;
  }
}
