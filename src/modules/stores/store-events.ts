import { Injectable } from '@nestjs/common';

type BeforeDeleteListener = (storeId: string) => Promise<void>;
type ActivatedListener = (storeId: string) => void;

/**
 * Lets modules that depend on stores (the download engine, the relay) react to a store's
 * lifecycle without the stores module depending on them.
 */
@Injectable()
export class StoreEvents {
  private readonly beforeDelete: BeforeDeleteListener[] = [];
  private readonly activated: ActivatedListener[] = [];

  onBeforeDelete(listener: BeforeDeleteListener): void {
    this.beforeDelete.push(listener);
  }

  async emitBeforeDelete(storeId: string): Promise<void> {
    for (const listener of this.beforeDelete) {
      await listener(storeId);
    }
  }

  /** The store became active again (enabled, or its credentials accepted): held work may go. */
  onActivated(listener: ActivatedListener): void {
    this.activated.push(listener);
  }

  emitActivated(storeId: string): void {
    for (const listener of this.activated) {
      listener(storeId);
    }
  }
}
