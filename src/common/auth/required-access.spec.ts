import { missingAccessMessage } from './required-access';

describe('missingAccessMessage', () => {
  it('names the one scope a route needs', () => {
    expect(missingAccessMessage({ anyOf: ['orders:ack'] })).toBe(
      'This API key lacks the scope orders:ack',
    );
  });

  it('names every scope that would do', () => {
    expect(missingAccessMessage({ anyOf: ['config:write', 'orders:read'] })).toBe(
      'This API key lacks the scope this needs: one of config:write, orders:read',
    );
  });

  it('names the admin key for admin routes', () => {
    expect(missingAccessMessage({ admin: true })).toBe('This action needs the admin key');
  });
});
