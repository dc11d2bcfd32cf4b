import { adminKeyPlan } from './admin-key-plan';

describe('adminKeyPlan', () => {
  const a = { id: 'a', keyHash: 'ha', revoked: false };
  const b = { id: 'b', keyHash: 'hb', revoked: true };

  it('generates a key on a first start without ADMIN_API_KEY, and only then', () => {
    expect(adminKeyPlan([], undefined)).toEqual({ revoke: [], restore: null, insert: 'generated' });
    expect(adminKeyPlan([b], undefined)).toMatchObject({ insert: 'generated' });
    expect(adminKeyPlan([a], undefined)).toEqual({ revoke: [], restore: null, insert: null });
  });

  it('makes the configured key the only admin key', () => {
    expect(adminKeyPlan([a], 'hc')).toEqual({ revoke: ['a'], restore: null, insert: 'configured' });
    expect(adminKeyPlan([a], 'ha')).toEqual({ revoke: [], restore: null, insert: null });
    expect(adminKeyPlan([a, b], 'hb')).toEqual({ revoke: ['a'], restore: 'b', insert: null });
  });
});
