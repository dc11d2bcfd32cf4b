import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuthContext } from '../../common/auth/auth-context';
import { Scope, SCOPES } from '../../common/auth/scopes';
import { DomainError } from '../../common/errors/domain-error';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './api-key.dto';
import { ApiKeysRepository } from './api-keys.repository';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function generateApiKey(): string {
  return `mob_${randomBytes(32).toString('base64url')}`;
}

@Injectable()
export class ApiKeysService {
  constructor(private readonly repository: ApiKeysRepository) {}

  async authenticate(key: string): Promise<AuthContext | undefined> {
    const row = await this.repository.findActiveByHash(hashApiKey(key));
    if (!row) {
      return undefined;
    }
    const scopes = new Set(row.scopes.filter((s): s is Scope => isScope(s)));
    return new AuthContext(row.id, row.isAdmin, scopes, row.storeIds);
  }

  async create(dto: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    const key = generateApiKey();
    const row = await this.repository.insert({
      name: dto.name,
      keyHash: hashApiKey(key),
      isAdmin: false,
      scopes: dto.scopes,
      storeIds: dto.storeIds ?? null,
    });
    return { ...toDto(row), key };
  }

  async list(): Promise<ApiKeyDto[]> {
    return (await this.repository.listActive()).filter((row) => !row.isAdmin).map(toDto);
  }

  async revoke(id: string): Promise<void> {
    if (!(await this.repository.revoke(id))) {
      throw DomainError.notFound('API key');
    }
  }

  /**
   * Makes sure exactly the right admin key works. With ADMIN_API_KEY set, that key is the admin
   * key (earlier admin keys are revoked). Without it, a key is generated on first start and
   * returned so the caller can print it once; later starts return undefined.
   */
  ensureAdminKey(configured: string | undefined): Promise<string | undefined> {
    return this.repository.withAdminLock(async (manager) => {
      const admins = await manager.find(ApiKeyEntity, { where: { isAdmin: true } });
      const active = admins.filter((a) => a.revokedAt === null);
      if (configured !== undefined) {
        const hash = hashApiKey(configured);
        for (const admin of active.filter((a) => a.keyHash !== hash)) {
          await manager.update(ApiKeyEntity, admin.id, { revokedAt: new Date() });
        }
        const existing = admins.find((a) => a.keyHash === hash);
        if (existing === undefined) {
          await manager.insert(ApiKeyEntity, adminRow('admin (ADMIN_API_KEY)', hash));
        } else if (existing.revokedAt !== null) {
          await manager.update(ApiKeyEntity, existing.id, { revokedAt: null });
        }
        return undefined;
      }
      if (active.length > 0) {
        return undefined;
      }
      const key = generateApiKey();
      await manager.insert(ApiKeyEntity, adminRow('admin (generated)', hashApiKey(key)));
      return key;
    });
  }
}

function adminRow(name: string, keyHash: string): Partial<ApiKeyEntity> {
  return { name, keyHash, isAdmin: true, scopes: [...SCOPES], storeIds: null, revokedAt: null };
}

function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

function toDto(row: ApiKeyEntity): ApiKeyDto {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes.filter(isScope),
    storeIds: row.storeIds,
    createdAt: row.createdAt.toISOString(),
  };
}
