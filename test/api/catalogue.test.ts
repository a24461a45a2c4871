// The catalogue through GraphQL: anonymous reads with the API key, paging, and the catalogue and
// warehouse teams' mutations with their conditions (API.md §1).
import { catalogue } from '../../local/seed/catalogue.ts';
import { PLACE_ORDER, PRODUCT, PRODUCTS, RESTOCK, SAVE_PRODUCT, usAddress } from '../support/operations.ts';
import { errorTypeOf, startTestPlatform, type TestPlatform } from '../support/platform.ts';

interface Product { id: string; name: string; category: string; price: { amount: number; currency: string }; stock: number; onSale: boolean; updatedAt: string }

let env: TestPlatform;
beforeAll(async () => { env = await startTestPlatform(); });
afterAll(async () => { await env.close(); });

const newProduct = { name: 'Test Belicoso', brand: 'Isla Verde', category: 'Torpedo', price: { amount: 1800, currency: 'USD' }, onSale: true,
  attributes: JSON.stringify({ strength: 'Medium', vitola: 'Belicoso' }) };

it('pages through the whole seeded catalogue anonymously, and by category', async () => {
  const anonymous = env.anonymous();
  const ids: string[] = [];
  let nextToken: string | null = null;
  do {
    const page: { products: { items: Product[]; nextToken: string | null } } = await anonymous.request(PRODUCTS, { limit: 7, nextToken });
    ids.push(...page.products.items.map((p) => p.id));
    nextToken = page.products.nextToken;
  } while (nextToken);
  expect(new Set(ids).size).toBe(catalogue.length);
  const { products } = await anonymous.request<{ products: { items: Product[] } }>(PRODUCTS, { category: 'Lancero', limit: 50 });
  expect(products.items.map((p) => p.category)).toEqual(catalogue.filter((p) => p.category === 'Lancero').map(() => 'Lancero'));
  expect((await anonymous.request<{ product: Product | null }>(PRODUCT, { id: 'unknown' })).product).toBeNull();
  expect(await errorTypeOf(anonymous.request(PRODUCTS, { limit: 0 }))).toBe('ValidationError');
});

it('lets the catalogue team create and change products, never over another editor\'s change', async () => {
  const catalog = await env.as('catalog');
  const { saveProduct: created } = await catalog.request<{ saveProduct: Product }>(SAVE_PRODUCT, { input: newProduct });
  expect(created).toMatchObject({ name: 'Test Belicoso', stock: 0, onSale: true });

  const { saveProduct: changed } = await catalog.request<{ saveProduct: Product }>(SAVE_PRODUCT, { input: {
    ...newProduct, id: created.id, price: { amount: 1900, currency: 'USD' }, expectedUpdatedAt: created.updatedAt } });
  expect(changed.price.amount).toBe(1900);
  // A second editor still holding the first version is refused, and the change stays.
  expect(await errorTypeOf(catalog.request(SAVE_PRODUCT, { input: {
    ...newProduct, id: created.id, price: { amount: 100, currency: 'USD' }, expectedUpdatedAt: created.updatedAt } }))).toBe('InvalidState');
  expect((await env.anonymous().request<{ product: Product }>(PRODUCT, { id: created.id })).product.price.amount).toBe(1900);

  expect(await errorTypeOf(catalog.request(SAVE_PRODUCT, { input: { ...newProduct, id: 'missing', expectedUpdatedAt: created.updatedAt } }))).toBe('NotFound');
  expect(await errorTypeOf(catalog.request(SAVE_PRODUCT, { input: { ...newProduct, id: created.id } }))).toBe('ValidationError');
  expect(await errorTypeOf(catalog.request(SAVE_PRODUCT, { input: { ...newProduct, price: { amount: -1, currency: 'USD' } } }))).toBe('ValidationError');
  expect(await errorTypeOf((await env.as('shopper')).request(SAVE_PRODUCT, { input: newProduct }))).toBe('Unauthorized');
});

it('restocks, and never writes stock off below what orders have reserved', async () => {
  const [catalog, warehouse, shopper] = await Promise.all([env.as('catalog'), env.as('warehouse'), env.as('shopper')]);
  const { saveProduct } = await catalog.request<{ saveProduct: Product }>(SAVE_PRODUCT, { input: { ...newProduct, name: 'Reserved Robusto' } });
  expect((await warehouse.request<{ restock: Product }>(RESTOCK, { productId: saveProduct.id, quantity: 5, note: 'Delivery 42' })).restock.stock).toBe(5);
  await shopper.request(PLACE_ORDER, { input: { idempotencyKey: 'reserve-3', paymentToken: 'tok_visa', deliveryAddress: usAddress,
    items: [{ productId: saveProduct.id, quantity: 3, unitPrice: saveProduct.price }] } });
  // 2 remain available; 3 are reserved for the order.
  expect(await errorTypeOf(warehouse.request(RESTOCK, { productId: saveProduct.id, quantity: -3, note: 'Mould' }))).toBe('ValidationError');
  expect((await warehouse.request<{ restock: Product }>(RESTOCK, { productId: saveProduct.id, quantity: -2, note: 'Mould' })).restock.stock).toBe(0);
  expect(await errorTypeOf(warehouse.request(RESTOCK, { productId: saveProduct.id, quantity: 0 }))).toBe('ValidationError');
  expect(await errorTypeOf(warehouse.request(RESTOCK, { productId: 'missing', quantity: 1 }))).toBe('NotFound');
});
