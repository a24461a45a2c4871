// Must show: support finds a failed execution (carrier outage on), turns the outage off and
// redrives it from the console, and the order ships; finance approves a refund over the threshold
// and the shopper sees REFUNDED; a shopper cannot open the staff console.
import type { Page } from 'playwright-core';
import { newContext, passAgeGate, screenshot, signIn } from './browser.ts';
import { addProduct, expectOutcome, expectToast, orderStatus, packOrder, placeOrder } from './shop.ts';
import { useSession } from './session.ts';

const session = useSession();

async function shopperWithOrder(products: [string, number][]): Promise<{ page: Page; orderId: string }> {
  const page = await (await newContext(session.browser)).newPage();
  await passAgeGate(page, session.stack.webUrl);
  await signIn(page, session.stack.webUrl, session.stack.demoUsers.shopper!);
  for (const [name, quantity] of products) await addProduct(page, session.stack.webUrl, name, quantity);
  return { page, orderId: await placeOrder(page, session.stack.webUrl, 'Visa ending 4242 (approves)') };
}

test('support finds the execution that failed in the carrier outage and redrives it; the order ships', async () => {
  await session.stack.outage('carrier', true);
  const { page: shopper, orderId } = await shopperWithOrder([['Viejo Valle Corona', 2]]);
  const warehouse = await (await newContext(session.browser)).newPage();
  await signIn(warehouse, session.stack.webUrl, session.stack.demoUsers.warehouse!, '/console/warehouse');
  await packOrder(warehouse, session.stack.webUrl, orderId);

  const support = await (await newContext(session.browser)).newPage();
  await signIn(support, session.stack.webUrl, session.stack.demoUsers.support!, '/console/support');
  const row = support.getByRole('row').filter({ hasText: `order-${orderId}` });
  for (let i = 0; i < 120 && !(await row.isVisible()); i++) {
    await support.getByRole('button', { name: 'Refresh' }).click();
    await support.waitForTimeout(1000);
  }
  await expect(row.getByText('Failed', { exact: true }).isVisible()).resolves.toBe(true);
  // The failure's error and cause, as DescribeExecution reports them.
  expect(((await row.locator('div.cause').textContent()) ?? '').length).toBeGreaterThan(0);
  await screenshot(support, 'console-support-failed-execution');

  await row.getByRole('link', { name: `order-${orderId}` }).click();
  await support.getByRole('heading', { level: 1, name: /^Execution/ }).waitFor();
  await support.getByRole('cell', { name: /Failed$/ }).first().waitFor();
  await screenshot(support, 'console-support-execution-history');

  await session.stack.outage('carrier', false);
  await support.goto(`${session.stack.webUrl}#/console/support/order/${orderId}`);
  await support.getByRole('button', { name: /^Redrive/ }).click();
  await support.getByText(/^Redrove order-/).waitFor();
  for (let i = 0; i < 120 && !(await support.getByText('Status:').getByText('Shipped').isVisible()); i++) {
    await support.waitForTimeout(1000);
    await support.reload();
    await support.getByText('Status:').waitFor();
  }
  await screenshot(support, 'console-support-order-timeline');
  await shopper.goto(`${session.stack.webUrl}#/orders/${orderId}`);
  await shopper.getByTestId('order-status').getByText('Shipped').waitFor();
  expect(await orderStatus(shopper)).toBe('Shipped');
});

test('finance approves a refund over the threshold and the shopper sees REFUNDED', async () => {
  // 10 × $52.00 = $520.00, at or above the $500.00 approval threshold.
  const { page: shopper, orderId } = await shopperWithOrder([['Gran Reserva 1962 Churchill', 10]]);
  const warehouse = await (await newContext(session.browser)).newPage();
  await signIn(warehouse, session.stack.webUrl, session.stack.demoUsers.warehouse!, '/console/warehouse');
  await packOrder(warehouse, session.stack.webUrl, orderId);
  await shopper.getByTestId('order-status').getByText('Shipped').waitFor({ timeout: 120_000 });

  await shopper.getByText('Request a refund').click();
  await shopper.getByLabel(/Gran Reserva 1962 Churchill \(of 10\)/).fill('10');
  await shopper.getByLabel('Reason').fill('Arrived crushed');
  await shopper.getByRole('button', { name: 'Request refund' }).click();
  await shopper.getByText(/Refund of \$520\.00 requested/).waitFor();
  await screenshot(shopper, 'storefront-refund-requested');

  const finance = await (await newContext(session.browser)).newPage();
  await signIn(finance, session.stack.webUrl, session.stack.demoUsers.finance!, '/console/finance');
  const card = finance.locator(`.refund-card[data-order-id="${orderId}"]`);
  for (let i = 0; i < 60 && !(await card.isVisible()); i++) {
    await finance.waitForTimeout(1000);
    await finance.getByLabel('Status').selectOption('AWAITING_APPROVAL');
  }
  // Finance reviews with the order beside the refund: items, total, captured, already refunded,
  // and who asked, by name and email; the note is labelled as the shopper's to read.
  await expect(card.getByRole('heading', { level: 3 }).textContent()).resolves.toMatch(/^\$520\.00 for order BS-\d+$/);
  await expect(card.getByText(/^10 × Gran Reserva 1962 Churchill · \$520\.00$/).count()).resolves.toBe(1);
  const money = card.getByLabel('Order money');
  const words = async (locator: typeof card) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
  await expect(words(money)).resolves.toMatch(/^Order total\$520\.00 Captured\$520\.00 Already refunded\$0\.00 Still refundable\$/);
  await expect(words(card)).resolves.toMatch(/requested by Sam Shopper shopper@bigsmokes\.example on /);
  await card.getByLabel('Note to the shopper').waitFor();
  await expect(card.getByText('The shopper sees this note with the refund on their order.').count()).resolves.toBe(1);
  await screenshot(finance, 'console-finance');
  await card.getByLabel('Note to the shopper').fill('Carrier damage confirmed by photo');
  await card.getByRole('button', { name: /^Approve/ }).click();
  await expectToast(finance, /^Refund of \$520\.00 for order BS-\d+ approved\.$/);
  // The decided refund leaves the queue at once: no second click can answer "not waiting for approval".
  await expect(card.count()).resolves.toBe(0);

  await shopper.getByTestId('order-status').getByText('Refunded', { exact: true }).waitFor({ timeout: 120_000 });
  await shopper.getByText('Note: Carrier damage confirmed by photo').waitFor();
  await screenshot(shopper, 'storefront-order-refunded');

  await finance.getByRole('button', { name: 'Show' }).click();
  await finance.getByRole('cell', { name: orderId }).first().waitFor();
  const download = finance.waitForEvent('download');
  await finance.getByRole('button', { name: 'Export CSV' }).click();
  expect((await download).suggestedFilename()).toMatch(/^ledger-.*\.csv$/);
  await screenshot(finance, 'console-finance-ledger');
});

test('a shopper cannot open the staff console', async () => {
  const page = await (await newContext(session.browser)).newPage();
  await signIn(page, session.stack.webUrl, session.stack.demoUsers.shopper!);
  await expect(page.getByRole('link', { name: 'Console' }).count()).resolves.toBe(0);
  for (const section of ['', '/overview', '/orders', '/support', '/finance', '/warehouse', '/delivery', '/catalog']) {
    await page.goto(`${session.stack.webUrl}#/console${section}`);
    await page.getByRole('heading', { level: 1, name: 'Staff only' }).waitFor();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/for BigSmokes staff/);
    await expect(page.getByRole('button', { name: /Redrive|Approve|Confirm packed|Save product|Delivered|In transit/ }).count()).resolves.toBe(0);
  }
  await screenshot(page, 'console-refused-shopper');
});

test('the catalogue team changes a price and the shop shows it; a stale second edit is refused', async () => {
  const open = async () => {
    const page = await (await newContext(session.browser)).newPage();
    await signIn(page, session.stack.webUrl, session.stack.demoUsers.catalog!, '/console/catalog');
    await page.goto(`${session.stack.webUrl}#/console/catalog`);
    await page.getByRole('link', { name: 'Hacienda Oro Churchill' }).click();
    await page.getByRole('heading', { level: 1, name: 'Edit Hacienda Oro Churchill' }).waitFor();
    return page;
  };
  const first = await open();
  const second = await open();
  await first.getByLabel('Price (USD)').fill('15.25');
  await first.getByRole('button', { name: 'Save product' }).click();
  await expectOutcome(first, 'Saved Hacienda Oro Churchill at $15.25.');
  await screenshot(first, 'console-catalog');

  // The second editor still holds the old updatedAt: saveProduct refuses to overwrite.
  await second.getByLabel('Price (USD)').fill('99.00');
  await second.getByRole('button', { name: 'Save product' }).click();
  await expect(second.getByRole('alert').textContent()).resolves.toMatch(/was changed at/);

  const shopper = await (await newContext(session.browser)).newPage();
  await passAgeGate(shopper, session.stack.webUrl);
  await shopper.goto(`${session.stack.webUrl}#/?q=Hacienda+Oro+Churchill`);
  await shopper.getByRole('heading', { level: 2, name: 'Hacienda Oro Churchill', exact: true }).click();
  await expect(shopper.locator('.product-price-large').textContent()).resolves.toBe('$15.25');
});

test('the warehouse restocks a product', async () => {
  const page = await (await newContext(session.browser)).newPage();
  await signIn(page, session.stack.webUrl, session.stack.demoUsers.warehouse!, '/console/warehouse');
  const option = page.locator('#restock-product option', { hasText: 'Rio Negro Lancero' });
  const before = Number(/stock (\d+)/.exec((await option.textContent()) ?? '')?.[1]);
  await page.getByLabel('Product').selectOption((await option.getAttribute('value')) ?? '');
  await page.getByLabel('Quantity').fill('10');
  await page.getByLabel('Note').fill('Delivery from Estelí');
  await page.getByRole('button', { name: 'Restock' }).click();
  await expectOutcome(page, `Rio Negro Lancero: stock is now ${before + 10}.`);
});
