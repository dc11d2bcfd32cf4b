import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { MetricsService } from '../../metrics/metrics.service';

/** Metrics of the order download engine, on the app registry. */
@Injectable()
export class DownloadMetrics {
  /** Finished runs by trigger and status. */
  readonly runs: Counter<'trigger' | 'status'>;
  /** Orders handled by runs, by outcome (seen, created, updated, acknowledged, unmappable). */
  readonly orders: Counter<'outcome'>;
  /** How long a run took. */
  readonly duration: Histogram<'strategy'>;

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.runs = new Counter({
      name: 'download_runs_total',
      help: 'Order download runs by trigger (schedule, manual, webhook) and status',
      labelNames: ['trigger', 'status'] as const,
      registers,
    });
    this.orders = new Counter({
      name: 'download_orders_total',
      help: 'Orders handled by downloads, by outcome (seen, created, updated, acknowledged, unmappable)',
      labelNames: ['outcome'] as const,
      registers,
    });
    this.duration = new Histogram({
      name: 'download_run_duration_seconds',
      help: 'Duration of order download runs, by strategy',
      labelNames: ['strategy'] as const,
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900],
      registers,
    });
  }
}
