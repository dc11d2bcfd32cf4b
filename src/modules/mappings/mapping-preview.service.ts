import { Injectable } from '@nestjs/common';
import { AuthContext } from '../../common/auth/auth-context';
import { DomainError } from '../../common/errors/domain-error';
import { ErrorCode } from '../../common/errors/error-code';
import { redactCardNumbers } from '../../mappers/card-number';
import type { MapperSettings } from '../../mappers/mapper-settings';
import { MappingError } from '../../mappers/mapping.error';
import type { MappedOrder } from '../../mappers/oms-order.types';
import { mapOrder } from '../../mappers/order.mapper';
import { ingestSettingsOf } from '../orders/order-ingest.service';
import { renderOrderJson } from '../orders/orders-feed.service';
import { OrdersReadRepository } from '../orders/orders-read.repository';
import { StoresService } from '../stores/stores.service';
import type { MappingPreviewRequestDto } from './mapping.dto';
import {
  cleanCustomFieldMappings,
  cleanPaymentMappings,
  customFieldMappingProblems,
  paymentMappingProblems,
  rejectProblems,
} from './mapping-validation';
import { RawOrdersReadRepository } from './raw-orders-read.repository';

/**
 * One stored order mapped with mappings support staff are trying out, next to the order as it is
 * stored: the same pure mapping a download or remap runs, over the same stored raw order, and
 * nothing written.
 */
@Injectable()
export class MappingPreviewService {
  constructor(
    private readonly stores: StoresService,
    private readonly rawOrders: RawOrdersReadRepository,
    private readonly orders: OrdersReadRepository,
  ) {}

  /** `{"current": Order, "preview": Order}` as JSON text (stored orders are spliced in as text). */
  async preview(
    auth: AuthContext,
    storeId: string,
    dto: MappingPreviewRequestDto,
  ): Promise<string> {
    const store = await this.stores.load(auth, storeId);
    rejectProblems([
      ...customFieldMappingProblems(dto.customFields ?? [], (i) => `customFields.${i}`),
      ...paymentMappingProblems(dto.payments ?? [], (i) => `payments.${i}`),
    ]);
    const [raw, current] = await Promise.all([
      this.rawOrders.rawOrder(storeId, dto.mivaOrderId),
      // Offered to the OMS or not: support staff preview any stored order.
      this.orders.findStoredByMivaId(storeId, dto.mivaOrderId),
    ]);
    if (raw === null || current === null) {
      throw DomainError.notFound('Order');
    }
    const saved = ingestSettingsOf(store).mapper;
    const settings: MapperSettings = {
      ...saved,
      customFieldMappings: dto.customFields
        ? cleanCustomFieldMappings(dto.customFields)
        : saved.customFieldMappings,
      paymentMappings: dto.payments ? cleanPaymentMappings(dto.payments) : saved.paymentMappings,
    };
    const preview = renderOrderJson({ ...current, mappedJson: JSON.stringify(map(raw, settings)) });
    return `{"current":${renderOrderJson(current)},"preview":${preview}}`;
  }
}

function map(raw: Parameters<typeof mapOrder>[0], settings: MapperSettings): MappedOrder {
  try {
    return mapOrder(raw, settings);
  } catch (error) {
    if (error instanceof MappingError) {
      // A message may quote a value of the order: never a card number.
      throw new DomainError(ErrorCode.MappingFailed, redactCardNumbers(error.message));
    }
    throw error;
  }
}
