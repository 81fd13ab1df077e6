import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { AuthUser } from '@ashar/accounts';
import { AppError } from '@ashar/errors';
import {
  CaseStudyService,
  CaseStudyStatus,
  CaseStudyStatusListeners,
  type CaseStudyModel,
} from '@ashar/knowledge';
import { RoomScope, RoomVisibility } from './room-kinds';
import { RoomScopeRegistry } from './room-scope-registry';
import { RoomService } from './room.service';

/**
 * "Discuss this project": a case study's room exists only for a case study the caller may read, and
 * is opened only once it is published. The room is then PUBLIC, like the case study, and names no
 * host (its hosts are the network-wide roles), whoever opens it first. Nothing of the case study is
 * copied into the room, so its rules need no lock; the room is listed under the case study's title in
 * the reader's language. Every later request asks `visibleKeys` again: once
 * the case study is archived (or otherwise hidden from someone), its room is hidden from them too, and
 * their sockets in it are removed when it is archived.
 */
@Injectable()
export class CaseStudyRoomScope implements OnModuleInit {
  constructor(
    private readonly registry: RoomScopeRegistry,
    private readonly caseStudies: CaseStudyService,
    private readonly statusChanges: CaseStudyStatusListeners,
    private readonly rooms: RoomService,
  ) {}

  onModuleInit(): void {
    this.registry.register(RoomScope.CASE_STUDY, {
      visibleKeys: (slugs, user) => this.caseStudies.visibleSlugs(user, slugs),
      roomRules: async (key, user) => {
        const caseStudy = await this.read(key, user);
        if (!caseStudy) throw new AppError('NOT_FOUND', 'discussions:errors.scopeNotFound');
        if (caseStudy.status !== CaseStudyStatus.PUBLISHED)
          throw new AppError('CONFLICT', 'discussions:errors.caseStudyNotPublished');
        return { visibility: RoomVisibility.PUBLIC, hostIds: [], title: null };
      },
      titles: (slugs, locale) => this.caseStudies.titlesBySlug(slugs, locale),
    });
    // Archived: the sockets of those who may no longer read the case study leave its room at once.
    // Publishing only widens who may read it.
    this.statusChanges.add(async ({ slug, status }) => {
      if (status !== CaseStudyStatus.PUBLISHED)
        await this.rooms.evictNonReadersOfScope(RoomScope.CASE_STUDY, slug);
    });
  }

  /** The case study with the caller's reading rights; null when it does not exist or is hidden from them. */
  private async read(slug: string, user: AuthUser | undefined): Promise<CaseStudyModel | null> {
    try {
      return await this.caseStudies.caseStudyBySlug(user, slug, user?.preferredLocale ?? 'en');
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }
}
