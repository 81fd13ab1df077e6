import { Injectable, Logger } from '@nestjs/common';
import type { CaseStudyStatus } from './knowledge.enums';

/** A case study whose publication changed, once the change has committed. */
export interface CaseStudyStatusChange {
  id: string;
  slug: string;
  status: CaseStudyStatus;
}

export type CaseStudyStatusListener = (change: CaseStudyStatusChange) => Promise<void>;

/**
 * Lets a domain that builds on case studies act once a publication change has committed, whichever
 * way it was made (publish/archive, or an import): the discussions domain removes from a case study's
 * room those who may no longer read it.
 */
@Injectable()
export class CaseStudyStatusListeners {
  private readonly logger = new Logger(CaseStudyStatusListeners.name);
  private readonly listeners: CaseStudyStatusListener[] = [];

  add(listener: CaseStudyStatusListener): void {
    this.listeners.push(listener);
  }

  /** Tells every listener of each change; a failing listener is logged, and the change stands. */
  async notify(changes: CaseStudyStatusChange[]): Promise<void> {
    for (const change of changes)
      for (const listener of this.listeners)
        await listener(change).catch((error: Error) =>
          this.logger.warn(`A listener to case study ${change.id}'s status failed: ${error.message}`),
        );
  }
}
