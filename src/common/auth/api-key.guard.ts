import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeysService } from '../../modules/api-keys/api-keys.service';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { AuthenticatedRequest, PUBLIC_ROUTE, REQUIRED_ACCESS } from './auth.decorators';
import { missingAccessMessage, RequiredAccess } from './required-access';

/**
 * The one global guard. Public routes are marked @Public(); every other route needs a bearer key,
 * and a route that declares no access at all is admin-only (deny by default).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) {
      return true;
    }
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request.headers.authorization);
    const auth = token === undefined ? undefined : await this.apiKeys.authenticate(token);
    if (!auth) {
      throw new DomainError(ErrorCode.Unauthorized, 'A valid API key is required');
    }
    request.auth = auth;
    const required = this.reflector.getAllAndOverride<RequiredAccess | undefined>(
      REQUIRED_ACCESS,
      targets,
    ) ?? { admin: true };
    const allowed =
      'admin' in required ? auth.isAdmin : required.anyOf.some((scope) => auth.hasScope(scope));
    if (!allowed) {
      throw new DomainError(ErrorCode.Forbidden, missingAccessMessage(required));
    }
    return true;
  }
}

function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}
