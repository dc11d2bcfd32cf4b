import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { ApiKeyEntity } from './api-key.entity';

// Any constant shared by all instances: serialises first-start admin key creation.
const ADMIN_BOOTSTRAP_LOCK = 727_002;

@Injectable()
export class ApiKeysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(ApiKeyEntity);
  }

  findActiveByHash(keyHash: string): Promise<ApiKeyEntity | null> {
    return this.repo.findOneBy({ keyHash, revokedAt: IsNull() });
  }

  listActive(): Promise<ApiKeyEntity[]> {
    return this.repo.find({ where: { revokedAt: IsNull() }, order: { createdAt: 'ASC' } });
  }

  insert(key: Omit<ApiKeyEntity, 'id' | 'createdAt' | 'revokedAt'>): Promise<ApiKeyEntity> {
    return this.repo.save(this.repo.create({ ...key, revokedAt: null }));
  }

  /** Returns false when no active key has that id. */
  async revoke(id: string): Promise<boolean> {
    const result = await this.repo.update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
    return (result.affected ?? 0) > 0;
  }

  /** Runs `work` in a transaction holding the admin bootstrap lock. */
  withAdminLock<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [ADMIN_BOOTSTRAP_LOCK]);
      return work(manager);
    });
  }
}
