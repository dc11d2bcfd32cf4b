import { Injectable } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context';
import { DomainError } from '../../common/errors/domain-error';
import type { MappedOrder } from '../../mappers/oms-order.types';
import {
  decodeCursor,
  encodeCursor,
  FeedCursorError,
  FeedFilters,
  START_POSITION,
} from './feed-cursor';
import {
  AcknowledgeOrdersDto,
  AcknowledgeResultDto,
  FEED_LIMIT_DEFAULT,
  INSTANT_SHAPE,
  ListOrdersQueryDto,
} from './orders-feed.dto';
import type { CurrentRevision, FeedOrderRow } from './order.rows';
import { OrdersReadRepository } from './orders-read.repository';
import { OrdersWriteRepository } from './orders-write.repository';

/**
 * The OMS side of orders: the cursor feed, single reads and acknowledgements by revision.
 * Responses are JSON text (see renderOrderJson); store scoping is enforced on every call, and an
 * order outside the key's stores is indistinguishable from one that does not exist.
 */
@Injectable()
export class OrdersFeedService {
  constructor(
    private readonly orders: OrdersReadRepository,
    private readonly writes: OrdersWriteRepository,
  ) {}

  /** One page of the feed as the JSON text of `{data, nextCursor, pollCursor}`. */
  async page(auth: AuthContext, query: ListOrdersQueryDto): Promise<string> {
    const filters = feedFilters(query);
    if (filters.storeId !== null) {
      auth.assertStore(filters.storeId);
    }
    let after = START_POSITION;
    if (query.cursor !== undefined) {
      try {
        after = decodeCursor(query.cursor, filters);
      } catch (error) {
        if (error instanceof FeedCursorError) {
          throw DomainError.validation([{ field: 'cursor', message: error.message }]);
        }
        throw error;
      }
    }
    const limit = query.limit ?? FEED_LIMIT_DEFAULT;
    const rows = await this.orders.feedPage({
      after,
      storeIds: filters.storeId !== null ? [filters.storeId] : auth.isAdmin ? null : auth.storeIds,
      status: filters.status,
      updatedSince: filters.updatedSince,
      acknowledged: filters.acknowledged,
      // One row more than asked tells whether this page reached the current end of the feed.
      limit: limit + 1,
    });
    const more = rows.length > limit;
    const served = more ? rows.slice(0, limit) : rows;
    const lastRow = served.at(-1);
    const last = lastRow === undefined ? null : encodeCursor(lastRow.changeSeq, filters);
    const pollCursor = last ?? query.cursor ?? encodeCursor(START_POSITION, filters);
    return (
      `{"data":[${served.map(renderOrderJson).join(',')}],` +
      `"nextCursor":${more ? JSON.stringify(last) : 'null'},` +
      `"pollCursor":${JSON.stringify(pollCursor)}}`
    );
  }

  async getById(auth: AuthContext, id: string): Promise<string> {
    const row = await this.orders.findById(id);
    if (row === null || !auth.canAccessStore(row.storeId)) {
      throw DomainError.notFound('Order');
    }
    return renderOrderJson(row);
  }

  async getByMivaId(auth: AuthContext, storeId: string, mivaOrderId: number): Promise<string> {
    // Key store lists come back from Postgres (uuid[]) in lower case.
    auth.assertStore(storeId.toLowerCase(), 'Order');
    const row = await this.orders.findByMivaId(storeId, mivaOrderId);
    if (row === null) {
      throw DomainError.notFound('Order');
    }
    return renderOrderJson(row);
  }

  /**
   * Marks each listed order acknowledged at the revision sent when that is its current revision.
   * An older revision is stale (the order changed since the OMS read it); anything the key cannot
   * see, or a revision that does not exist yet, is unknown. Idempotent.
   */
  async acknowledge(auth: AuthContext, dto: AcknowledgeOrdersDto): Promise<AcknowledgeResultDto> {
    const requested = new Map<string, Set<number>>();
    for (const { id, revision } of dto.orders) {
      // Postgres prints uuids in lower case; compare (and answer) in that form.
      const key = id.toLowerCase();
      const revisions = requested.get(key) ?? new Set<number>();
      revisions.add(revision);
      requested.set(key, revisions);
    }
    let chosen: string[] = [];
    const current = await this.writes.acknowledge(
      [...requested.keys()],
      auth.isAdmin ? null : auth.storeIds,
      (rows) => {
        chosen = rows.filter((r) => requested.get(r.id)?.has(r.revision)).map((r) => r.id);
        return chosen;
      },
    );
    return classifyAcknowledgements(requested, current, new Set(chosen));
  }
}

function feedFilters(query: ListOrdersQueryDto): FeedFilters {
  let updatedSince: string | null = null;
  if (query.updatedSince !== undefined) {
    updatedSince = parseInstant(query.updatedSince);
    if (updatedSince === null) {
      throw DomainError.validation([
        { field: 'updatedSince', message: 'updatedSince is not a valid date and time' },
      ]);
    }
  }
  return {
    storeId: query.storeId?.toLowerCase() ?? null,
    status: query.status ?? null,
    updatedSince,
    acknowledged: query.acknowledged ?? null,
  };
}

/** Each requested id lands in exactly one outcome: acknowledged, stale or unknown. */
export function classifyAcknowledgements(
  requested: ReadonlyMap<string, ReadonlySet<number>>,
  current: readonly CurrentRevision[],
  acknowledged: ReadonlySet<string>,
): AcknowledgeResultDto {
  const revisionOf = new Map(current.map((c) => [c.id, c.revision]));
  const stale: string[] = [];
  const unknown: string[] = [];
  for (const [id, revisions] of requested) {
    if (acknowledged.has(id)) {
      continue;
    }
    const revision = revisionOf.get(id);
    // A revision above the current one was never served: treat it like an id we do not know.
    if (revision !== undefined && [...revisions].some((r) => r < revision)) {
      stale.push(id);
    } else {
      unknown.push(id);
    }
  }
  return { acknowledged: acknowledged.size, stale, unknown };
}

/** MappedOrder's keys after source and sourceOrderId, in the contract's order. */
const MAPPED_BODY_KEYS = [
  'status',
  'sourceStatus',
  'placedAt',
  'sourceUpdatedAt',
  'currency',
  'customer',
  'billTo',
  'shipTo',
  'shippingMethod',
  'lines',
  'charges',
  'payments',
  'notes',
  'customFields',
  'sourceCustomFields',
  'customerComments',
  'totals',
  'exceptions',
] as const satisfies readonly (keyof MappedOrder)[];

// The stored mapped JSON starts with these two keys (MappedOrder's key order); the contract puts
// the bridge's own fields between them and `status`.
const MAPPED_HEAD = /^\{"source":"miva","sourceOrderId":(\d+),/;

/**
 * The contract's Order as JSON text, keys in the contract's order: the bridge's fields, then the
 * stored mapped order spliced in as text (no parse and re-stringify per order on the hot path).
 */
export function renderOrderJson(row: FeedOrderRow): string {
  const head =
    `{"id":${JSON.stringify(row.id)},"storeId":${JSON.stringify(row.storeId)},` +
    `"source":"miva","sourceOrderId":${row.mivaOrderId},"revision":${row.revision},` +
    `"acknowledged":${row.acknowledged},"changedAt":${JSON.stringify(row.changedAt)}`;
  const match = MAPPED_HEAD.exec(row.mappedJson);
  if (match !== null && Number(match[1]) === row.mivaOrderId) {
    return `${head},${row.mappedJson.slice(match[0].length)}`;
  }
  // Stored in another key order (not written by this version's mapper): rebuild it.
  const stored = JSON.parse(row.mappedJson) as Record<string, unknown>;
  const body: Record<string, unknown> = {};
  for (const key of [...MAPPED_BODY_KEYS, ...Object.keys(stored)]) {
    if (key in stored && !(key in body) && key !== 'source' && key !== 'sourceOrderId') {
      body[key] = stored[key];
    }
  }
  const text = JSON.stringify(body);
  return text === '{}' ? `${head}}` : `${head},${text.slice(1)}`;
}

/**
 * An ISO-8601 instant (validated by INSTANT_SHAPE) as a normalised UTC string, or null when it
 * names no real moment (2026-02-30, 24:00, ...). Date would silently roll those over.
 */
export function parseInstant(text: string): string | null {
  if (!INSTANT_SHAPE.test(text)) {
    return null;
  }
  // INSTANT_SHAPE guarantees the date parts; the defaults only satisfy the type checker.
  const [y = 0, mo = 0, d = 0] = text.slice(0, 10).split('-').map(Number);
  const time = /T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(text);
  const [h = 0, mi = 0, s = 0] =
    time === null ? [] : [time[1], time[2], time[3] ?? '0'].map(Number);
  const offset = /([+-])(\d{2}):?(\d{2})$/.exec(text.slice(10));
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (
    y < 1970 ||
    mo < 1 ||
    mo > 12 ||
    d < 1 ||
    d > daysInMonth ||
    h > 23 ||
    mi > 59 ||
    s > 59 ||
    (offset !== null && (Number(offset[2]) > 23 || Number(offset[3]) > 59))
  ) {
    return null;
  }
  const at = new Date(text.length === 10 ? `${text}T00:00:00Z` : text);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}
