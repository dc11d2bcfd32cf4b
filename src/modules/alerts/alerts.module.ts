import { Module } from '@nestjs/common';
import { StoreHealthModule } from '../store-health/store-health.module';
import { AlertDelivery } from './alert-delivery';
import { AlertMetrics } from './alert-metrics';
import { AlertsService } from './alerts.service';
import { StoreAlertsRepository } from './store-alerts.repository';

/**
 * Alerts to ALERT_WEBHOOK_URL. Depends only on store health and the database, so the modules
 * whose work changes a store's health (downloads, relay, stores, exceptions) can tell it.
 */
@Module({
  imports: [StoreHealthModule],
  providers: [StoreAlertsRepository, AlertMetrics, AlertDelivery, AlertsService],
  exports: [AlertsService],
})
export class AlertsModule {}
