import { Injectable } from '@nestjs/common';
import type { CustomFieldMapping, PaymentMapping } from '../../mappers/mapper-settings';
import { AuthContext } from '../../common/auth/auth-context';
import { DomainError, ErrorDetail } from '../../common/errors/domain-error';
import { ingestSettingsOf, OrderIngestService } from '../orders/order-ingest.service';
import { StoresRepository } from '../stores/stores.repository';
import { StoresService } from '../stores/stores.service';
import { RemapResultDto } from './mapping.dto';

const REMAP_PAGE = 250;

/** Support staff's mapping configuration per store, and remapping the stored raw orders. */
@Injectable()
export class MappingsService {
  constructor(
    private readonly stores: StoresService,
    private readonly storesRepository: StoresRepository,
    private readonly ingest: OrderIngestService,
  ) {}

  async customFieldMappings(auth: AuthContext, storeId: string): Promise<CustomFieldMapping[]> {
    return (await this.stores.load(auth, storeId)).customFieldMappings;
  }

  async setCustomFieldMappings(
    auth: AuthContext,
    storeId: string,
    mappings: CustomFieldMapping[],
  ): Promise<CustomFieldMapping[]> {
    await this.stores.load(auth, storeId);
    rejectDuplicates(mappings, 'mivaField', (m) => m.mivaField);
    rejectDuplicates(mappings, 'omsField', (m) => m.omsField);
    const clean = mappings.map(({ mivaField, omsField }) => ({ mivaField, omsField }));
    await this.storesRepository.setCustomFieldMappings(storeId, clean);
    return clean;
  }

  async paymentMappings(auth: AuthContext, storeId: string): Promise<PaymentMapping[]> {
    return (await this.stores.load(auth, storeId)).paymentMappings;
  }

  async setPaymentMappings(
    auth: AuthContext,
    storeId: string,
    mappings: PaymentMapping[],
  ): Promise<PaymentMapping[]> {
    await this.stores.load(auth, storeId);
    rejectDuplicates(mappings, 'mivaModule', (m) => m.mivaModule.toLowerCase());
    const clean = mappings.map(({ mivaModule, gateway }) => ({ mivaModule, gateway }));
    await this.storesRepository.setPaymentMappings(storeId, clean);
    return clean;
  }

  /**
   * Maps every stored raw order of the store again with its current settings, page by page, each
   * page in its own transaction; orders whose mapped form changed get a new revision.
   */
  async remap(auth: AuthContext, storeId: string): Promise<RemapResultDto> {
    const settings = ingestSettingsOf(await this.stores.load(auth, storeId));
    const total: RemapResultDto = {
      ordersSeen: 0,
      ordersUpdated: 0,
      ordersCreated: 0,
      ordersFailed: 0,
    };
    let after: number | null = 0;
    while (after !== null) {
      const page = await this.ingest.remapPage(settings, after, REMAP_PAGE);
      total.ordersSeen += page.seen;
      total.ordersUpdated += page.updated;
      total.ordersCreated += page.created;
      total.ordersFailed += page.failed;
      after = page.next;
    }
    return total;
  }
}

function rejectDuplicates<T>(items: T[], field: string, keyOf: (item: T) => string): void {
  const seen = new Set<string>();
  const details: ErrorDetail[] = [];
  items.forEach((item, index) => {
    const key = keyOf(item);
    if (seen.has(key)) {
      details.push({ field: `[${index}].${field}`, message: `${field} "${key}" is mapped twice` });
    }
    seen.add(key);
  });
  if (details.length > 0) {
    throw DomainError.validation(details);
  }
}
