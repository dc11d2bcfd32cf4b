export const SCOPES = [
  'orders:read',
  'orders:ack',
  'orders:write',
  'shipments:write',
  'inventory:write',
  'listings:write',
  'config:write',
] as const;
export type Scope = (typeof SCOPES)[number];
