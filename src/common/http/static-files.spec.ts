import { fileBelow } from './static-files';

describe('fileBelow', () => {
  it.each([
    ['assets/app-1.js', 'assets/app-1.js'],
    ['/index.html', 'index.html'],
    ['assets//app.css', 'assets/app.css'],
  ])('accepts %j as %j', (requested, file) => {
    expect(fileBelow(requested)).toBe(file);
  });

  it.each(['', '/', '.', '../secret.key', 'assets/../../x', '.env', 'assets/.hidden', '/..'])(
    'refuses %j',
    (requested) => {
      expect(fileBelow(requested)).toBeUndefined();
    },
  );
});
