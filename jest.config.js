// Two projects: fast unit specs next to the code, and DB-backed integration/e2e specs under test/.
// Both boot nothing global: each e2e file gets its own database (a fresh database on the server at
// DATABASE_URL, or an in-memory embedded PGlite when it is unset).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

module.exports = {
  // A global option: jest ignores it inside `projects`. Generous, for a loaded 2-core machine.
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      // console/: the support console's pure logic (its screens are tested in a browser, test/console).
      roots: ['<rootDir>/src', '<rootDir>/console'],
      testMatch: ['**/*.spec.ts'],
      transform: { '^.+\\.ts$': swc },
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts', '**/*.int-spec.ts'],
      transform: { '^.+\\.ts$': swc },
    },
  ],
};
