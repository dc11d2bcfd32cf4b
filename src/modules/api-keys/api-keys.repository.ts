import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull } from 'typeorm';
import { SCOPES } from '../../common/auth/scopes';
import { AdvisoryLock } from '../../database/advisory-locks';
import { ApiKeyEntity } from './api-key.entity';
import type { AdminKeyPlan, AdminKeyRow } from './admin-key-plan';

/** Every query on `api_keys`. */
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

  /**
   * Under the admin bootstrap lock (one instance at a time), reads the admin keys, asks `plan`
   * what to change and applies it; `key` is the row inserted when the plan inserts one.
   */
  applyAdminKeyPlan(
    plan: (admins: AdminKeyRow[]) => AdminKeyPlan,
    key: { name: string; keyHash: string },
  ): Promise<AdminKeyPlan['insert']> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [AdvisoryLock.AdminBootstrap]);
      const admins = await manager.find(ApiKeyEntity, { where: { isAdmin: true } });
      const decided = plan(
        admins.map((a) => ({ id: a.id, keyHash: a.keyHash, revoked: a.revokedAt !== null })),
      );
      if (decided.revoke.length > 0) {
        await manager.update(ApiKeyEntity, { id: In(decided.revoke) }, { revokedAt: new Date() });
      }
      if (decided.restore !== null) {
        await manager.update(ApiKeyEntity, decided.restore, { revokedAt: null });
      }
      if (decided.insert !== null) {
        await manager.insert(ApiKeyEntity, {
          ...key,
          isAdmin: true,
          scopes: [...SCOPES],
          storeIds: null,
          revokedAt: null,
        });
      }
      return decided.insert;
    });
  }
}
