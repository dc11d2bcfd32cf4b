import { Scope } from './scopes';

/** What a route needs: the admin key, or any key holding one of the scopes (admin always passes). */
export type RequiredAccess = { admin: true } | { anyOf: readonly Scope[] };

/** The 403 message: names what the key lacks, so the caller knows which scope to ask for. */
export function missingAccessMessage(required: RequiredAccess): string {
  if ('admin' in required) {
    return 'This action needs the admin key';
  }
  const [only, ...more] = required.anyOf;
  return more.length === 0
    ? `This API key lacks the scope ${only}`
    : `This API key lacks the scope this needs: one of ${required.anyOf.join(', ')}`;
}

/** The OpenAPI description of a route's 403 answer. */
export function describeRequiredAccess(required: RequiredAccess): string {
  if ('admin' in required) {
    return 'Not the admin key';
  }
  return required.anyOf.length === 1
    ? `The key lacks the scope ${required.anyOf[0]}`
    : `The key holds none of the scopes ${required.anyOf.join(', ')}`;
}
