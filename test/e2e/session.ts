// One platform and one browser per test file, started before its tests and closed after them.
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { startStack, type Stack } from './stack.ts';

export interface Session {
  readonly stack: Stack;
  readonly browser: Browser;
}

export function useSession(): Session {
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });
  return {
    get stack() { return stack!; },
    get browser() { return browser!; },
  };
}
