import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * Reads one stored raw Miva order (`miva_orders`, written only by OrdersWriteRepository) as the
 * JSON text that was stored: already scrubbed of card data (src/mappers/raw-order-scrub.ts), and
 * handed out without a parse and a re-serialisation.
 */
@Injectable()
export class RawOrderRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async rawJson(storeId: string, mivaOrderId: number): Promise<string | null> {
    const rows: { raw: string }[] = await this.dataSource.query(
      'SELECT raw::text AS raw FROM miva_orders WHERE store_id = $1 AND miva_order_id = $2',
      [storeId, mivaOrderId],
    );
    return rows[0]?.raw ?? null;
  }
}
