import { Logger } from '@nestjs/common';

/**
 * Lets a domain act once a change in a domain it builds on has committed, without the lower domain
 * knowing it (case-study publication, someone's roles). Extend it once per kind of change and
 * provide it from the module that makes the change.
 */
export abstract class ChangeListeners<Change> {
  private readonly logger = new Logger(this.constructor.name);
  private readonly listeners: ((change: Change) => Promise<void>)[] = [];

  /** How a failure names the change in the log. */
  protected abstract describe(change: Change): string;

  add(listener: (change: Change) => Promise<void>): void {
    this.listeners.push(listener);
  }

  /** Tells every listener of each change, in order; a failing listener is logged, and the change stands. */
  async notify(changes: readonly Change[]): Promise<void> {
    for (const change of changes)
      for (const listener of this.listeners)
        await listener(change).catch((error: Error) =>
          this.logger.warn(`A listener to ${this.describe(change)} failed: ${error.message}`),
        );
  }
}
