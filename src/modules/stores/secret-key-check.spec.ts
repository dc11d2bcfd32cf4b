import { keyCheckAtStart } from './secret-key-check';

describe('keyCheckAtStart', () => {
  it('starts when the recorded check value is its own, whatever the stores hold', () => {
    expect(keyCheckAtStart('aa', 'aa', 'none')).toBe('ok');
  });

  it('refuses when another key is recorded', () => {
    expect(keyCheckAtStart('bb', 'aa', 'none')).toBe('refuse');
  });

  it('with nothing recorded, lets the stores decide', () => {
    // No credentials yet: the first credential write records the check value.
    expect(keyCheckAtStart(null, 'aa', 'none')).toBe('ok');
    // A database from before the check: a key that opens the stored credentials is recorded.
    expect(keyCheckAtStart(null, 'aa', 'readable')).toBe('record');
    expect(keyCheckAtStart(null, 'aa', 'unreadable')).toBe('refuse');
  });
});
