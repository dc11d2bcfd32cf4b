import {
  applyDecorators,
  createParamDecorator,
  CustomDecorator,
  ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import { ApiBearerAuth, ApiResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ErrorResponseDto } from '../errors/error-response.dto';
import { AuthContext } from './auth-context';
import { describeRequiredAccess, RequiredAccess } from './required-access';
import { Scope } from './scopes';

export const PUBLIC_ROUTE = Symbol('public-route');
export const REQUIRED_ACCESS = Symbol('required-access');

/** No API key needed (the explicit public list: health, metrics, docs, the Miva webhook). */
export const Public = (): CustomDecorator<symbol> => SetMetadata(PUBLIC_ROUTE, true);

/**
 * The one decorator a controller or route carries for its auth requirement: the guard's metadata
 * and the OpenAPI bearer scheme with the 401 and 403 answers (the 403 naming what is needed).
 */
function requireAccess(required: RequiredAccess): ReturnType<typeof applyDecorators> {
  return applyDecorators(
    SetMetadata(REQUIRED_ACCESS, required),
    ApiBearerAuth(),
    ApiResponse({ status: 401, type: ErrorResponseDto, description: 'No valid API key' }),
    ApiResponse({
      status: 403,
      type: ErrorResponseDto,
      description: describeRequiredAccess(required),
    }),
  );
}

/** Only the admin key. */
export const AdminOnly = (): ReturnType<typeof applyDecorators> => requireAccess({ admin: true });

/** A key holding any one of the scopes (the admin key always passes). */
export const RequireScope = (...anyOf: [Scope, ...Scope[]]): ReturnType<typeof applyDecorators> =>
  requireAccess({ anyOf });

export type AuthenticatedRequest = FastifyRequest & { auth?: AuthContext };

/** The caller's AuthContext (routes behind the guard only). */
export const Auth = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthContext => {
  const auth = ctx.switchToHttp().getRequest<AuthenticatedRequest>().auth;
  if (!auth) {
    throw new Error('Auth() used on a route the ApiKeyGuard did not authenticate');
  }
  return auth;
});
