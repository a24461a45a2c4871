// The browser tests: Debian's chromium through playwright-core against the platform started
// in-process (test/e2e/stack.ts). Run with `npm run test:e2e` (it builds web/dist first).
/** @type {import('jest').Config} */
export default {
  rootDir: '../..',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', {
      jsc: { target: 'es2024', parser: { syntax: 'typescript' } },
      module: { type: 'es6' },
    }],
  },
  testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
  testTimeout: 240000,
  // One browser and one platform at a time: the machine has two cores.
  maxWorkers: 1,
};
