import { MigrationInterface, QueryRunner } from 'typeorm';
import { redactCardNumbers } from '../../mappers/card-number';
import { scrubRawOrderText } from '../../mappers/raw-order-scrub';

// Raw Miva snapshots stored before card data was scrubbed at ingest may hold full card numbers
// (a decrypted Mod10 payment) and security codes. They are rewritten with the same rules ingest
// now applies (src/mappers/raw-order-scrub.ts); mapping errors are masked too. Only rows whose
// text could hold one are read, by the scrub's own pre-checks: a run of 13+ digits, a key that may
// name a security code, or an escaped ASCII character.
const PAGE = 500;
const SUSPECT = `(raw::text ~ '[0-9]([ -]?[0-9]){12,}'
                  OR raw::text ~* '"[^"]*(cvv|cvc|secur|verif|card.?code)[^"]*"\\s*:|"(cid|csc|cvn|cvd|cav2)"\\s*:|\\\\u00[0-7]'
                  OR mapping_error ~ '[0-9]([ -]?[0-9]){12,}')`;

interface Row {
  store_id: string;
  miva_order_id: number;
  raw: string;
  mapping_error: string | null;
}

export class ScrubStoredCardData1796403737403 implements MigrationInterface {
  name = 'ScrubStoredCardData1796403737403';

  public async up(queryRunner: QueryRunner): Promise<void> {
    let after = { store: '00000000-0000-0000-0000-000000000000', id: -1 };
    for (;;) {
      const rows = (await queryRunner.query(
        `SELECT store_id, miva_order_id, raw::text AS raw, mapping_error FROM miva_orders
          WHERE (store_id, miva_order_id) > ($1::uuid, $2::int) AND ${SUSPECT}
          ORDER BY store_id, miva_order_id LIMIT ${PAGE}`,
        [after.store, after.id],
      )) as Row[];
      const changed = rows.flatMap((row) => {
        const raw = scrubRawOrderText(row.raw);
        const error = row.mapping_error === null ? null : redactCardNumbers(row.mapping_error);
        return raw === row.raw && error === row.mapping_error
          ? []
          : [{ store: row.store_id, id: row.miva_order_id, raw, error }];
      });
      if (changed.length > 0) {
        await queryRunner.query(
          `UPDATE miva_orders m SET raw = x.raw::json, mapping_error = x.error
             FROM json_to_recordset($1::json) AS x(store uuid, id int, raw text, error text)
            WHERE m.store_id = x.store AND m.miva_order_id = x.id`,
          [JSON.stringify(changed)],
        );
      }
      const last = rows.at(-1);
      if (rows.length < PAGE || last === undefined) {
        return;
      }
      after = { store: last.store_id, id: last.miva_order_id };
    }
  }

  public async down(): Promise<void> {
    // Masked card numbers cannot be restored, and must not be.
  }
}
