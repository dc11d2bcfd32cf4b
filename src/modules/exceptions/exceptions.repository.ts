import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { returnedRows } from '../../database/returned-rows';
import type { ExceptionEntity } from './exception.entity';
import type { ExceptionStatus } from './exception-rules';

/** One problem to record (the columns that identify it and what it says). */
export interface ExceptionWrite {
  storeId: string;
  kind: string;
  code: string;
  message: string;
  subjectType: string;
  subjectKey: string;
  subjectId: string | null;
  mivaOrderId: number | null;
}

/** An order of a downloaded page whose problems are now exactly the listed codes. */
export interface SettledOrder {
  mivaOrderId: number;
  codes: string[];
}

export interface ExceptionListQuery {
  storeIds: readonly string[] | null;
  kind: string | null;
  code: string | null;
  status: ExceptionStatus;
  limit: number;
  /** Resume after this (lastSeenAt in microseconds since the epoch, id). */
  after: { seenMicros: string; id: string } | null;
}

export type ExceptionRow = ExceptionEntity & { seenMicros: string };

const COLUMNS = `id, store_id AS "storeId", kind, code, message, subject_type AS "subjectType",
  subject_key AS "subjectKey", subject_id AS "subjectId", miva_order_id AS "mivaOrderId", status,
  occurrences, first_seen_at AS "firstSeenAt", last_seen_at AS "lastSeenAt",
  resolved_at AS "resolvedAt",
  (extract(epoch FROM last_seen_at) * 1000000)::bigint::text AS "seenMicros"`;

// The same problem again: one more occurrence on the open (or dismissed: it reopens) exception.
const UPSERT = `ON CONFLICT (store_id, subject_type, subject_key, code) WHERE status <> 'resolved'
  DO UPDATE SET occurrences = exceptions.occurrences + 1, last_seen_at = clock_timestamp(),
                message = EXCLUDED.message, status = 'open',
                subject_id = COALESCE(EXCLUDED.subject_id, exceptions.subject_id)`;

const INPUT = `jsonb_to_recordset($1::jsonb) AS x(store_id uuid, kind text, code text, message text,
  subject_type text, subject_key text, subject_id text, miva_order_id int)`;

// The problems of the input that are dismissed now: counting them again reopens them. Read in a
// WITH of the upsert, so it sees the table as it was before the statement.
const DISMISSED = `dismissed AS (
  SELECT e.store_id, e.subject_type, e.subject_key, e.code
    FROM exceptions e JOIN ${INPUT}
      ON e.store_id = x.store_id AND e.subject_type = x.subject_type
     AND e.subject_key = x.subject_key AND e.code = x.code
   WHERE e.status = 'dismissed')`;

// Which rows the upsert opened: inserted (xmax = 0 marks a row the statement inserted rather than
// updated) or reopened from dismissed. An occurrence on an open exception is not an opening.
const RETURNING_OPENED = `RETURNING exceptions.store_id AS "storeId", exceptions.code,
  (exceptions.xmax = 0 OR EXISTS (
     SELECT 1 FROM dismissed d
      WHERE d.store_id = exceptions.store_id AND d.subject_type = exceptions.subject_type
        AND d.subject_key = exceptions.subject_key AND d.code = exceptions.code)) AS opened`;

/** An exception a write opened (new, or reopened after a dismiss). */
export interface OpenedException {
  storeId: string;
  code: string;
}

function openedOf(rows: unknown): OpenedException[] {
  return returnedRows<OpenedException & { opened: boolean }>(rows)
    .filter((r) => r.opened)
    .map((r) => ({ storeId: r.storeId, code: r.code }));
}

/** Owner of the exceptions table. */
@Injectable()
export class ExceptionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Opens (or counts again) each problem; at most one per subject and code in `rows`. Returns the
   * exceptions it opened (new or reopened), for the alerts.
   */
  async open(rows: readonly ExceptionWrite[]): Promise<OpenedException[]> {
    if (rows.length === 0) {
      return [];
    }
    return openedOf(
      await this.dataSource.query(
        `WITH ${DISMISSED}
         INSERT INTO exceptions (store_id, kind, code, message, subject_type, subject_key,
                                 subject_id, miva_order_id, status, occurrences, first_seen_at,
                                 last_seen_at)
         SELECT x.store_id, x.kind, x.code, x.message, x.subject_type, x.subject_key, x.subject_id,
                x.miva_order_id, 'open', 1, clock_timestamp(), clock_timestamp()
           FROM ${INPUT}
         ${UPSERT}
         ${RETURNING_OPENED}`,
        [JSON.stringify(rows.map(toInput))],
      ),
    );
  }

  /**
   * One statement per downloaded page: opens the page's order problems (the order's id filled in
   * where it has one) and resolves every other open problem of the settled orders.
   */
  async recordOrders(
    storeId: string,
    problems: readonly ExceptionWrite[],
    settled: readonly SettledOrder[],
  ): Promise<OpenedException[]> {
    if (problems.length === 0 && settled.length === 0) {
      return [];
    }
    const rows: unknown = await this.dataSource.query(
      `WITH ${DISMISSED}, settled AS (
         SELECT s.id::text AS key, s.codes
           FROM jsonb_to_recordset($2::jsonb) AS s(id int, codes text[])
       ), resolved AS (
         UPDATE exceptions e SET status = 'resolved', resolved_at = clock_timestamp()
           FROM settled
          WHERE e.store_id = $3 AND e.subject_type = 'order' AND e.subject_key = settled.key
            AND e.status = 'open' AND NOT (e.code = ANY(settled.codes))
       )
       INSERT INTO exceptions (store_id, kind, code, message, subject_type, subject_key,
                               subject_id, miva_order_id, status, occurrences, first_seen_at,
                               last_seen_at)
       SELECT x.store_id, x.kind, x.code, x.message, x.subject_type, x.subject_key, o.id::text,
              x.miva_order_id, 'open', 1, clock_timestamp(), clock_timestamp()
         FROM ${INPUT}
         LEFT JOIN orders o ON o.store_id = x.store_id AND o.miva_order_id = x.miva_order_id
       ${UPSERT}
       ${RETURNING_OPENED}`,
      [
        JSON.stringify(problems.map(toInput)),
        JSON.stringify(settled.map((s) => ({ id: s.mivaOrderId, codes: s.codes }))),
        storeId,
      ],
    );
    return openedOf(rows);
  }

  /** Resolves the open exceptions of the subjects (and only `codes`, when given). */
  async resolve(
    storeId: string | null,
    subjectType: string,
    subjectKeys: readonly string[],
    codes: readonly string[] | null = null,
  ): Promise<number> {
    if (subjectKeys.length === 0) {
      return 0;
    }
    const rows = returnedRows<{ id: string }>(
      await this.dataSource.query(
        `UPDATE exceptions SET status = 'resolved', resolved_at = clock_timestamp()
          WHERE status = 'open' AND subject_type = $1 AND subject_key = ANY($2::text[])
            AND ($3::uuid IS NULL OR store_id = $3) AND ($4::text[] IS NULL OR code = ANY($4))
          RETURNING id`,
        [subjectType, subjectKeys, storeId, codes],
      ),
    );
    return rows.length;
  }

  async find(id: string): Promise<ExceptionRow | null> {
    const rows: ExceptionRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM exceptions WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async findMany(ids: readonly string[]): Promise<ExceptionRow[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM exceptions WHERE id = ANY($1::uuid[])`, [
      ids,
    ]);
  }

  /** Dismisses an open exception; the row as it is afterwards (null: no such row). */
  async dismiss(id: string): Promise<ExceptionRow | null> {
    await this.dataSource.query(
      `UPDATE exceptions SET status = 'dismissed' WHERE id = $1 AND status = 'open'`,
      [id],
    );
    return this.find(id);
  }

  /** Newest first (last seen), keyset-paged. */
  async list(q: ExceptionListQuery): Promise<ExceptionRow[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM exceptions
        WHERE status = $1
          AND ($2::uuid[] IS NULL OR store_id = ANY($2::uuid[]))
          AND ($3::text IS NULL OR kind = $3) AND ($4::text IS NULL OR code = $4)
          AND ($5::bigint IS NULL
               OR (last_seen_at, id) < ('epoch'::timestamptz + $5::bigint * interval '1 microsecond', $6::uuid))
        ORDER BY last_seen_at DESC, id DESC
        LIMIT $7`,
      [
        q.status,
        q.storeIds,
        q.kind,
        q.code,
        q.after?.seenMicros ?? null,
        q.after?.id ?? null,
        q.limit,
      ],
    );
  }
}

function toInput(w: ExceptionWrite): Record<string, unknown> {
  return {
    store_id: w.storeId,
    kind: w.kind,
    code: w.code,
    message: w.message,
    subject_type: w.subjectType,
    subject_key: w.subjectKey,
    subject_id: w.subjectId,
    miva_order_id: w.mivaOrderId,
  };
}
