import { Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { AlertsModule } from '../alerts/alerts.module';
import { MivaModule } from '../miva/miva.module';
import { BridgeSettingsRepository } from './bridge-settings.repository';
import { CredentialVault } from './credential-vault';
import { SecretKeyCheck } from './secret-key-check';
import { StoreCredentialCheck } from './store-credential-check';
import { StoreEvents } from './store-events';
import { StoreMivaClients } from './store-miva-clients';
import { StoresController } from './stores.controller';
import { StoresRepository } from './stores.repository';
import { StoresService } from './stores.service';

/** Miva store connections: CRUD, credential checks, the encrypted credential vault. */
@Module({
  imports: [MivaModule, AlertsModule],
  controllers: [StoresController],
  providers: [
    {
      provide: CredentialVault,
      useFactory: (config: AppConfig) => new CredentialVault(config.secretKey),
      inject: [AppConfig],
    },
    StoresRepository,
    BridgeSettingsRepository,
    SecretKeyCheck,
    StoreMivaClients,
    StoreCredentialCheck,
    StoreEvents,
    StoresService,
  ],
  exports: [StoresRepository, StoresService, StoreMivaClients, StoreEvents, CredentialVault],
})
export class StoresModule {}
