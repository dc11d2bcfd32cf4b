import { Injectable } from '@nestjs/common';

type BeforeDeleteListener = (storeId: string) => Promise<void>;

/**
 * Lets modules that depend on stores (the download engine) react to a store's lifecycle without
 * the stores module depending on them.
 */
@Injectable()
export class StoreEvents {
  private readonly beforeDelete: BeforeDeleteListener[] = [];

  onBeforeDelete(listener: BeforeDeleteListener): void {
    this.beforeDelete.push(listener);
  }

  async emitBeforeDelete(storeId: string): Promise<void> {
    for (const listener of this.beforeDelete) {
      await listener(storeId);
    }
  }
}
