import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@ashar/accounts';
import { RoomScope } from './room-kinds';

/**
 * Confirms that the thing a room is about (an event, a case study, a theme) exists and that the caller
 * may see it. Discussions cannot read other domains' tables, and the events and knowledge libraries
 * build on this one, so they plug their check in here instead.
 */
export interface RoomScopeVerifier {
  /** True when `key` names a record of this scope that `user` (undefined: a guest) may see. */
  isVisible(key: string, user: AuthUser | undefined): Promise<boolean>;
}

/**
 * The seam through which other domains confirm room scope keys. Register from the owning module, e.g.
 * `onModuleInit() { registry.register(RoomScope.EVENT, this.eventsVerifier) }`. A scope with no
 * verifier accepts any well-formed key (the state until events and knowledge are wired in).
 */
@Injectable()
export class RoomScopeRegistry {
  private readonly verifiers = new Map<RoomScope, RoomScopeVerifier>();

  register(scope: RoomScope, verifier: RoomScopeVerifier): void {
    this.verifiers.set(scope, verifier);
  }

  async isVisible(scope: RoomScope, key: string, user: AuthUser | undefined): Promise<boolean> {
    const verifier = this.verifiers.get(scope);
    return verifier ? verifier.isVisible(key, user) : true;
  }
}
