// The browser tests: Debian's chromium through playwright-core against the platform started
// in-process (test/e2e/session.ts). Run with `npm run test:e2e` (it builds web/dist first).
import base from '../../jest.config.js';

/** @type {import('jest').Config} */
export default {
  ...base,
  rootDir: '../..',
  testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 240000,
  // One browser and one platform at a time: the machine has two cores.
  maxWorkers: 1,
};
