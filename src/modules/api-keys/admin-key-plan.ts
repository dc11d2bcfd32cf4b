/** An admin key row as the plan needs it. */
export interface AdminKeyRow {
  id: string;
  keyHash: string;
  revoked: boolean;
}

/** What to change so that exactly the right admin key works. */
export interface AdminKeyPlan {
  /** Active admin keys to revoke. */
  revoke: string[];
  /** A revoked admin key that is the configured one again. */
  restore: string | null;
  /** Insert the configured key, or a newly generated one (to print once). */
  insert: 'configured' | 'generated' | null;
}

/**
 * With ADMIN_API_KEY set (its hash given), that key is the one admin key: others are revoked, it
 * is inserted or restored. Without it, a key is generated when no admin key is active.
 */
export function adminKeyPlan(
  admins: readonly AdminKeyRow[],
  configuredHash: string | undefined,
): AdminKeyPlan {
  const active = admins.filter((a) => !a.revoked);
  if (configuredHash === undefined) {
    return { revoke: [], restore: null, insert: active.length === 0 ? 'generated' : null };
  }
  const existing = admins.find((a) => a.keyHash === configuredHash);
  return {
    revoke: active.filter((a) => a.keyHash !== configuredHash).map((a) => a.id),
    restore: existing?.revoked === true ? existing.id : null,
    insert: existing === undefined ? 'configured' : null,
  };
}
