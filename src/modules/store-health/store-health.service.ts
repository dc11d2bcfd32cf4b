import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthContext } from '../../common/auth/auth-context';
import { DomainError } from '../../common/errors/domain-error';
import type { RelayCountsDto, StoreHealthDto } from './store-health.dto';
import { failingReasons, HealthVerdict, RelayFigures, storeHealth } from './store-health-rules';
import {
  StoreHealthRepository,
  StoreRunFigures,
  StoreWorkFigures,
} from './store-health.repository';

/** A store's verdict with its name (what an alert needs). */
export interface NamedVerdict {
  storeId: string;
  storeName: string;
  verdict: HealthVerdict;
}

/**
 * A store's health (docs/OPERATIONS.md, "Store health"): figures read in two statements, judged
 * by the pure rules of store-health-rules.ts.
 */
@Injectable()
export class StoreHealthService {
  constructor(private readonly repository: StoreHealthRepository) {}

  /** `GET /api/v1/stores/:id/health` (404 outside the key's stores). */
  async get(auth: AuthContext, storeId: string): Promise<StoreHealthDto> {
    auth.assertStore(storeId);
    const reads = this.repository.reads();
    const [[runs], [work]] = await Promise.all([
      reads.runFigures([storeId]),
      reads.workFigures([storeId]),
    ]);
    if (runs === undefined || work === undefined) {
      throw DomainError.notFound('Store');
    }
    return toDto(runs, work, new Date());
  }

  /** One store's verdict, read on `manager` (null: no such store). */
  async verdict(storeId: string, manager?: EntityManager): Promise<NamedVerdict | null> {
    const reads = this.repository.reads(manager);
    const [runs] = await reads.runFigures([storeId]);
    if (runs === undefined) {
      return null;
    }
    const [work] = await reads.workFigures([storeId]);
    if (work === undefined) {
      return null;
    }
    return {
      storeId,
      storeName: runs.name,
      verdict: storeHealth({ ...runs, ...work }, new Date()),
    };
  }

  /** Whether each store is failing (the cheap half of the figures: stores and their runs). */
  async failingStores(): Promise<Map<string, boolean>> {
    const now = new Date();
    const rows = await this.repository.reads().runFigures(null);
    return new Map(rows.map((r) => [r.storeId, failingReasons(r, now).length > 0]));
  }
}

function toDto(runs: StoreRunFigures, work: StoreWorkFigures, now: Date): StoreHealthDto {
  const { state, reasons } = storeHealth({ ...runs, ...work }, now);
  return {
    state,
    reasons,
    status: runs.status,
    lastSuccessfulSyncAt: iso(runs.lastSuccessfulSyncAt),
    lastRun:
      runs.lastRun === null
        ? null
        : {
            id: runs.lastRun.id,
            trigger: runs.lastRun.trigger,
            status: runs.lastRun.status,
            finishedAt: iso(runs.lastRun.finishedAt),
            error: runs.lastRun.error,
          },
    consecutiveFailedRuns: runs.consecutiveFailedRuns,
    orders: {
      stored: work.orders.stored,
      unacknowledged: work.orders.unacknowledged,
      oldestUnacknowledgedAt: iso(work.orders.oldestUnacknowledgedAt),
    },
    relay: {
      shipments: relayDto(work.relay.shipments),
      cancellations: relayDto(work.relay.cancellations),
      backorders: relayDto(work.relay.backorders),
      inventory: relayDto(work.relay.inventory),
    },
    openExceptions: work.openExceptions,
  };
}

function relayDto(r: RelayFigures): RelayCountsDto {
  return { pending: r.pending, failed: r.failed, oldestPendingAt: iso(r.oldestPendingAt) };
}

function iso(date: Date | null): string | null {
  return date === null ? null : date.toISOString();
}
