export const SCOPES = [
  'orders:read',
  'orders:ack',
  'shipments:write',
  'inventory:write',
  'config:write',
] as const;
export type Scope = (typeof SCOPES)[number];
