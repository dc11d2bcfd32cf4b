import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuthContext } from '../../common/auth/auth-context';
import { Scope, SCOPES } from '../../common/auth/scopes';
import { DomainError } from '../../common/errors/domain-error';
import { ApiKeyEntity } from './api-key.entity';
import { adminKeyPlan } from './admin-key-plan';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './api-key.dto';
import { ApiKeysRepository } from './api-keys.repository';
import { KeyRevocations } from './key-revocations';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function generateApiKey(): string {
  return `mob_${randomBytes(32).toString('base64url')}`;
}

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly repository: ApiKeysRepository,
    private readonly revocations: KeyRevocations,
  ) {}

  /**
   * A key found recently is answered from the cache while revocations reach this instance
   * (key-revocations.ts); an unknown key is never cached, so a new key works at once.
   */
  async authenticate(key: string): Promise<AuthContext | undefined> {
    const hash = hashApiKey(key);
    const { cache } = this.revocations;
    if (this.revocations.trusted) {
      const cached = cache.get(hash, Date.now());
      if (cached !== undefined) {
        return cached;
      }
    }
    const generation = cache.generation;
    const row = await this.repository.findActiveByHash(hash);
    if (!row) {
      return undefined;
    }
    const scopes = new Set(row.scopes.filter((s): s is Scope => isScope(s)));
    const auth = new AuthContext(row.id, row.isAdmin, scopes, row.storeIds);
    if (this.revocations.trusted) {
      cache.set(hash, auth, Date.now(), generation);
    }
    return auth;
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
    await this.revocations.announce();
  }

  /**
   * Makes sure exactly the right admin key works. With ADMIN_API_KEY set, that key is the admin
   * key (earlier admin keys are revoked). Without it, a key is generated on first start and
   * returned so the caller can print it once; later starts return undefined.
   */
  async ensureAdminKey(configured: string | undefined): Promise<string | undefined> {
    const generated = configured === undefined ? generateApiKey() : undefined;
    const inserted = await this.repository.applyAdminKeyPlan(
      (admins) =>
        adminKeyPlan(admins, configured === undefined ? undefined : hashApiKey(configured)),
      configured === undefined
        ? { name: 'admin (generated)', keyHash: hashApiKey(generated!) }
        : { name: 'admin (ADMIN_API_KEY)', keyHash: hashApiKey(configured) },
    );
    // A configured key may have replaced (revoked) earlier admin keys.
    await this.revocations.announce();
    return inserted === 'generated' ? generated : undefined;
  }
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
