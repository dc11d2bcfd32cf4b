import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { Scope } from './scopes';

/** Who is calling: attached to the request by the global ApiKeyGuard. */
export class AuthContext {
  constructor(
    readonly keyId: string,
    readonly isAdmin: boolean,
    private readonly scopes: ReadonlySet<Scope>,
    /** null = every store. */
    readonly storeIds: readonly string[] | null,
  ) {}

  hasScope(scope: Scope): boolean {
    return this.isAdmin || this.scopes.has(scope);
  }

  canAccessStore(storeId: string): boolean {
    return this.isAdmin || this.storeIds === null || this.storeIds.includes(storeId);
  }

  /** Store scoping: a key outside the store learns nothing about it, so this is a 404. */
  assertStore(storeId: string, what = 'Store'): void {
    if (!this.canAccessStore(storeId)) {
      throw DomainError.notFound(what);
    }
  }

  assertAdmin(): void {
    if (!this.isAdmin) {
      throw new DomainError(ErrorCode.Forbidden, 'This action needs the admin key');
    }
  }
}
