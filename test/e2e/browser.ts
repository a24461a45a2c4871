// Debian's chromium driven by playwright-core, an axe check that fails on serious or critical
// violations, and the shop's common steps (age gate, sign-in) as a person performs them.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

export const screenshotDir = fileURLToPath(new URL('./screenshots', import.meta.url));

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export async function newContext(browser: Browser, phone = false): Promise<BrowserContext> {
  return browser.newContext(phone
    ? { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true }
    : { viewport: { width: 1280, height: 900 } });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

/** Serious and critical axe violations on the page as it is now (WCAG 2.x A and AA rules). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

export async function passAgeGate(page: Page, webUrl: string, birthdate = '1980-06-15'): Promise<void> {
  await page.goto(webUrl);
  await page.getByLabel('Date of birth').fill(birthdate);
  await page.getByRole('button', { name: 'Enter the shop' }).click();
  await page.getByRole('heading', { level: 1, name: /Hand-rolled cigars/ }).waitFor();
}

export async function signIn(page: Page, webUrl: string, user: { username: string; password: string }, next = '/'): Promise<void> {
  await page.goto(`${webUrl}#/signin?next=${next}`);
  await page.getByLabel('Email or username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: /Sign out/ }).waitFor();
}
