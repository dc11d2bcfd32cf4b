import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { AlertMetrics } from './alert-metrics';
import { AlertMessage, DELIVERY_ATTEMPTS, deliveryDelayMs } from './alert-rules';

// Per HTTP attempt: a webhook endpoint that hangs must not hold an alert for long.
const ATTEMPT_TIMEOUT_MS = 10_000;

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

/**
 * POSTs alerts to ALERT_WEBHOOK_URL in the background: `send` returns at once, delivery is tried
 * DELIVERY_ATTEMPTS times with a growing wait, and an alert that never got through is counted
 * (`alerts_total{outcome="failed"}`) and logged. The URL itself (it often carries a token, as
 * Slack's do) is never logged.
 */
@Injectable()
export class AlertDelivery implements OnModuleDestroy {
  private readonly logger = new Logger(AlertDelivery.name);
  private readonly stopping = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly config: AppConfig,
    private readonly metrics: AlertMetrics,
  ) {}

  send(message: AlertMessage): void {
    const url = this.config.alertWebhookUrl;
    if (url === undefined) {
      return;
    }
    const delivery = this.deliver(url, message)
      .catch((error: unknown) => {
        this.logger.error(`alert delivery crashed: ${this.describe(error, url)}`);
      })
      .finally(() => this.inFlight.delete(delivery));
    this.inFlight.add(delivery);
  }

  /** Resolves once every delivery begun so far has ended (delivered or given up). */
  async whenIdle(): Promise<void> {
    while (this.inFlight.size > 0) {
      await Promise.allSettled([...this.inFlight]);
    }
  }

  /** At shutdown, deliveries in flight and their waits are cut (the process is going away). */
  onModuleDestroy(): void {
    this.stopping.abort();
  }

  private async deliver(url: string, message: AlertMessage): Promise<void> {
    const body = JSON.stringify(message);
    let problem = 'not tried';
    for (let attempt = 1; !this.stopping.signal.aborted; attempt++) {
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.any([this.stopping.signal, AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)]),
        });
        await response.body?.cancel();
        if (response.ok) {
          this.metrics.alerts.inc({ event: message.event, outcome: 'sent' });
          return;
        }
        problem = `HTTP ${response.status}`;
      } catch (error) {
        problem = this.describe(error, url);
      }
      const delay = deliveryDelayMs(attempt);
      if (delay === null) {
        break;
      }
      await sleep(delay, this.stopping.signal);
    }
    this.metrics.alerts.inc({ event: message.event, outcome: 'failed' });
    this.logger.warn(
      this.stopping.signal.aborted
        ? `alert ${message.event} for store ${message.storeId} dropped at shutdown (${problem})`
        : `alert ${message.event} for store ${message.storeId} not delivered after ` +
            `${DELIVERY_ATTEMPTS} tries: ${problem}`,
    );
  }

  /** Why an attempt failed, without the URL (fetch errors name the cause: ECONNREFUSED...). */
  private describe(error: unknown, url: string): string {
    const cause =
      error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
    const text =
      cause?.code ?? (error instanceof Error ? error.message : String(error)) ?? 'unknown error';
    return text.split(url).join('[ALERT_WEBHOOK_URL]');
  }
}
