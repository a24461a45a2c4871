// The invariant checker (test/support/invariants.ts), exercised on the local DynamoDB endpoint with
// the real task handlers run in saga order (EventBridge mocked): every finished saga, compensated
// or not, leaves the tables consistent; each kind of damage is reported by its rule.
import '../helpers/env.ts';
import 'aws-sdk-client-mock-jest';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { useCatalogueDb } from '../helpers/catalogue-db.ts';
import { assertInvariants, checkInvariants } from '../../support/invariants.ts';
import { tables } from '../../../infra/tables.ts';
import { cigar, checkoutInput, usAddress } from '../helpers/fixtures.ts';
import { lambdaContext } from '../helpers/context.ts';
import { handler as validateOrder } from '../../../tasks/orders/validate-order.ts';
import type { CheckoutInput } from '../../../tasks/orders/validate-order.ts';
import { handler as reserveStock } from '../../../tasks/warehouse/reserve-stock.ts';
import { handler as releaseStock } from '../../../tasks/warehouse/release-stock.ts';
import { handler as dispatchStock } from '../../../tasks/warehouse/dispatch-stock.ts';
import { handler as restock } from '../../../tasks/warehouse/restock.ts';
import { handler as requestPacking } from '../../../tasks/warehouse/request-packing.ts';
import { handler as authorisePayment } from '../../../tasks/payment/authorise-payment.ts';
import { handler as capturePayment } from '../../../tasks/payment/capture-payment.ts';
import { handler as voidPayment } from '../../../tasks/payment/void-payment.ts';
import { handler as refundPayment } from '../../../tasks/payment/refund-payment.ts';
import { handler as storeOrder } from '../../../tasks/orders/store-order.ts';
import { handler as markOrder } from '../../../tasks/orders/mark-order.ts';
import { handler as updateOrder } from '../../../tasks/orders/update-order.ts';
import { handler as bookShipment } from '../../../tasks/delivery/book-shipment.ts';
import { handler as awaitDelivery } from '../../../tasks/delivery/await-delivery.ts';
import { handler as checkRefund } from '../../../tasks/finance/check-refund.ts';
import { handler as writeLedger } from '../../../tasks/finance/write-ledger.ts';
import { handler as finishRefund } from '../../../tasks/finance/finish-refund.ts';
import type { Violation } from '../../support/invariants.ts';


const db = useCatalogueDb(10);
const { events } = db;

/** Checkout's steps as its ASL runs them, up to the stored order. */
async function checkout(key: string, overrides: Record<string, unknown> = {}) {
  const executionId = `checkout-${key}`;
  const quote = await validateOrder(checkoutInput({ idempotencyKey: key, ...overrides }) as unknown as CheckoutInput, lambdaContext);
  await reserveStock({ orderId: quote.orderId, executionId, items: quote.items }, lambdaContext);
  const payment = await authorisePayment({ orderId: quote.orderId, executionId, amount: quote.total, paymentToken: String(overrides.paymentToken ?? 'tok_visa') }, lambdaContext)
    .catch(async (error: Error) => {
      await releaseStock({ orderId: quote.orderId, executionId }, lambdaContext);
      throw error;
    });
  const order = await storeOrder({ executionId, userId: 'user-1', idempotencyKey: key, ...quote, authorisationId: payment.authorisationId }, lambdaContext);
  return { orderId: order.id, executionId: `order-${order.id}` };
}

/** Fulfilment's steps up to the parcel being out for delivery. */
async function shipIt(orderId: string, executionId: string) {
  await requestPacking({ orderId, taskToken: `pack-${orderId}` }, lambdaContext);
  await markOrder({ orderId, executionId, status: 'PACKED' }, lambdaContext);
  await capturePayment({ orderId, executionId }, lambdaContext);
  await writeLedger({ orderId, kind: 'CAPTURE' }, lambdaContext);
  await bookShipment({ orderId, executionId, packing: { packages: 1 } }, lambdaContext);
  await dispatchStock({ orderId, executionId }, lambdaContext);
  await awaitDelivery({ orderId, taskToken: `deliver-${orderId}` }, lambdaContext);
}

const stockRow = async () => (await db.doc.send(new GetCommand({ TableName: tables.Inventory.tableName, Key: { pk: `PRODUCT#${cigar.id}`, sk: 'REGION#us-east-1' } }))).Item!;
const rules = (violations: Violation[]) => violations.map((v) => v.rule);

describe('finished sagas leave the tables consistent', () => {
  test('delivered, then partly refunded with one item returned', async () => {
    const { orderId, executionId } = await checkout('happy');
    await shipIt(orderId, executionId);
    await markOrder({ orderId, executionId, status: 'DELIVERED' }, lambdaContext);
    await assertInvariants(db.doc, db.invariants);

    const refund = { refundId: 'rf-happy', orderId, amount: { amount: 1_250, currency: 'USD' }, reason: 'one was damaged', requestedBy: 'user-1', items: [{ productId: cigar.id, quantity: 1 }] };
    const checked = await checkRefund(refund, lambdaContext);
    expect(checked.needsApproval).toBe(false);
    const payment = await refundPayment({ orderId, refundId: refund.refundId, amount: checked.amount }, lambdaContext);
    const back = await restock({ orderId, returnId: refund.refundId, items: checked.items }, lambdaContext);
    await writeLedger({ orderId, kind: 'REFUND', refundId: refund.refundId }, lambdaContext);
    const updated = await updateOrder({ orderId, refundId: refund.refundId, amount: checked.amount }, lambdaContext);
    await finishRefund({ refundId: refund.refundId, status: 'REFUNDED', payment, restock: back, order: updated }, lambdaContext);

    const snapshot = await assertInvariants(db.doc, db.invariants);
    const records = snapshot.orders.get(orderId)!;
    expect(records.order!.status).toBe('PARTIALLY_REFUNDED');
    expect(records.order!.history.map((h) => h.status)).toEqual(['PLACED', 'PACKING', 'PACKED', 'SHIPPED', 'DELIVERED', 'PARTIALLY_REFUNDED']);
    expect(records.capture!.refundable).toBe(3_099 - 1_250);
    expect(records.ledgerEntries.map((e) => [e.kind, e.amount.amount]).sort()).toEqual([['CAPTURE', 3_099], ['REFUND', 1_250]]);
    expect(await stockRow()).toMatchObject({ available: 9, reserved: 0 });
  });

  test('packing failed: payment voided, stock released, order FAILED', async () => {
    const { orderId, executionId } = await checkout('packing-failed');
    await requestPacking({ orderId, taskToken: `pack-${orderId}` }, lambdaContext);
    expect(await stockRow()).toMatchObject({ reserved: 2 });
    await voidPayment({ orderId, executionId }, lambdaContext);
    await releaseStock({ orderId, executionId }, lambdaContext);
    await markOrder({ orderId, executionId, status: 'FAILED', note: 'PackingFailed' }, lambdaContext);
    const snapshot = await assertInvariants(db.doc, db.invariants);
    expect(snapshot.orders.get(orderId)!.authorisation!.status).toBe('VOIDED');
    expect(await stockRow()).toMatchObject({ available: 9, reserved: 0 });
  });

  test('declined at checkout: stock released, no order, nothing authorised', async () => {
    await expect(checkout('declined', { paymentToken: 'tok_declined' })).rejects.toMatchObject({ name: 'PaymentDeclined' });
    await assertInvariants(db.doc, db.invariants);
    expect(await stockRow()).toMatchObject({ available: 9, reserved: 0 });
  });

  test('delivery failed: refunded in full, goods restocked, order FAILED', async () => {
    const { orderId, executionId } = await checkout('lost-parcel');
    await shipIt(orderId, executionId);
    await refundPayment({ orderId, refundId: 'COMPENSATION' }, lambdaContext);
    await writeLedger({ orderId, kind: 'REFUND', refundId: 'COMPENSATION' }, lambdaContext);
    await restock({ orderId, returnId: 'DELIVERY' }, lambdaContext);
    await markOrder({ orderId, executionId, status: 'FAILED', note: 'DeliveryFailed' }, lambdaContext);
    const snapshot = await assertInvariants(db.doc, db.invariants);
    expect(snapshot.orders.get(orderId)!.capture!.refundable).toBe(0);
    expect(await stockRow()).toMatchObject({ available: 9, reserved: 0 });
  });

  test('replaying every step changes nothing (idempotent tasks)', async () => {
    const before = await stockRow();
    const again = await checkout('happy');
    await shipIt(again.orderId, again.executionId);
    expect(await stockRow()).toEqual(before);
    await assertInvariants(db.doc, db.invariants);
  });
});

describe('each kind of damage is reported', () => {
  const damage = async (tamper: () => Promise<unknown>, undo: () => Promise<unknown>) => {
    await tamper();
    try {
      return rules(await checkInvariants(db.doc, db.invariants));
    } finally {
      await undo();
      expect(await checkInvariants(db.doc, db.invariants)).toEqual([]);
    }
  };
  const setStock = (values: Record<string, number>) => db.doc.send(new UpdateCommand({
    TableName: tables.Inventory.tableName, Key: { pk: `PRODUCT#${cigar.id}`, sk: 'REGION#us-east-1' },
    UpdateExpression: 'SET available = :a, reserved = :r', ExpressionAttributeValues: { ':a': values.available, ':r': values.reserved },
  }));

  test('negative or unaccounted stock', async () => {
    const row = await stockRow();
    expect(await damage(() => setStock({ available: -1, reserved: 0 }), () => setStock(row as Record<string, number>)))
      .toEqual(expect.arrayContaining(['stock.nonNegative', 'stock.conserved']));
  });

  test('warehouse stock movements (restock mutation) are part of the stock account', async () => {
    const row = await stockRow();
    const movement = { pk: `PRODUCT#${cigar.id}`, sk: 'MOVEMENT#2026-11-25T00:00:00.000Z#01', quantity: 5, region: 'us-east-1', at: 't', by: 'warehouse' };
    await db.doc.send(new PutCommand({ TableName: tables.Inventory.tableName, Item: movement }));
    await setStock({ available: row.available + 5, reserved: row.reserved });
    expect(await checkInvariants(db.doc, db.invariants)).toEqual([]);
    expect(await damage(() => setStock({ available: row.available, reserved: row.reserved }), () => setStock({ available: row.available + 5, reserved: row.reserved })))
      .toEqual(['stock.conserved']);
    await db.doc.send(new DeleteCommand({ TableName: tables.Inventory.tableName, Key: { pk: movement.pk, sk: movement.sk } }));
    await setStock(row as Record<string, number>);
  });

  test('reserved that no reservation holds', async () => {
    const row = await stockRow();
    expect(await damage(() => setStock({ available: row.available - 1, reserved: 1 }), () => setStock(row as Record<string, number>)))
      .toEqual(['stock.reservedMatchesReservations']);
  });

  test('a ledger line lost, and an unbalanced ledger', async () => {
    const { Items } = await db.doc.send(new (await import('@aws-sdk/lib-dynamodb')).ScanCommand({ TableName: tables.Refunds.tableName }));
    const line = Items!.find((i) => String(i.pk).startsWith('LEDGER#'))!;
    const key = { pk: line.pk, sk: line.sk };
    expect(await damage(() => db.doc.send(new DeleteCommand({ TableName: tables.Refunds.tableName, Key: key })),
      () => db.doc.send(new PutCommand({ TableName: tables.Refunds.tableName, Item: line })))).toEqual(['ledger.balanced']);
  });

  test('a status the records contradict, and a history that does not end in it', async () => {
    const { Items } = await db.doc.send(new (await import('@aws-sdk/lib-dynamodb')).ScanCommand({ TableName: tables.Orders.tableName }));
    const failed = Items!.find((o) => o.status === 'FAILED' && o.history.at(-1).note === 'PackingFailed')!;
    const setStatus = (status: string) => db.doc.send(new UpdateCommand({
      TableName: tables.Orders.tableName, Key: { id: failed.id }, UpdateExpression: 'SET #s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': status },
    }));
    expect(await damage(() => setStatus('SHIPPED'), () => setStatus('FAILED')))
      .toEqual(expect.arrayContaining(['order.historyEndsInStatus', 'order.status.payment', 'order.status.stock', 'order.status.shipment']));
  });

  test('a checkout that stored no order but kept the payment authorised', async () => {
    const authorisation = { orderId: 'ghost', operation: 'AUTHORISATION', authorisationId: 'auth_ghost', amount: { amount: 1, currency: 'USD' }, status: 'AUTHORISED', authorisedAt: 't' };
    expect(await damage(() => db.doc.send(new PutCommand({ TableName: tables.Payments.tableName, Item: authorisation })),
      () => db.doc.send(new DeleteCommand({ TableName: tables.Payments.tableName, Key: { orderId: 'ghost', operation: 'AUTHORISATION' } }))))
      // ... and the provider holds nothing for it: the table's claim is checked at the provider too.
      .toEqual(['checkout.compensated', 'provider.held']);
  });

  test('a refund beyond the capture, and refundable that does not add up', async () => {
    const refund = { orderId: 'ghost2', operation: 'REFUND#x', refundId: 'x', amount: { amount: 5, currency: 'USD' }, status: 'REFUNDED', requestedAt: 't' };
    expect(await damage(() => db.doc.send(new PutCommand({ TableName: tables.Payments.tableName, Item: refund })),
      () => db.doc.send(new DeleteCommand({ TableName: tables.Payments.tableName, Key: { orderId: 'ghost2', operation: 'REFUND#x' } }))))
      .toEqual(expect.arrayContaining(['money.refundNeedsCapture', 'money.refundsWithinCapture', 'ledger.refund']));
  });
});

test('status events were published for every change (source bigsmokes.orders)', () => {
  const statuses = events.commandCalls(PutEventsCommand).map((c) => JSON.parse(c.args[0].input.Entries![0]!.Detail!).status);
  expect(new Set(statuses)).toEqual(new Set(['PLACED', 'PACKING', 'PACKED', 'SHIPPED', 'DELIVERED', 'PARTIALLY_REFUNDED', 'FAILED']));
  expect(usAddress.country).toBe('US');
});
