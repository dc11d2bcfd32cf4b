import request from 'supertest';
import { DEFAULT_MAPPER_SETTINGS } from '../../src/mappers/mapper-settings';
import type { MivaOrder } from '../../src/miva-model/miva.models';
import { IngestResult, OrderIngestService } from '../../src/modules/orders/order-ingest.service';
import { DEFAULT_IMPORT_STATUSES } from '../../src/modules/stores/store.dto';
import { ADMIN_KEY, bearer, TestApp } from '../support/test-app';

/** Every status name a store can import (a store's default `download.importStatuses`). */
export const IMPORT_ALL: readonly string[] = DEFAULT_IMPORT_STATUSES;

/** Commits Miva orders through the real write path (as a download would). */
export function ingest(
  t: TestApp,
  storeId: string,
  orders: readonly MivaOrder[],
  importStatuses: readonly string[] = IMPORT_ALL,
): Promise<IngestResult> {
  return t.bridge.app
    .get(OrderIngestService)
    .ingest({ storeId, mapper: DEFAULT_MAPPER_SETTINGS, importStatuses }, orders);
}

/** The same Miva order with a changed ship-to first name: a new revision of its content. */
export function edited(order: MivaOrder, mark: string): MivaOrder {
  return { ...order, ship_fname: `${order.ship_fname} ${mark}` };
}

export async function createKey(
  t: TestApp,
  scopes: string[],
  storeIds?: string[],
): Promise<string> {
  const res = await request(t.server)
    .post('/api/v1/api-keys')
    .set(bearer(ADMIN_KEY))
    .send({ name: 'oms', scopes, ...(storeIds ? { storeIds } : {}) })
    .expect(201);
  return res.body.key as string;
}

export interface FeedOrder {
  id: string;
  storeId: string;
  sourceOrderId: number;
  revision: number;
  acknowledged: boolean;
  changedAt: string;
  status: string;
  [key: string]: unknown;
}

export interface FeedPage {
  data: FeedOrder[];
  nextCursor: string | null;
  pollCursor: string;
}

export async function getPage(
  t: TestApp,
  key: string,
  query: Record<string, string | number | boolean>,
): Promise<FeedPage> {
  const res = await request(t.server).get('/api/v1/orders').set(bearer(key)).query(query);
  if (res.status !== 200) {
    throw new Error(`GET /api/v1/orders answered ${res.status}: ${res.text}`);
  }
  return res.body as FeedPage;
}

/** Follows nextCursor to the current end of the feed; returns the orders and the poll cursor. */
export async function pageAll(
  t: TestApp,
  key: string,
  query: Record<string, string | number | boolean>,
  cursor?: string,
): Promise<{ orders: FeedOrder[]; pollCursor: string; pages: number }> {
  const orders: FeedOrder[] = [];
  let pages = 0;
  for (;;) {
    const page = await getPage(t, key, cursor === undefined ? query : { ...query, cursor });
    pages += 1;
    orders.push(...page.data);
    if (page.nextCursor === null) {
      return { orders, pollCursor: page.pollCursor, pages };
    }
    cursor = page.nextCursor;
  }
}
