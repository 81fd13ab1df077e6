import { Injectable } from '@nestjs/common';
import { ChangeListeners } from '@ashar/transport';
import type { RoleGrant } from './auth-user';

/**
 * What one change did to a person's access, once it has committed: roles granted or revoked, or (with
 * `tokenVersion`) every token of theirs but those of this version revoked.
 */
export interface RoleChange {
  userId: string;
  granted: RoleGrant[];
  revoked: RoleGrant[];
  /** Set when a password change or "sign out everywhere" raised the account's token version to this. */
  tokenVersion?: number;
}

/**
 * Told of every change to someone's access: the discussions domain makes the person's open sockets read
 * their roles again, takes them out of rooms a revoked role had opened, and disconnects the sockets
 * signed in with a revoked token.
 */
@Injectable()
export class RoleChangeListeners extends ChangeListeners<RoleChange> {
  protected describe(change: RoleChange): string {
    return `${change.userId}'s roles`;
  }
}
