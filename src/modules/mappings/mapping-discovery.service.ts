import { Injectable } from '@nestjs/common';
import { AuthContext } from '../../common/auth/auth-context';
import { defaultPaymentMapperRegistry, findMapping } from '../../payments';
import { StoresService } from '../stores/stores.service';
import { discoveredCustomFields, discoveredPayments, PaymentRecognizer } from './discovery-rules';
import type { DiscoveredCustomFieldDto, DiscoveredPaymentModuleDto } from './mapping-discovery.dto';
import { RawOrdersReadRepository } from './raw-orders-read.repository';

// The built-in recognition the mapper uses (src/payments), and the store's override on top.
const RECOGNIZER: PaymentRecognizer = {
  detect: (identity) => defaultPaymentMapperRegistry.detect(identity),
  mappedTo: findMapping,
};

/** What the store's stored orders carry that a mapping could use: custom fields, payment modules. */
@Injectable()
export class MappingDiscoveryService {
  constructor(
    private readonly stores: StoresService,
    private readonly rawOrders: RawOrdersReadRepository,
  ) {}

  async customFields(auth: AuthContext, storeId: string): Promise<DiscoveredCustomFieldDto[]> {
    await this.stores.load(auth, storeId);
    return discoveredCustomFields(await this.rawOrders.customFieldCounts(storeId));
  }

  async payments(auth: AuthContext, storeId: string): Promise<DiscoveredPaymentModuleDto[]> {
    const store = await this.stores.load(auth, storeId);
    const counts = await this.rawOrders.paymentModuleCounts(storeId);
    return discoveredPayments(counts, store.paymentMappings, RECOGNIZER);
  }
}
