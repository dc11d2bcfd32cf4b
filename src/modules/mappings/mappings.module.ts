import { DynamicModule, Module } from '@nestjs/common';
import { OrdersModule } from '../orders/orders.module';
import { StoresModule } from '../stores/stores.module';
import { MappingDiscoveryController } from './mapping-discovery.controller';
import { MappingDiscoveryService } from './mapping-discovery.service';
import { MappingPreviewService } from './mapping-preview.service';
import { MappingsController } from './mappings.controller';
import { MappingsService } from './mappings.service';
import { RawOrdersReadRepository } from './raw-orders-read.repository';
import { RemapRunsService } from './remap-runs.service';

/**
 * Mapping configuration, discovery, preview and remap. Given the app's download module
 * (OrdersDownloadModule.forRoot): a remap is one of the store's sync runs, recorded with the
 * download engine's runs repository and tuning.
 */
@Module({})
export class MappingsModule {
  static forRoot(downloads: DynamicModule): DynamicModule {
    return {
      module: MappingsModule,
      imports: [OrdersModule, StoresModule, downloads],
      controllers: [MappingsController, MappingDiscoveryController],
      providers: [
        MappingsService,
        RemapRunsService,
        MappingDiscoveryService,
        MappingPreviewService,
        RawOrdersReadRepository,
      ],
    };
  }
}
