import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service';

/** Alerts by event and outcome: sent, failed (not delivered after every try), held (throttled). */
@Injectable()
export class AlertMetrics {
  readonly alerts: Counter<'event' | 'outcome'>;

  constructor(metrics: MetricsService) {
    this.alerts = new Counter({
      name: 'alerts_total',
      help: 'Alerts by event and outcome: sent, failed (undelivered after every try), held (throttled occurrences)',
      labelNames: ['event', 'outcome'] as const,
      registers: [metrics.registry],
    });
  }
}
