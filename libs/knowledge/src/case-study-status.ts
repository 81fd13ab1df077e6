import { Injectable } from '@nestjs/common';
import { ChangeListeners } from '@ashar/transport';
import type { CaseStudyStatus } from './knowledge.enums';

/** A case study whose publication changed, once the change has committed. */
export interface CaseStudyStatusChange {
  id: string;
  slug: string;
  status: CaseStudyStatus;
}

/**
 * Told of every publication change, whichever way it was made (publish/archive, or an import): the
 * discussions domain removes from a case study's room those who may no longer read it.
 */
@Injectable()
export class CaseStudyStatusListeners extends ChangeListeners<CaseStudyStatusChange> {
  protected describe(change: CaseStudyStatusChange): string {
    return `case study ${change.id}'s status`;
  }
}
