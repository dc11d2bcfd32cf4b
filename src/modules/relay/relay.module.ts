import { Module } from '@nestjs/common';
import { MivaModule } from '../miva/miva.module';
import { MivaRelayClients } from './miva-relay-clients';
import { RelayMetrics } from './relay-metrics';
import { RelaySettings } from './relay-settings';
import { RelayStoresRepository } from './relay-stores.repository';

/** What the outbound workers share: settings, metrics and per-store Miva clients. */
@Module({
  imports: [MivaModule],
  providers: [RelaySettings, RelayMetrics, RelayStoresRepository, MivaRelayClients],
  exports: [RelaySettings, RelayMetrics, MivaRelayClients],
})
export class RelayModule {}
