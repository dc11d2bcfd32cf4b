import { becameActive, isStoreActive } from './store-status';

describe('isStoreActive', () => {
  it('lets work go only for an enabled store whose credentials Miva accepts', () => {
    expect(isStoreActive({ enabled: true, status: 'active' })).toBe(true);
    expect(isStoreActive({ enabled: true, status: 'unauthorized' })).toBe(false);
    expect(isStoreActive({ enabled: false, status: 'disabled' })).toBe(false);
    // A row disabled behind the service's back (status not updated) still holds its work.
    expect(isStoreActive({ enabled: false, status: 'active' })).toBe(false);
  });
});

describe('becameActive', () => {
  it('is true when a disabled or refused store is active again, false otherwise', () => {
    const active = { enabled: true, status: 'active' } as const;
    const disabled = { enabled: false, status: 'disabled' } as const;
    const refused = { enabled: true, status: 'unauthorized' } as const;
    expect(becameActive(disabled, active)).toBe(true);
    expect(becameActive(refused, active)).toBe(true);
    expect(becameActive(active, active)).toBe(false);
    expect(becameActive(active, disabled)).toBe(false);
    expect(becameActive(refused, refused)).toBe(false);
  });
});
