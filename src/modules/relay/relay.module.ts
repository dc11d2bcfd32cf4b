import { DynamicModule, Global, Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { ExceptionsModule } from '../exceptions/exceptions.module';
import { MivaModule } from '../miva/miva.module';
import { StoresModule } from '../stores/stores.module';
import { MivaRelayClients } from './miva-relay-clients';
import { RelayMetrics } from './relay-metrics';
import { RelaySettings, RelayTuning } from './relay-settings';
import { RelayWorkerContext } from './relay-worker';

/**
 * The relay's tuning, given once when the app is created (AppModule.forRoot) and read-only
 * after: every relay module reads the same RelaySettings.
 */
@Global()
@Module({})
export class RelaySettingsModule {
  static forRoot(tuning: RelayTuning = {}): DynamicModule {
    return {
      module: RelaySettingsModule,
      providers: [{ provide: RelaySettings, useValue: new RelaySettings(tuning) }],
      exports: [RelaySettings],
    };
  }
}

/**
 * What the outbound workers share: settings, metrics, per-store Miva clients, and the stores
 * module (its repository for the store's state, its StoreEvents to wake on a store active again).
 */
@Module({
  imports: [MivaModule, StoresModule, ExceptionsModule, AlertsModule],
  providers: [RelayMetrics, MivaRelayClients, RelayWorkerContext],
  exports: [RelayMetrics, MivaRelayClients, RelayWorkerContext, StoresModule, ExceptionsModule],
})
export class RelayModule {}
