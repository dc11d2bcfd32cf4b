import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { StoreHealthService, NamedVerdict } from '../store-health/store-health.service';
import { AlertDelivery } from './alert-delivery';
import { AlertMetrics } from './alert-metrics';
import { AlertDue, alertMessage, decideAlerts, needsObservation, Observation } from './alert-rules';
import { StoreAlertsRepository } from './store-alerts.repository';

// Every store is looked at this often: a store can turn failing by time alone (no successful
// download for too long), and alerts held by the 15-minute window go out once it has passed.
const SWEEP_MS = 60_000;

/**
 * Alerts to ALERT_WEBHOOK_URL (docs/OPERATIONS.md §10, "Alerts to a webhook"). Producers tell it what happened
 * (`storeChanged`, `exceptionsOpened`) and go on: the decision runs in the background under the
 * store's row lock (store_alerts), the delivery after it commits. Does nothing without the URL.
 */
@Injectable()
export class AlertsService
  implements OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown
{
  private readonly logger = new Logger(AlertsService.name);
  private readonly running = new Set<Promise<void>>();
  private readonly queued = new Map<string, { health: boolean; codes: string[] }>();
  private readonly draining = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private sweeping = false;
  private stopped = false;

  constructor(
    private readonly config: AppConfig,
    private readonly health: StoreHealthService,
    private readonly repository: StoreAlertsRepository,
    private readonly delivery: AlertDelivery,
    private readonly metrics: AlertMetrics,
  ) {}

  private get enabled(): boolean {
    return this.config.alertWebhookUrl !== undefined && !this.stopped;
  }

  onApplicationBootstrap(): void {
    if (this.config.alertWebhookUrl !== undefined) {
      this.timer = setInterval(() => this.background(() => this.sweep()), SWEEP_MS);
      this.timer.unref();
    }
  }

  onModuleDestroy(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  /** Decisions in flight are short database work: let them commit before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.decided();
  }

  /**
   * Resolves once everything told so far has been decided and its alerts delivered or given up
   * (tests; the service itself never waits for alerts).
   */
  async whenIdle(): Promise<void> {
    await this.decided();
    await this.delivery.whenIdle();
  }

  private async decided(): Promise<void> {
    while (this.running.size > 0) {
      await Promise.allSettled([...this.running]);
    }
  }

  /**
   * Something that can change the store's health happened (a run ended, the store turned
   * unauthorized or active, it was patched). Returns at once; never throws.
   */
  storeChanged(storeId: string): void {
    if (this.enabled) {
      this.enqueue(storeId, true, []);
    }
  }

  /** Exceptions were newly opened for the store (one code per exception). Returns at once. */
  exceptionsOpened(storeId: string, codes: readonly string[]): void {
    if (this.enabled && codes.length > 0) {
      this.enqueue(storeId, false, codes);
    }
  }

  /**
   * Looks at every store: one cheap read says which are failing, then only the stores whose
   * state changed or whose held alerts are due are observed under their lock.
   */
  async sweep(): Promise<void> {
    if (this.sweeping || !this.enabled) {
      return;
    }
    this.sweeping = true;
    try {
      const [failing, states] = await Promise.all([
        this.health.failingStores(),
        this.repository.all(),
      ]);
      const now = new Date();
      for (const [storeId, isFailing] of failing) {
        if (!this.enabled) {
          return;
        }
        if (needsObservation(states.get(storeId), isFailing, now)) {
          await this.observe(storeId, null);
        }
      }
    } finally {
      this.sweeping = false;
    }
  }

  /**
   * Decides under the store's lock, then delivers what is due. `observation` null: the store's
   * health, read under the lock (so decisions are made in the order the health was read).
   */
  private async observe(storeId: string, observation: Observation | null): Promise<void> {
    const outcome = await this.repository.decide(storeId, async (state, store, manager) => {
      let verdict: NamedVerdict | null = null;
      let seen = observation;
      if (seen === null) {
        verdict = await this.health.verdict(storeId, manager);
        if (verdict === null) {
          return { state, result: null };
        }
        seen = { kind: 'health', failing: verdict.verdict.state === 'failing' };
      }
      const decision = decideAlerts(state, seen, new Date());
      if (verdict === null && decision.due.some((d) => d.event !== 'exceptions.opened')) {
        // A held state alert going out with this observation: say how the store is now.
        verdict = await this.health.verdict(storeId, manager);
      }
      return {
        state: decision.state,
        result: { decision, storeName: store.name, verdict },
      };
    });
    if (outcome === null || outcome === undefined) {
      return;
    }
    const { decision, storeName, verdict } = outcome;
    for (const { event, count } of decision.held) {
      this.metrics.alerts.inc({ event, outcome: 'held' }, count);
    }
    for (const due of decision.due) {
      this.send(due, storeId, storeName, verdict);
    }
  }

  private send(
    due: AlertDue,
    storeId: string,
    storeName: string,
    verdict: NamedVerdict | null,
  ): void {
    this.delivery.send(
      alertMessage(due, { id: storeId, name: storeName }, verdict?.verdict ?? null),
    );
  }

  /**
   * One decision at a time per store in this process; what arrives meanwhile is merged into the
   * next one (a burst of 50 exceptions is one or two decisions, not 50 transactions).
   */
  private enqueue(storeId: string, health: boolean, codes: readonly string[]): void {
    const queued = this.queued.get(storeId) ?? { health: false, codes: [] };
    queued.health ||= health;
    queued.codes.push(...codes);
    this.queued.set(storeId, queued);
    if (!this.draining.has(storeId)) {
      this.draining.add(storeId);
      this.background(() => this.drain(storeId));
    }
  }

  private async drain(storeId: string): Promise<void> {
    try {
      for (let next = this.queued.get(storeId); next; next = this.queued.get(storeId)) {
        this.queued.delete(storeId);
        const { health, codes } = next;
        if (codes.length > 0) {
          await this.guarded(() => this.observe(storeId, { kind: 'exceptions', codes }));
        }
        if (health) {
          await this.guarded(() => this.observe(storeId, null));
        }
      }
    } finally {
      this.draining.delete(storeId);
    }
  }

  private async guarded(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (!this.stopped) {
        this.logger.warn(`alerts: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  private background(work: () => Promise<void>): void {
    const run = this.guarded(work).finally(() => this.running.delete(run));
    this.running.add(run);
  }
}
