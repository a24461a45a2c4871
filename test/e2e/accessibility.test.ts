// Must show: an accessibility check of every page with @axe-core/playwright, no serious or
// critical violations, on a desktop and on a phone viewport.
import type { Page } from 'playwright-core';
import { newContext, passAgeGate, screenshot, seriousViolations, signIn } from './browser.ts';
import { addProduct, placeOrder } from './shop.ts';
import { useSession } from './session.ts';

const session = useSession();

async function check(page: Page, name: string, ready: () => Promise<unknown>): Promise<void> {
  await ready();
  await page.waitForFunction(() => !document.querySelector('.loading'));
  await screenshot(page, `a11y-${name}`);
  expect({ page: name, violations: await seriousViolations(page) }).toEqual({ page: name, violations: [] });
}

const h1 = (page: Page, name: string | RegExp) => () => page.getByRole('heading', { level: 1, name }).waitFor();

for (const phone of [false, true]) {
  const device = phone ? 'phone' : 'desktop';

  test(`every storefront page has no serious or critical violations (${device})`, async () => {
    const page = await (await newContext(session.browser, phone)).newPage();
    await page.goto(session.stack.webUrl);
    await check(page, `${device}-age-gate`, h1(page, /21 or over/));
    await passAgeGate(page, session.stack.webUrl);
    await check(page, `${device}-catalogue`, () => page.locator('.product-card').first().waitFor());
    await page.getByLabel('Strength').selectOption('Full');
    await check(page, `${device}-catalogue-filtered`, () => page.getByText(/ of \d+ products/).waitFor());
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.goto(`${session.stack.webUrl}#/signup`);
    await check(page, `${device}-sign-up`, h1(page, 'Create an account'));
    await page.goto(`${session.stack.webUrl}#/signin`);
    await check(page, `${device}-sign-in`, h1(page, 'Sign in'));
    await signIn(page, session.stack.webUrl, session.stack.demoUsers.shopper!);
    await addProduct(page, session.stack.webUrl, 'Casa Delmonte Robusto', 2);
    await check(page, `${device}-product`, h1(page, 'Casa Delmonte Robusto'));
    await page.goto(`${session.stack.webUrl}#/cart`);
    await check(page, `${device}-cart`, h1(page, 'Your cart'));
    await page.goto(`${session.stack.webUrl}#/checkout`);
    await check(page, `${device}-checkout`, h1(page, 'Checkout'));
    await placeOrder(page, session.stack.webUrl, 'Visa ending 4242 (approves)');
    await check(page, `${device}-order`, () => page.getByText('Live updates on').waitFor());
    await page.goto(`${session.stack.webUrl}#/orders`);
    await check(page, `${device}-my-orders`, () => page.locator('.order-card').first().waitFor());
    await page.goto(`${session.stack.webUrl}#/console`);
    await check(page, `${device}-console-refused`, h1(page, 'Staff only'));
  });

  test(`every console section has no serious or critical violations (${device})`, async () => {
    for (const role of ['support', 'finance', 'warehouse', 'delivery', 'catalog'] as const) {
      const page = await (await newContext(session.browser, phone)).newPage();
      await signIn(page, session.stack.webUrl, session.stack.demoUsers[role]!, `/console/${role}`);
      await page.goto(`${session.stack.webUrl}#/console/${role}`);
      await check(page, `${device}-console-${role}`, () => page.locator('main h1').waitFor());
      await page.goto(`${session.stack.webUrl}#/console/overview`);
      await check(page, `${device}-console-${role}-overview`, h1(page, 'Overview'));
      if (role === 'catalog') {
        await page.goto(`${session.stack.webUrl}#/console/catalog`);
        await page.getByRole('link', { name: 'Hacienda Oro Robusto' }).click();
        await check(page, `${device}-console-catalog-edit`, h1(page, 'Edit Hacienda Oro Robusto'));
        // The editor with an error beside a field.
        await page.getByLabel('Price (USD)').fill('0');
        await page.getByRole('button', { name: 'Save product' }).click();
        await check(page, `${device}-console-catalog-price-error`, () => page.getByText('The price must be at least').waitFor());
      }
      if (role === 'support' || role === 'finance') {
        await page.goto(`${session.stack.webUrl}#/console/orders?email=${encodeURIComponent(session.stack.demoUsers.shopper!.username.includes('@') ? session.stack.demoUsers.shopper!.username : 'shopper@bigsmokes.example')}`);
        await check(page, `${device}-console-${role}-orders`, () => page.locator('main table, main [role="status"]').first().waitFor());
        const first = page.locator('main table a.order-number').first();
        if (await first.count()) {
          await first.click();
          await check(page, `${device}-console-${role}-order`, () => page.getByText('Still refundable').waitFor());
        }
      }
      if (role === 'support') {
        await page.goto(`${session.stack.webUrl}#/console/support`);
        await page.getByLabel('Order number, customer email or order id').fill('shopper@bigsmokes.example');
        await page.getByRole('button', { name: 'Search' }).click();
        await check(page, `${device}-console-support-search`, () => page.locator('main table, main [role="status"]').first().waitFor());
      }
      await page.context().close();
    }
  });
}
