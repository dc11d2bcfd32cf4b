import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CustomFieldMapping, PaymentMapping } from '../../mappers/mapper-settings';
import { StoreEntity } from '../stores/store.entity';

@Injectable()
export class MappingsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get stores() {
    return this.dataSource.getRepository(StoreEntity);
  }

  findStore(id: string): Promise<StoreEntity | null> {
    return this.stores.findOneBy({ id });
  }

  async setCustomFieldMappings(
    id: string,
    customFieldMappings: CustomFieldMapping[],
  ): Promise<void> {
    await this.stores.update(id, { customFieldMappings });
  }

  async setPaymentMappings(id: string, paymentMappings: PaymentMapping[]): Promise<void> {
    await this.stores.update(id, { paymentMappings });
  }
}
