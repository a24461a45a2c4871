// The shopper's and the staff's steps through the pages, as people click them.
import { expect } from '@jest/globals';
import type { Page } from 'playwright-core';

export interface Address { name: string; line1: string; city: string; postalCode: string; country: string; region?: string }
export const NEW_YORK: Address = { name: 'Sam Shopper', line1: '350 Fifth Avenue', city: 'New York', postalCode: '10118', country: 'US', region: 'NY' };

/** Adds a product from its page, found by searching its exact name. */
export async function addProduct(page: Page, webUrl: string, name: string, quantity = 1): Promise<void> {
  // The catalogue shows twelve a page: find the product by its name, as a shopper would.
  await page.goto(`${webUrl}#/?q=${encodeURIComponent(name)}`);
  await page.getByRole('heading', { level: 2, name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
  await page.getByLabel('Quantity').fill(String(quantity));
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await page.getByText(`${quantity} × ${name} added to your cart.`).waitFor();
}

export type CheckoutResult = { orderId: string } | { error: string };

/** Fills the checkout form and pays; returns the placed order's id, or the error the page shows. */
export async function checkout(page: Page, webUrl: string, card: string, address: Address = NEW_YORK): Promise<CheckoutResult> {
  await page.goto(`${webUrl}#/checkout`);
  await page.getByRole('heading', { level: 1, name: 'Checkout' }).waitFor();
  await page.getByLabel('Full name').fill(address.name);
  await page.getByLabel('Address line 1').fill(address.line1);
  await page.getByLabel('City').fill(address.city);
  await page.getByLabel('Postal code').fill(address.postalCode);
  await page.getByLabel('Country').selectOption(address.country);
  if (address.region) await page.getByLabel(/^(State|Province)$/).selectOption(address.region);
  await page.getByLabel(card).check();
  await page.getByRole('button', { name: /^(Pay|Place order)/ }).click();
  const placed = page.getByRole('heading', { level: 1, name: /^Order / });
  const failed = page.locator('#checkout-error [role="alert"]');
  await placed.or(failed).first().waitFor();
  if (await failed.isVisible()) return { error: ((await failed.textContent()) ?? '').trim() };
  return { orderId: (await page.locator('h1[data-order-id]').getAttribute('data-order-id')) ?? '' };
}

/** Checks out and expects an order (the assertion shows the page's error otherwise). */
export async function placeOrder(page: Page, webUrl: string, card: string): Promise<string> {
  const result = await checkout(page, webUrl, card);
  expect(result).toEqual({ orderId: expect.stringMatching(/\S/) });
  return (result as { orderId: string }).orderId;
}

export async function orderStatus(page: Page): Promise<string> {
  return ((await page.getByTestId('order-status').textContent()) ?? '').trim();
}

/** Warehouse: waits for the order in the packing queue (refreshing it) and confirms it packed. */
export async function packOrder(page: Page, webUrl: string, orderId: string, packages = 1): Promise<void> {
  await page.goto(`${webUrl}#/console/warehouse`);
  const card = page.locator(`[data-order-id="${orderId}"]`);
  for (let i = 0; i < 60 && !(await card.isVisible()); i++) {
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.waitForTimeout(1000);
  }
  await card.getByLabel('Packages').fill(String(packages));
  await card.getByRole('button', { name: /Confirm packed/ }).click();
  await expectToast(page, new RegExp(`^Order BS-\\d+ packed in ${packages} package`));
  // The packed order leaves the queue at once.
  await expect(card.count()).resolves.toBe(0);
}

/** Waits for a success message, or fails with the error the page shows instead. */
export async function expectOutcome(page: Page, success: string): Promise<void> {
  const done = page.getByText(success);
  const failed = page.getByRole('alert');
  await done.or(failed).first().waitFor();
  expect(await failed.count() ? await failed.first().textContent() : success).toBe(success);
}

/** Waits for the toast that confirms an action, or fails with the error the page shows instead. */
export async function expectToast(page: Page, text: RegExp): Promise<string> {
  const toast = page.getByTestId('toast').filter({ hasText: text });
  const failed = page.getByRole('alert');
  await toast.or(failed).first().waitFor();
  if (await failed.count()) throw new Error(`the page shows an error: ${await failed.first().textContent()}`);
  return (await toast.textContent()) ?? '';
}
