import { Injectable } from '@nestjs/common';
import type { CustomFieldMapping, PaymentMapping } from '../../mappers/mapper-settings';
import { AuthContext } from '../../common/auth/auth-context';
import { StoresRepository } from '../stores/stores.repository';
import { StoresService } from '../stores/stores.service';
import {
  cleanCustomFieldMappings,
  cleanPaymentMappings,
  customFieldMappingProblems,
  paymentMappingProblems,
  rejectProblems,
} from './mapping-validation';

/** Support staff's mapping configuration per store. */
@Injectable()
export class MappingsService {
  constructor(
    private readonly stores: StoresService,
    private readonly storesRepository: StoresRepository,
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
    rejectProblems(customFieldMappingProblems(mappings));
    const clean = cleanCustomFieldMappings(mappings);
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
    rejectProblems(paymentMappingProblems(mappings));
    const clean = cleanPaymentMappings(mappings);
    await this.storesRepository.setPaymentMappings(storeId, clean);
    return clean;
  }
}
