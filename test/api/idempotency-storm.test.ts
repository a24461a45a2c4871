// Issue 14 item 1: many concurrent placeOrder calls with one idempotency key. API.md §1: "Same key
// and same body: the same order again, never a second one", and the same key with another body is
// `IdempotencyConflict`. Each round sends one body many times and a second body a few times, all at
// once, through GraphQL, each asking again on OperationInProgress as the storefront does; one body
// wins the key. Checked where the effects land: the Orders table
// (one order for the key), the Payments table (one live authorisation, none orphaned), the stock
// row (fell once), and the invariant checker over every table.
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ClientError, type GraphQLClient } from 'graphql-request';
import { tableName } from '../../infra/tables.ts';
import { stockKey } from '../../tasks/warehouse/inventory.ts';
import type { StockRow } from '../../tasks/warehouse/inventory.ts';
import type { AuthorisationRecord } from '../../tasks/payment/payments.ts';
import { PLACE_ORDER, PRODUCTS, usAddress } from '../support/operations.ts';
import { checkInvariants } from '../support/invariants.ts';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { askAgainWhileInProgress } from '../../web/src/ask-again.ts';

interface Product { id: string; price: { amount: number; currency: string } }
type Answer = { id: string } | { errorType: string };

const rounds = Number(process.env.IDEMPOTENCY_STORM_ROUNDS ?? 6);
const sameBody = 50;
const otherBody = 4;

let env: TestPlatform;
let shopper: GraphQLClient;
let products: Product[];

beforeAll(async () => {
  env = await startTestPlatform();
  shopper = await env.newShopper('storm');
  const { products: page } = await env.anonymous().request<{ products: { items: Product[] } }>(PRODUCTS, { category: 'Robusto', limit: 100 });
  products = page.items;
}, 120_000);
afterAll(async () => { await env?.close(); });

/** As the storefront places an order: asked again, same key, while the answer is OperationInProgress (web/src/ask-again.ts). */
async function place(input: unknown): Promise<Answer> {
  try {
    const { placeOrder } = await askAgainWhileInProgress(() => shopper.request<{ placeOrder: { id: string } }>(PLACE_ORDER, { input }),
      (err) => (err instanceof ClientError ? (err.response.errors?.[0] as { errorType?: string } | undefined)?.errorType : undefined));
    return { id: placeOrder.id };
  } catch (err) {
    if (err instanceof ClientError) return { errorType: String((err.response.errors?.[0] as { errorType?: string } | undefined)?.errorType) };
    throw err;
  }
}

async function stockOf(productId: string): Promise<StockRow> {
  const { Item } = await env.doc.send(new GetCommand({ TableName: tableName('Inventory'), Key: stockKey(productId, env.outputs.region), ConsistentRead: true }));
  return Item as StockRow;
}

async function scanAll<T>(table: 'Orders' | 'Payments'): Promise<T[]> {
  const items: T[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await env.doc.send(new ScanCommand({ TableName: tableName(table), ConsistentRead: true, ExclusiveStartKey }));
    items.push(...(page.Items ?? []) as T[]);
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey !== undefined);
  return items;
}

describe('placeOrder under an idempotency storm', () => {
  it.each(Array.from({ length: rounds }, (_, i) => i + 1))('round %i: one order, one authorisation, stock taken once', async (round) => {
    const product = products[round % products.length]!;
    const key = `storm-${round}-${Date.now()}`;
    const body = (quantity: number) => ({
      idempotencyKey: key, paymentToken: 'tok_visa', deliveryAddress: usAddress,
      items: [{ productId: product.id, quantity, unitPrice: product.price }],
    });
    const before = await stockOf(product.id);

    // Interleaved so neither body is reliably first.
    const calls: Promise<[quantity: number, answer: Answer]>[] = [];
    for (let i = 0; i < sameBody + otherBody; i++) {
      const quantity = i % 13 === 6 ? 2 : 1; // i = 6, 19, 32, 45: the other body
      calls.push(place(body(quantity)).then((answer) => [quantity, answer]));
    }
    const answers = await Promise.all(calls);

    const byQuantity = (q: number) => answers.filter(([quantity]) => quantity === q).map(([, answer]) => answer);
    const groups = [byQuantity(1), byQuantity(2)];
    const winner = groups.findIndex((g) => g.some((a) => 'id' in a));
    expect(winner).toBeGreaterThanOrEqual(0);
    const winning = groups[winner]!;
    const losing = groups[1 - winner]!;
    const ids = new Set(winning.map((a) => ('id' in a ? a.id : `error:${a.errorType}`)));
    expect([...ids]).toHaveLength(1);
    const [orderId] = [...ids];
    expect(orderId).not.toMatch(/^error:/);
    expect(losing.map((a) => ('errorType' in a ? a.errorType : `order ${a.id}`))).toEqual(losing.map(() => 'IdempotencyConflict'));

    // The Orders table: exactly one order for this key.
    const orders = (await scanAll<{ id: string; idempotencyKey: string }>('Orders')).filter((o) => o.idempotencyKey === key);
    expect(orders.map((o) => o.id)).toEqual([orderId]);

    // The Payments table: one live authorisation, for that order; no authorisation left for an
    // order that was never stored.
    const payments = await scanAll<AuthorisationRecord & { operation: string }>('Payments');
    const orderIds = new Set((await scanAll<{ id: string }>('Orders')).map((o) => o.id));
    expect(payments.filter((p) => p.operation === 'AUTHORISATION' && p.status === 'AUTHORISED' && !orderIds.has(p.orderId))).toEqual([]);
    expect(payments.filter((p) => p.orderId === orderId && p.operation === 'AUTHORISATION').map((p) => p.status)).toEqual(['AUTHORISED']);

    // Stock fell exactly once, by the winning body's quantity.
    const quantity = winner === 0 ? 1 : 2;
    const after = await stockOf(product.id);
    expect(before.available - after.available).toBe(quantity);
    expect(after.reserved - before.reserved).toBe(quantity);

    expect(await checkInvariants(env.doc, env.invariants)).toEqual([]);
  }, 120_000);
});
