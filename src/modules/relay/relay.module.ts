import { Module } from '@nestjs/common';
import { MivaModule } from '../miva/miva.module';
import { StoresModule } from '../stores/stores.module';
import { MivaRelayClients } from './miva-relay-clients';
import { RelayMetrics } from './relay-metrics';
import { RelaySettings } from './relay-settings';

/**
 * What the outbound workers share: settings, metrics, per-store Miva clients, and the stores
 * module (its repository for the store's state, its StoreEvents to wake on a store active again).
 */
@Module({
  imports: [MivaModule, StoresModule],
  providers: [RelaySettings, RelayMetrics, MivaRelayClients],
  exports: [RelaySettings, RelayMetrics, MivaRelayClients, StoresModule],
})
export class RelayModule {}
