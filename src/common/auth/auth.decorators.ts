import {
  createParamDecorator,
  CustomDecorator,
  ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import type { Request } from 'express';
import { AuthContext } from './auth-context';
import { Scope } from './scopes';

export const PUBLIC_ROUTE = Symbol('public-route');
export const REQUIRED_ACCESS = Symbol('required-access');

/** What a route needs: the admin key, or any key holding one of the scopes (admin always passes). */
export type RequiredAccess = { admin: true } | { anyOf: readonly Scope[] };

/** No API key needed (the explicit public list: health, metrics, docs, the Miva webhook). */
export const Public = (): CustomDecorator<symbol> => SetMetadata(PUBLIC_ROUTE, true);

export const AdminOnly = (): CustomDecorator<symbol> =>
  SetMetadata(REQUIRED_ACCESS, { admin: true } satisfies RequiredAccess);

export const RequireScope = (...anyOf: Scope[]): CustomDecorator<symbol> =>
  SetMetadata(REQUIRED_ACCESS, { anyOf } satisfies RequiredAccess);

export type AuthenticatedRequest = Request & { auth?: AuthContext };

/** The caller's AuthContext (routes behind the guard only). */
export const Auth = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthContext => {
  const auth = ctx.switchToHttp().getRequest<AuthenticatedRequest>().auth;
  if (!auth) {
    throw new Error('Auth() used on a route the ApiKeyGuard did not authenticate');
  }
  return auth;
});
