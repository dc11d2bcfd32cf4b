import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ORDER_WORKFLOW_MODULE } from '../../mappers/custom-fields.mapper';
import type { MivaOrder } from '../../miva-model/miva.models';
import type { MivaOrderEntity } from '../orders/miva-order.entity';
import type { CustomFieldCount, PaymentModuleCount } from './discovery-rules';

// Enough characters to mask a card number that starts within the example's 80 (exampleOf).
const EXAMPLE_SOURCE_CHARS = 200;

/**
 * Reads of the stored raw Miva orders (`miva_orders`, written only by the orders module's
 * OrdersWriteRepository) for support staff: what custom fields and payment modules the store's
 * orders carry, and one raw order for a mapping preview. The counting runs in SQL over the raw
 * JSON, one parse per order (json_to_record) and nothing but the counts sent back, so it stays
 * usable at 100,000 orders.
 */
@Injectable()
export class RawOrdersReadRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async rawOrder(storeId: string, mivaOrderId: number): Promise<MivaOrder | null> {
    const rows: Pick<MivaOrderEntity, 'raw'>[] = await this.dataSource.query(
      'SELECT raw FROM miva_orders WHERE store_id = $1 AND miva_order_id = $2',
      [storeId, mivaOrderId],
    );
    return rows[0]?.raw ?? null;
  }

  /**
   * Every `<module>:<code>` of `CustomField_Values` (Miva's JSON writer renders an empty one as
   * `[]`, hence the object checks), except the orderworkflow module's queue flags: in how many
   * orders, when such an order was last downloaded, and a value from the newest order with a
   * non-empty one (looked up once per field afterwards, not carried through the grouping).
   */
  async customFieldCounts(storeId: string): Promise<CustomFieldCount[]> {
    return this.dataSource.query(
      `WITH fields AS (
         SELECT m.miva_order_id AS id, m.downloaded_at AS seen, mo.key AS module, f.key AS code,
                f.value #>> '{}' AS value
           FROM miva_orders m
          CROSS JOIN LATERAL json_to_record(m.raw) AS r("CustomField_Values" json)
          CROSS JOIN LATERAL json_each(CASE WHEN json_typeof(r."CustomField_Values") = 'object'
                                            THEN r."CustomField_Values" END) AS mo
          CROSS JOIN LATERAL json_each(CASE WHEN json_typeof(mo.value) = 'object'
                                            THEN mo.value END) AS f
          WHERE m.store_id = $1 AND lower(mo.key) <> $2
       ), counted AS (
         SELECT module, code, count(*)::int AS orders, max(seen) AS last_seen,
                max(id) FILTER (WHERE value <> '') AS example_id
           FROM fields GROUP BY module, code
       )
       SELECT c.module, c.code, c.orders, c.last_seen AS "lastSeenAt",
              left(e.raw -> 'CustomField_Values' -> c.module ->> c.code, $3) AS example
         FROM counted c
         LEFT JOIN miva_orders e ON e.store_id = $1 AND e.miva_order_id = c.example_id`,
      [storeId, ORDER_WORKFLOW_MODULE, EXAMPLE_SOURCE_CHARS],
    );
  }

  /**
   * Payments per module identity (code, name, provider), as PaymentMapperRegistry.identify
   * (src/payments) reads it: the payment's `module` object, or, for a payment without one, the
   * order's `payment_module` name when the payment was made with the order's newest module
   * (`pay_id`) and the name is not a placeholder.
   */
  async paymentModuleCounts(storeId: string): Promise<PaymentModuleCount[]> {
    return this.dataSource.query(
      `WITH pays AS (
         SELECT m.miva_order_id AS id,
                CASE WHEN json_typeof(p.value -> 'module') = 'object' THEN p.value -> 'module' END
                  AS module,
                -- Only read for payments without a module (the CTE is inlined into the CASE).
                p.value ->> 'pay_id' AS pay_id, r.pay_id AS order_pay_id, r.payment_module
           FROM miva_orders m
          CROSS JOIN LATERAL json_to_record(m.raw) AS r(payments json, pay_id text,
                                                        payment_module text)
          CROSS JOIN LATERAL json_array_elements(CASE WHEN json_typeof(r.payments) = 'array'
                                                      THEN r.payments END) AS p
          WHERE m.store_id = $1
       ), identities AS (
         SELECT id,
                btrim(coalesce(module ->> 'code', '')) AS code,
                CASE
                  WHEN module IS NOT NULL THEN btrim(coalesce(module ->> 'name', ''))
                  WHEN order_pay_id NOT IN ('', '0') AND pay_id = order_pay_id
                       AND lower(btrim(coalesce(payment_module, ''))) NOT IN ('', 'none', 'unknown')
                    THEN btrim(payment_module)
                  ELSE ''
                END AS name,
                btrim(coalesce(module ->> 'provider', '')) AS provider
           FROM pays
       )
       SELECT code, name, provider, count(*)::int AS payments, max(id) AS "lastOrderId"
         FROM identities GROUP BY code, name, provider`,
      [storeId],
    );
  }
}
