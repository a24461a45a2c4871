// Must show (issue 20): delivery staff take a parcel from the warehouse to the shopper's door
// (in transit with a note, delivered, tracking link) and the list stays true; support finds a
// customer by email and an order by the number read out on the phone; the catalogue editor
// refuses a $0 price beside the field; the storefront keeps its search in the URL and offers the
// saved address and a state at checkout.
import type { Page } from 'playwright-core';
import { newContext, passAgeGate, screenshot, signIn } from './browser.ts';
import { addProduct, expectToast, packOrder, placeOrder } from './shop.ts';
import { useSession } from './session.ts';

/** Focus moves to the field once its error (or the page) is rendered: a frame later under load. */
const focusOn = (page: Page, id: string) => page.waitForFunction((want) => document.activeElement?.id === want, id, { timeout: 5_000 });

const session = useSession();

async function shopper(): Promise<Page> {
  const page = await (await newContext(session.browser)).newPage();
  await passAgeGate(page, session.stack.webUrl);
  await signIn(page, session.stack.webUrl, session.stack.demoUsers.shopper!);
  return page;
}

async function staff(role: string, path: string): Promise<Page> {
  const page = await (await newContext(session.browser)).newPage();
  await signIn(page, session.stack.webUrl, session.stack.demoUsers[role]!, path);
  await page.goto(`${session.stack.webUrl}#${path}`);
  return page;
}

test('delivery reports a parcel in transit and delivered from its console; the shopper sees both, and the parcel leaves the list', async () => {
  const buyer = await shopper();
  await addProduct(buyer, session.stack.webUrl, 'Casa Delmonte Robusto', 1);
  const orderId = await placeOrder(buyer, session.stack.webUrl, 'Visa ending 4242 (approves)');
  const orderNumber = ((await buyer.locator('h1 .order-number').textContent()) ?? '').trim();
  expect(orderNumber).toMatch(/^BS-\d{5}$/);
  await packOrder(await staff('warehouse', '/console/warehouse'), session.stack.webUrl, orderId);

  const delivery = await staff('delivery', '/console/delivery');
  await delivery.getByRole('heading', { level: 1, name: 'Delivery' }).waitFor();
  const card = delivery.locator(`.delivery-card[data-order-id="${orderId}"]`);
  const delivered = card.getByRole('button', { name: /^Delivered/ });
  for (let i = 0; i < 60 && !(await card.isVisible() && await delivered.isEnabled()); i++) {
    await delivery.getByRole('button', { name: 'Refresh' }).click();
    await delivery.waitForTimeout(500);
  }
  await expect(card.getByRole('heading', { level: 3 }).textContent()).resolves.toBe(`Order ${orderNumber}`);
  const track = card.getByRole('link', { name: /^Track with / });
  await expect(track.getAttribute('href')).resolves.toMatch(/^https:\/\/tracking\.sandbox-carrier\.example\/track\/\S+$/);

  // Failed needs a note: the error sits under the note and takes focus.
  await card.getByRole('button', { name: /^Delivery failed/ }).click();
  await card.getByText('Say what happened to the parcel').waitFor();
  await focusOn(delivery, `note-${orderId}`);

  await card.getByLabel(/^Note/).fill('Left the Memphis hub');
  await card.getByRole('button', { name: /^In transit/ }).click();
  await expectToast(delivery, new RegExp(`^Order ${orderNumber} is in transit\\.$`));
  await card.getByText('Last news: Left the Memphis hub').waitFor();
  await screenshot(delivery, 'console-delivery');

  await card.getByLabel(/^Note/).fill('Signed for by S. Shopper');
  await delivered.click();
  await expectToast(delivery, new RegExp(`^Order ${orderNumber} delivered\\.$`));
  await expect(card.count()).resolves.toBe(0);

  await buyer.goto(`${session.stack.webUrl}#/orders/${orderId}`);
  await buyer.getByTestId('order-status').getByText('Delivered').waitFor({ timeout: 60_000 });
  await buyer.getByText('Left the Memphis hub').waitFor();
  await buyer.getByText('Signed for by S. Shopper').waitFor();
  await expect(buyer.getByRole('link', { name: /^Track with / }).count()).resolves.toBe(1);
});

test('support finds the customer by email and the order by the number read out on the phone', async () => {
  const buyer = await shopper();
  await addProduct(buyer, session.stack.webUrl, 'Rio Negro Torpedo', 1);
  const orderId = await placeOrder(buyer, session.stack.webUrl, 'Visa ending 4242 (approves)');
  const orderNumber = ((await buyer.locator('h1 .order-number').textContent()) ?? '').trim();

  const support = await staff('support', '/console/support');
  const query = support.getByLabel('Order number, customer email or order id');
  await query.fill('Shopper@BigSmokes.example');
  await support.getByRole('button', { name: 'Search' }).click();
  await support.getByRole('heading', { name: 'Customer shopper@bigsmokes.example' }).waitFor();
  const row = support.locator(`tr[data-order-id="${orderId}"]`);
  await expect(row.getByRole('link').textContent()).resolves.toBe(orderNumber);
  await screenshot(support, 'console-support-customer');

  // Read out as "b s one zero zero four two": any case, with or without the dash.
  await query.fill(orderNumber.toLowerCase().replace('-', ' '));
  await support.getByRole('button', { name: 'Search' }).click();
  await support.getByRole('table', { name: 'Orders found' }).getByRole('link', { name: orderNumber }).click();
  await support.getByRole('heading', { level: 1, name: `Order ${orderNumber}` }).waitFor();
  await support.getByText('Authorised').waitFor();
  await screenshot(support, 'console-order');

  // An unknown number is said beside the search box, which takes focus.
  await support.goto(`${session.stack.webUrl}#/console/support`);
  await support.getByLabel('Order number, customer email or order id').fill('BS-99999');
  await support.getByRole('button', { name: 'Search' }).click();
  await support.getByText('No order has the number BS-99999.').waitFor();
  await focusOn(support, 'support-query');

  // The orders index keeps its filters in the URL.
  await support.goto(`${session.stack.webUrl}#/console/orders?email=shopper%40bigsmokes.example&sort=OLDEST`);
  await support.locator(`tr[data-order-id="${orderId}"]`).waitFor();
  await expect(support.getByLabel('Customer email').inputValue()).resolves.toBe('shopper@bigsmokes.example');
  await expect(support.getByLabel('Sort')).toBeDefined();
  await screenshot(support, 'console-orders');
});

test('the catalogue editor refuses a $0.00 price beside the field, and chooses categories from existing ones', async () => {
  const editor = await staff('catalog', '/console/catalog/new');
  await editor.getByRole('heading', { level: 1, name: 'New product' }).waitFor();
  await editor.getByLabel('Name', { exact: true }).fill('Free Sample Robusto');
  await editor.getByLabel('Brand').selectOption('Casa Delmonte');
  const categories = await editor.getByLabel('Category').locator('option').allTextContents();
  expect(categories).toEqual(expect.arrayContaining(['Robusto', 'Churchill', 'New category…']));
  await editor.getByLabel('Category').selectOption('Robusto');
  await editor.getByLabel('Price (USD)').fill('0.00');
  await editor.getByLabel('Ring gauge').fill('50');
  await editor.getByLabel('Strength').selectOption('Medium');
  await editor.getByRole('button', { name: 'Save product' }).click();
  await editor.getByText('The price must be at least $0.01 and at most $10,000.00.').waitFor();
  await focusOn(editor, 'p-price');
  await expect(editor.getByLabel('Price (USD)').getAttribute('aria-invalid')).resolves.toBe('true');
  await screenshot(editor, 'console-catalog-price-refused');

  await editor.getByLabel('Price (USD)').fill('9.50');
  await editor.getByRole('button', { name: 'Save product' }).click();
  await expectToast(editor, /^Saved Free Sample Robusto at \$9\.50\.$/);
  await editor.getByRole('heading', { level: 1, name: 'Edit Free Sample Robusto' }).waitFor();
  await expect(editor.getByLabel('Ring gauge').inputValue()).resolves.toBe('50');

  // The list shows every region's stock of each product.
  await editor.goto(`${session.stack.webUrl}#/console/catalog`);
  const row = editor.getByRole('row').filter({ hasText: 'Hacienda Oro Robusto' });
  await row.getByText(/^us-east-1: \d+/).waitFor();
});

test('the storefront keeps search and sort in the URL; checkout offers the saved address and asks for the state', async () => {
  const page = await shopper();
  await page.getByLabel('Search name or brand').fill('rio negro');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByLabel('Sort by').selectOption('price-desc');
  await expect(page.evaluate(() => location.hash)).resolves.toBe('#/?q=rio+negro&sort=price-desc');
  await page.reload();
  await page.locator('.product-card').first().waitFor();
  const names = await page.locator('.product-card .product-name').allTextContents();
  expect(names.length).toBeGreaterThan(0);
  expect(names.every((n) => /Rio Negro/.test(n))).toBe(true);
  await expect(page.getByLabel('Search name or brand').inputValue()).resolves.toBe('rio negro');
  await screenshot(page, 'storefront-search');

  // The demo shopper has ordered before (the tests above): checkout offers that address.
  await addProduct(page, session.stack.webUrl, 'Rio Negro Torpedo', 1);
  await page.goto(`${session.stack.webUrl}#/checkout`);
  await page.getByRole('button', { name: 'Deliver to my saved address' }).click();
  await expect(page.getByLabel('Full name').inputValue()).resolves.toBe('Sam Shopper');
  await expect(page.getByLabel('State').inputValue()).resolves.toBe('NY');
  await page.getByLabel('State').selectOption('');
  await page.getByRole('button', { name: /^Pay/ }).click();
  await page.getByText('Choose the state.').waitFor();
  await focusOn(page, 'region');
  await page.getByLabel('State').selectOption('NY');
  await screenshot(page, 'storefront-checkout-saved-address');
  await page.getByRole('button', { name: /^Pay/ }).click();
  await page.locator('h1[data-order-id]').waitFor();
  await page.getByText('New York, NY 10118').waitFor();
});
