// Run through `make test` (scripts/run-tests.ts), which starts the real servers the tests use.
// @swc/jest transforms (fast, no type-check); `npm run typecheck` runs tsc 5.9 (see README).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/domain', '<rootDir>/test', '<rootDir>/admin-ui/src'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript', tsx: true } }, module: { type: 'commonjs' } }] },
  // n2words is published as ES modules only: transformed to CommonJS like the project's own files.
  transformIgnorePatterns: ['/node_modules/(?!n2words/)'],
  // ESM-style relative imports with .js (the console's lazy chunks) resolve to the .ts source.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testTimeout: 60000,
  maxWorkers: 2,
};
