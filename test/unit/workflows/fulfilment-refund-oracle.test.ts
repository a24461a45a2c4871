// Fulfilment and Refund ASL run on aws-local-stepfunctions with the real tasks against the local
// DynamoDB. Each business failure, cancellation and human-step timeout ends compensated and
// consistent (invariants checked after every test); a carrier outage past its retries fails the
// execution in place, and resuming at the failed state finishes it with one capture and one shipment.
import '../helpers/env.ts';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { useCatalogueDb } from '../helpers/catalogue-db.ts';
import { assertInvariants, readSnapshot } from '../../support/invariants.ts';
import { tables } from '../../../infra/tables.ts';
import { cigar, checkoutInput } from '../helpers/fixtures.ts';
import { NamedError, runWorkflow } from '../helpers/oracle.ts';
import { setCarrierOutage } from '../../../tasks/delivery/sandbox-carrier.ts';
import { adoptOrders } from '../../../tasks/regions/adopt-region.ts';

let seq = 0;

const db = useCatalogueDb(1000);

afterEach(async () => {
  setCarrierOutage(false);
  await assertInvariants(db.doc, db.invariants);
});

async function placedOrder(): Promise<string> {
  const run = await runWorkflow('checkout', { input: checkoutInput({ idempotencyKey: `f-${++seq}` }) });
  return (run.output as { orderId: string }).orderId;
}

/**
 * The survivor's replica after an evacuation adopted eu-west-1's row of the cigar (5 units left):
 * the order's `quantity` leaves this region's row, whose reservation record is being moved or
 * removed by the test, as if the checkout had reserved there.
 */
async function lostRegionRowAdopted(quantity: number): Promise<void> {
  await db.doc.send(new UpdateCommand({ TableName: tables.Inventory.tableName, Key: { pk: `PRODUCT#${cigar.id}`, sk: 'REGION#us-east-1' },
    UpdateExpression: 'SET available = available + :q, reserved = reserved - :q', ExpressionAttributeValues: { ':q': quantity } }));
  await db.doc.send(new PutCommand({ TableName: tables.Inventory.tableName, Item: {
    pk: `PRODUCT#${cigar.id}`, sk: 'REGION#eu-west-1', productId: cigar.id, region: 'eu-west-1', available: 5, reserved: 0, ownerRegion: 'us-east-1', ownerEpoch: 1 } }));
}
const homeIn = (orderId: string, region: string) => db.doc.send(new UpdateCommand({
  TableName: tables.Orders.tableName, Key: { id: orderId }, UpdateExpression: 'SET homeRegion = :lost', ExpressionAttributeValues: { ':lost': region } }));

const packed = () => ({ packages: 1 });
const delivered = () => ({ status: 'DELIVERED' });
const fail = (name: string) => () => { throw new NamedError(name, `${name} (test)`); };
const recordsOf = async (orderId: string) => (await readSnapshot(db.doc)).orders.get(orderId)!;

/** What cancelOrder does before failing the pending token: a conditional write and a history entry. */
const cancel = (orderId: string) => db.doc.send(new UpdateCommand({
  TableName: tables.Orders.tableName, Key: { id: orderId },
  UpdateExpression: 'SET #s = :c, #h = list_append(#h, :e)', ConditionExpression: '#s IN (:p, :k)',
  ExpressionAttributeNames: { '#s': 'status', '#h': 'history' },
  ExpressionAttributeValues: { ':c': 'CANCELLED', ':p': 'PLACED', ':k': 'PACKING', ':e': [{ status: 'CANCELLED', at: new Date().toISOString() }] },
}));

describe('Fulfilment on the oracle', () => {
  test('packs, captures, books, dispatches and delivers: DELIVERED, one capture booked in the ledger', async () => {
    const orderId = await placedOrder();
    const run = await runWorkflow('fulfilment', { input: { orderId }, human: { RequestPacking: packed, AwaitDelivery: delivered } });
    expect(run.error).toBeUndefined();
    expect(run.visited).toEqual(['RequestPacking', 'MarkPacked', 'CapturePayment', 'BookCapture', 'BookShipment', 'DispatchStock', 'AwaitDelivery', 'MarkDelivered']);
    const r = await recordsOf(orderId);
    expect(r.order!.status).toBe('DELIVERED');
    expect(r.order!.history.map((h) => h.status)).toEqual(['PLACED', 'PACKING', 'PACKED', 'SHIPPED', 'DELIVERED']);
    expect(r.shipment).toMatchObject({ trackingNumber: r.order!.trackingNumber, taskToken: expect.any(String) });
    expect(r.ledgerEntries).toHaveLength(1);
  });

  test.each([
    ['PackingFailed', { RequestPacking: fail('PackingFailed') }, {}],
    ['States.Timeout (packing, 2 days)', { RequestPacking: fail('States.Timeout') }, {}],
    ['PaymentDeclined at capture', { RequestPacking: packed }, { CapturePayment: () => new NamedError('PaymentDeclined') }],
  ])('%s before capture: payment voided, stock released, order FAILED, execution succeeds as COMPENSATED', async (_, human, inject) => {
    const orderId = await placedOrder();
    const run = await runWorkflow('fulfilment', { input: { orderId }, human, inject });
    expect(run.output).toMatchObject({ orderId, outcome: 'COMPENSATED' });
    const r = await recordsOf(orderId);
    expect(r.order!.status).toBe('FAILED');
    expect(r.authorisation!.status).toBe('VOIDED');
    expect(r.reservation!.status).toBe('RELEASED');
  });

  test('cancelled while packing: cancelOrder fails the token with OrderCancelled; the order stays CANCELLED, voided and released', async () => {
    const orderId = await placedOrder();
    const run = await runWorkflow('fulfilment', {
      input: { orderId },
      human: { RequestPacking: () => cancel(orderId).then(() => { throw new NamedError('OrderCancelled'); }) },
    });
    expect(run.output).toMatchObject({ outcome: 'COMPENSATED', error: { Error: 'OrderCancelled' } });
    const r = await recordsOf(orderId);
    expect(r.order!.status).toBe('CANCELLED');
    expect(r.authorisation!.status).toBe('VOIDED');
    expect(r.reservation!.status).toBe('RELEASED');
  });

  test('the carrier refuses (DeliveryFailed at booking): refunded in full and booked, stock released, FAILED', async () => {
    const orderId = await placedOrder();
    const run = await runWorkflow('fulfilment', { input: { orderId }, human: { RequestPacking: packed }, inject: { BookShipment: () => new NamedError('DeliveryFailed') } });
    expect(run.visited.slice(-4)).toEqual(['RefundCaptured', 'BookCompensationRefund', 'ReleaseAfterCapture', 'MarkFailed']);
    const r = await recordsOf(orderId);
    expect(r.order!.status).toBe('FAILED');
    expect(r.capture!.refundable).toBe(0);
    expect(r.ledgerEntries.map((e) => e.kind).sort()).toEqual(['CAPTURE', 'REFUND']);
  });

  test.each([['DeliveryFailed'], ['States.Timeout']])('%s while out for delivery: refunded in full, goods restocked, FAILED', async (error) => {
    const orderId = await placedOrder();
    const run = await runWorkflow('fulfilment', { input: { orderId }, human: { RequestPacking: packed, AwaitDelivery: fail(error) } });
    expect(run.visited.slice(-4)).toEqual(['RefundReturned', 'BookReturnRefund', 'RestockReturned', 'MarkFailed']);
    const r = await recordsOf(orderId);
    expect(r.order!.status).toBe('FAILED');
    expect(r.returns.map((x) => x.items)).toEqual([[{ productId: cigar.id, quantity: 2 }]]);
  });

  test('a carrier outage past its retries is not caught: fails in place at BookShipment; resumed there, it ships once', async () => {
    const orderId = await placedOrder();
    setCarrierOutage(true);
    const failed = await runWorkflow('fulfilment', { input: { orderId }, human: { RequestPacking: packed, AwaitDelivery: delivered } });
    expect(failed.error).toBe('CarrierUnavailable');
    expect(failed.visited.filter((s) => s === 'BookShipment')).toHaveLength(4);
    expect(failed.visited).not.toContain('RefundCaptured');
    const stuck = await recordsOf(orderId);
    expect(stuck.order!.status).toBe('PACKED');
    expect(stuck.shipment).toBeUndefined();

    setCarrierOutage(false);
    const redriven = await runWorkflow('fulfilment', {
      startAt: 'BookShipment', input: { orderId, packing: { packages: 1 } }, human: { AwaitDelivery: delivered },
    });
    expect(redriven.error).toBeUndefined();
    const r = await recordsOf(orderId);
    expect(r.order!.status).toBe('DELIVERED');
    expect(r.ledgerEntries).toHaveLength(1);
    expect(r.capture).toBeDefined();
  });

  // Issue 16 drill: a region lost between MarkPacked and BookShipment left PACKED orders whose
  // adopted saga, resumed at CapturePayment, failed with States.Runtime ($.packing missing).
  test('an order adopted while PACKED (its region lost before the booking) resumes in the survivor and ships once, in the parcels the warehouse reported', async () => {
    const orderId = await placedOrder();
    setCarrierOutage(true);
    const failed = await runWorkflow('fulfilment', { input: { orderId }, human: { RequestPacking: () => ({ packages: 3 }), AwaitDelivery: delivered } });
    expect(failed.error).toBe('CarrierUnavailable');
    setCarrierOutage(false);
    // The order's region (eu-west-1 here) is lost; this region (us-east-1) runs the evacuation.
    await homeIn(orderId, 'eu-west-1');
    const { resumes } = await adoptOrders('eu-west-1', 'us-east-1');
    const resume = resumes.find((r) => r.machine === 'Fulfilment' && r.input.orderId === orderId)!;
    expect(resume.input).toMatchObject({ resumeAt: 'CapturePayment' });
    const resumed = await runWorkflow('fulfilment', { input: resume.input as Record<string, string>, human: { AwaitDelivery: delivered } });
    expect(resumed.error).toBeUndefined();
    const r = await recordsOf(orderId);
    expect(r.order).toMatchObject({ status: 'DELIVERED', homeRegion: 'us-east-1', ownerEpoch: 1 });
    expect(r.shipment).toMatchObject({ parcels: 3 });
    expect(r.ledgerEntries).toHaveLength(1);
  });

  // Issue 16 drill: an order acknowledged just before its region died reached the survivor (its
  // copy) without its reservation record; the resumed saga found nothing to pack and failed it.
  test('an adopted order whose reservation never replicated is reserved again on the adopted row, and ships', async () => {
    const orderId = await placedOrder();
    const { reservation } = await recordsOf(orderId);
    const quantity = reservation!.items[0]!.quantity;
    // The survivor's replica: the order, but neither the reservation nor the row's decrement; the
    // lost region's (eu-west-1's) row already adopted by this region (us-east-1).
    await db.doc.send(new DeleteCommand({ TableName: tables.Inventory.tableName, Key: { pk: `ORDER#${orderId}`, sk: 'RESERVATION' } }));
    await lostRegionRowAdopted(quantity);
    await homeIn(orderId, 'eu-west-1');

    const { adopted, resumes } = await adoptOrders('eu-west-1', 'us-east-1');
    expect(adopted.find((a) => a.orderId === orderId)).toMatchObject({ resumedAt: 'RequestPacking', stockReserved: true });
    const resume = resumes.find((r) => r.machine === 'Fulfilment' && r.input.orderId === orderId)!;
    const resumed = await runWorkflow('fulfilment', { input: resume.input as Record<string, string>, human: { RequestPacking: packed, AwaitDelivery: delivered } });
    expect(resumed.error).toBeUndefined();
    const r = await recordsOf(orderId);
    expect(r.order).toMatchObject({ status: 'DELIVERED', homeRegion: 'us-east-1' });
    expect(r.reservation).toMatchObject({ region: 'eu-west-1', status: 'DISPATCHED' });
    const { Item: row } = await db.doc.send(new GetCommand({ TableName: tables.Inventory.tableName, Key: { pk: `PRODUCT#${cigar.id}`, sk: 'REGION#eu-west-1' } }));
    expect(row).toMatchObject({ available: 5 - quantity, reserved: 0 });
  });

  // Issue 16 drill: a reservation record that replicated only after the adoption had counted the
  // lost region's rows was not in their `reserved`; releasing or dispatching it failed with
  // "inventory is inconsistent" and the saga failed in place.
  test('an adopted order whose reservation arrived after the stock adoption has it folded into the adopted row, and ships', async () => {
    const orderId = await placedOrder();
    const { reservation } = await recordsOf(orderId);
    const quantity = reservation!.items[0]!.quantity;
    // The reservation sits on the lost region's (eu-west-1's) row, which this region adopted without it.
    await db.doc.send(new UpdateCommand({ TableName: tables.Inventory.tableName, Key: { pk: `ORDER#${orderId}`, sk: 'RESERVATION' },
      UpdateExpression: 'SET #region = :lost', ExpressionAttributeNames: { '#region': 'region' }, ExpressionAttributeValues: { ':lost': 'eu-west-1' } }));
    await lostRegionRowAdopted(quantity);
    await homeIn(orderId, 'eu-west-1');

    const { adopted, resumes } = await adoptOrders('eu-west-1', 'us-east-1');
    expect(adopted.find((a) => a.orderId === orderId)).toMatchObject({ stockReserved: true });
    const { Item: row } = await db.doc.send(new GetCommand({ TableName: tables.Inventory.tableName, Key: { pk: `PRODUCT#${cigar.id}`, sk: 'REGION#eu-west-1' } }));
    expect(row).toMatchObject({ available: 5 - quantity, reserved: quantity });
    const resume = resumes.find((r) => r.machine === 'Fulfilment' && r.input.orderId === orderId)!;
    const resumed = await runWorkflow('fulfilment', { input: resume.input as Record<string, string>, human: { RequestPacking: packed, AwaitDelivery: delivered } });
    expect(resumed.error).toBeUndefined();
    expect((await recordsOf(orderId)).reservation).toMatchObject({ region: 'eu-west-1', status: 'DISPATCHED', ownerRegion: 'us-east-1' });
  });

  // Issue 16 drill: an order acknowledged in the lost region's last second, of which only its copy
  // reached the survivor (its own item, its reservation and its payment record were among the
  // unreplicated writes): restored, reserved again, its hold recorded from the order, shipped once.
  test('an order only its copy brought to the survivor is restored, reserved, its hold recorded again, and captured once', async () => {
    const orderId = await placedOrder();
    const { order, reservation } = await recordsOf(orderId);
    const quantity = reservation!.items[0]!.quantity;
    await db.doc.send(new PutCommand({ TableName: tables.Orders.tableName, Item: {
      id: `COPY#${orderId}`, copyOf: orderId, copyHome: 'eu-west-1', order: { ...order, homeRegion: 'eu-west-1' }, copiedAt: order!.createdAt } }));
    await db.doc.send(new DeleteCommand({ TableName: tables.Orders.tableName, Key: { id: orderId } }));
    await db.doc.send(new DeleteCommand({ TableName: tables.Inventory.tableName, Key: { pk: `ORDER#${orderId}`, sk: 'RESERVATION' } }));
    await db.doc.send(new DeleteCommand({ TableName: tables.Payments.tableName, Key: { orderId, operation: 'AUTHORISATION' } }));
    await lostRegionRowAdopted(quantity);

    const adoption = await adoptOrders('eu-west-1', 'us-east-1');
    expect(adoption.restoredFromCopies).toBe(1);
    expect(adoption.adopted.find((a) => a.orderId === orderId)).toMatchObject({ resumedAt: 'RequestPacking', stockReserved: true, authorisationRecorded: true });
    const resume = adoption.resumes.find((r) => r.machine === 'Fulfilment' && r.input.orderId === orderId)!;
    const resumed = await runWorkflow('fulfilment', { input: resume.input as Record<string, string>, human: { RequestPacking: packed, AwaitDelivery: delivered } });
    expect(resumed.error).toBeUndefined();
    expect((await recordsOf(orderId)).order).toMatchObject({ status: 'DELIVERED', homeRegion: 'us-east-1', ownerEpoch: 1 });
    // At the provider: the one hold the lost region made, captured once.
    const { intents } = await db.payments.atProvider(orderId);
    expect(intents.map((pi) => [pi.id, pi.status, pi.amount_received])).toEqual([[order!.authorisationId, 'succeeded', order!.total.amount]]);
  });
});

describe('Refund on the oracle', () => {
  let orderId: string;
  let n = 0;
  const refundInput = (overrides: Record<string, unknown> = {}) => ({
    refundId: `rf-${++n}`, orderId, amount: { amount: 1_250, currency: 'USD' }, reason: 'damaged', requestedBy: 'user-1', ...overrides,
  });

  beforeAll(async () => {
    orderId = await placedOrder();
    await runWorkflow('fulfilment', { input: { orderId }, human: { RequestPacking: packed, AwaitDelivery: delivered } });
  });
  // The threshold is configuration only (REFUND_APPROVAL_THRESHOLD); tests that need finance set it.
  afterEach(() => { delete process.env.REFUND_APPROVAL_THRESHOLD; });

  test('below the threshold: refunded, returned item restocked, ledger booked, order PARTIALLY_REFUNDED, steps recorded', async () => {
    const input = refundInput({ items: [{ productId: cigar.id, quantity: 1 }] });
    const run = await runWorkflow('refund', { input });
    expect(run.visited).toEqual(['CheckRefund', 'RefundPayment', 'Restock', 'WriteLedger', 'UpdateOrder', 'FinishRefund']);
    const snapshot = await readSnapshot(db.doc);
    expect(snapshot.orders.get(orderId)!.order!.status).toBe('PARTIALLY_REFUNDED');
    const { Item } = await db.doc.send(new (await import('@aws-sdk/lib-dynamodb')).GetCommand({ TableName: tables.Refunds.tableName, Key: { pk: `REFUND#${input.refundId}`, sk: 'REFUND' } }));
    expect(Item).toMatchObject({ status: 'REFUNDED' });
    expect(Item!.steps.map((s: { name: string }) => s.name)).toEqual(['CheckRefund', 'WriteLedger', 'RefundPayment', 'Restock', 'UpdateOrder', 'FinishRefund']);
  });

  test('at or above the threshold finance approves, then it is refunded', async () => {
    process.env.REFUND_APPROVAL_THRESHOLD = '500';
    const run = await runWorkflow('refund', {
      input: refundInput({ amount: { amount: 500, currency: 'USD' } }),
      human: { AwaitApproval: () => ({ approved: true, decidedBy: 'fin-1', note: 'ok' }) },
    });
    expect(run.visited).toEqual(['CheckRefund', 'AwaitApproval', 'RecordDecision', 'RefundPayment', 'Restock', 'WriteLedger', 'UpdateOrder', 'FinishRefund']);
  });

  test.each([
    ['rejected by finance', 'REJECTED', { AwaitApproval: () => ({ approved: false, decidedBy: 'fin-1', note: 'no' }) }, {}],
    ['approval timed out (7 days)', 'FAILED', { AwaitApproval: fail('States.Timeout') }, {}],
    ['decided by its requester', 'FAILED', { AwaitApproval: () => ({ approved: true, decidedBy: 'user-1' }) }, {}],
    ['declined by the provider', 'FAILED', { AwaitApproval: () => ({ approved: true, decidedBy: 'fin-1' }) }, { RefundPayment: () => new NamedError('PaymentDeclined') }],
  ])('%s: refund %s, no money moved', async (_, status, human, inject) => {
    const before = (await recordsOf(orderId)).capture!.refundable;
    process.env.REFUND_APPROVAL_THRESHOLD = '1';
    const input = refundInput();
    await runWorkflow('refund', { input, human, inject });
    const { Item } = await db.doc.send(new (await import('@aws-sdk/lib-dynamodb')).GetCommand({ TableName: tables.Refunds.tableName, Key: { pk: `REFUND#${input.refundId}`, sk: 'REFUND' } }));
    expect(Item!.status).toBe(status);
    expect((await recordsOf(orderId)).capture!.refundable).toBe(before);
  });

  test('more than captured minus earlier refunds: FAILED with the ValidationError, nothing moved', async () => {
    const input = refundInput({ amount: { amount: 1_000_000, currency: 'USD' } });
    const run = await runWorkflow('refund', { input });
    expect(run.output).toMatchObject({ outcome: 'FAILED', error: { Error: 'ValidationError' } });
  });
});
