import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service';

export type RelayQueue = 'shipments' | 'inventory' | 'order_changes';

/** Counts of a queue's jobs by status, read from the database at scrape time. */
export type DepthSource = () => Promise<Record<string, number>>;

/** Metrics of the outbound relay (queue depth, sends, failures, latency), on the app registry. */
@Injectable()
export class RelayMetrics {
  private readonly depthSources = new Map<RelayQueue, DepthSource>();

  /** Jobs that reached a final state or were rescheduled, by outcome. */
  readonly jobs: Counter<'queue' | 'outcome'>;
  /** HTTP requests to Miva made by the relay, by function and result. */
  readonly mivaRequests: Counter<'queue' | 'function' | 'result'>;
  /** From the API accepting a job to Miva confirming it. */
  readonly latency: Histogram<'queue'>;
  /** Deltas per Miva call (how well coalescing works). */
  readonly batchEvents: Histogram;

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.jobs = new Counter({
      name: 'relay_jobs_total',
      help: 'Relay jobs by queue and outcome (sent, failed, retry, uncertain)',
      labelNames: ['queue', 'outcome'] as const,
      registers,
    });
    this.mivaRequests = new Counter({
      name: 'relay_miva_requests_total',
      help: 'HTTP requests the relay made to Miva, by queue, function and result',
      labelNames: ['queue', 'function', 'result'] as const,
      registers,
    });
    this.latency = new Histogram({
      name: 'relay_latency_seconds',
      help: 'Time from the API accepting a shipment or delta to Miva confirming it',
      labelNames: ['queue'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers,
    });
    this.batchEvents = new Histogram({
      name: 'relay_inventory_batch_events',
      help: 'Inventory events carried by one ProductList_Adjust_Inventory call',
      buckets: [1, 2, 5, 10, 50, 100, 500, 1000, 5000],
      registers,
    });
    const sources = this.depthSources;
    new Gauge({
      name: 'relay_queue_depth',
      help: 'Relay jobs by queue and status (pending = waiting to reach Miva)',
      labelNames: ['queue', 'status'] as const,
      registers,
      async collect() {
        this.reset();
        for (const [queue, source] of sources) {
          try {
            for (const [status, count] of Object.entries(await source())) {
              this.set({ queue, status }, count);
            }
          } catch {
            // A scrape during shutdown or a database outage shows no depth rather than failing.
          }
        }
      },
    });
  }

  registerDepth(queue: RelayQueue, source: DepthSource): void {
    this.depthSources.set(queue, source);
  }

  /** Observes one delivery latency in seconds from the acceptance time. */
  observeLatency(queue: RelayQueue, acceptedAt: Date, now = Date.now()): void {
    this.latency.observe({ queue }, Math.max(0, now - acceptedAt.getTime()) / 1000);
  }
}
