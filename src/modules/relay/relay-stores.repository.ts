import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { StoreEntity } from '../stores/store.entity';

/** Reads the store connections the relay sends to. */
@Injectable()
export class RelayStoresRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findById(id: string): Promise<StoreEntity | null> {
    return this.dataSource.getRepository(StoreEntity).findOneBy({ id });
  }
}
