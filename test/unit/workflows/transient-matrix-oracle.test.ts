// The transient column of the fault matrix, on the oracle with the real tasks: for every Task state,
// a transient error that outlasts the retries (1 try + 3 retries; in Checkout, the retries its time
// budget allows, read from its ASL). Checkout (EXPRESS, no redrive)
// compensates and ends with that error; Fulfilment and Refund (STANDARD) fail in place at that
// state, compensating nothing, and resuming there finishes the saga once, consistent.
import '../helpers/env.ts';
import { useCatalogueDb } from '../helpers/catalogue-db.ts';
import { assertInvariants, readSnapshot } from '../../support/invariants.ts';
import { checkoutInput } from '../helpers/fixtures.ts';
import { NamedError, runWorkflow } from '../helpers/oracle.ts';
import { attemptsFor, statesOf } from '../../workflows/matrix.ts';

const outage = () => new NamedError('DependencyUnavailable', 'injected outage');
const compensations = ['ReleaseStock', 'VoidPayment', 'MarkOrderFailed', 'RefundCaptured', 'RefundReturned', 'ReleaseAfterCapture', 'RestockReturned', 'MarkFailed', 'RefundFailed'];
let seq = 0;

const db = useCatalogueDb(1000);

const human = { RequestPacking: () => ({ packages: 1 }), AwaitDelivery: () => ({ status: 'DELIVERED' }) };
const placed = async () => ((await runWorkflow('checkout', { input: checkoutInput({ idempotencyKey: `t-${++seq}` }) })).output as { orderId: string }).orderId;
const attempts = (visited: string[], state: string) => visited.filter((s) => s === state).length;

describe('Checkout: a transient error past the retries is compensated and returned as the error', () => {
  test.each(['ValidateOrder', 'ReserveStock', 'AuthorisePayment', 'StoreOrder', 'StartFulfilment'])('%s', async (state) => {
    const run = await runWorkflow('checkout', { input: checkoutInput({ idempotencyKey: `c-${state}` }), inject: { [state]: outage } });
    expect(run.error).toBe('DependencyUnavailable');
    expect(attempts(run.visited, state)).toBe(attemptsFor(statesOf('Checkout').find((r) => r.state === state)!, 'DependencyUnavailable'));
    await assertInvariants(db.doc, db.invariants);
  });
});

describe('Fulfilment: fails in place, then finishes once when resumed at the failed state', () => {
  test.each(['RequestPacking', 'MarkPacked', 'CapturePayment', 'BookCapture', 'BookShipment', 'DispatchStock', 'AwaitDelivery', 'MarkDelivered'])('%s', async (state) => {
    const orderId = await placed();
    const failed = await runWorkflow('fulfilment', { input: { orderId }, human, inject: { [state]: outage } });
    expect(failed.error).toBe('DependencyUnavailable');
    expect(attempts(failed.visited, state)).toBe(4);
    expect(failed.visited.filter((s) => compensations.includes(s))).toEqual([]);

    const input = state === 'RequestPacking' ? { orderId } : { orderId, packing: { packages: 1 } };
    const resumed = await runWorkflow('fulfilment', { startAt: state, input, human });
    expect(resumed.error).toBeUndefined();
    const r = (await readSnapshot(db.doc)).orders.get(orderId)!;
    expect(r.order!.status).toBe('DELIVERED');
    expect(r.ledgerEntries).toHaveLength(1);
    await assertInvariants(db.doc, db.invariants);
  });
});

describe('Refund: fails in place, then finishes once when resumed at the failed state', () => {
  let orderId: string;
  // Every refund here passes AwaitApproval: the configured threshold is its amount.
  beforeAll(() => { process.env.REFUND_APPROVAL_THRESHOLD = '100'; });
  afterAll(() => { delete process.env.REFUND_APPROVAL_THRESHOLD; });
  beforeAll(async () => {
    orderId = await placed();
    await runWorkflow('fulfilment', { input: { orderId }, human });
  });

  test.each(['CheckRefund', 'AwaitApproval', 'RecordDecision', 'RefundPayment', 'Restock', 'WriteLedger', 'UpdateOrder', 'FinishRefund'])('%s', async (state) => {
    const input = { refundId: `r-${state}`, orderId, amount: { amount: 100, currency: 'USD' }, reason: 'r', requestedBy: 'user-1', items: [] };
    const approve = { AwaitApproval: () => ({ approved: true, decidedBy: 'fin-1' }) };
    const failed = await runWorkflow('refund', { input, human: approve, inject: { [state]: outage } });
    expect(failed.error).toBe('DependencyUnavailable');
    expect(attempts(failed.visited, state)).toBe(4);
    expect(failed.visited).not.toContain('RefundFailed');

    // The state's input as the failed execution had it: the results of the steps before it.
    const prior = state === 'CheckRefund' ? input : {
      ...input,
      check: { amount: input.amount, items: [], needsApproval: true },
      decision: { approved: true, decidedBy: 'fin-1' },
      decided: { approved: true },
      payment: { at: new Date().toISOString() }, restock: { at: new Date().toISOString(), items: [] }, order: { at: new Date().toISOString(), status: 'PARTIALLY_REFUNDED' },
    };
    const resumed = await runWorkflow('refund', { startAt: state, input: prior, human: approve });
    expect(resumed.error).toBeUndefined();
    const r = (await readSnapshot(db.doc)).orders.get(orderId)!;
    expect(r.refunds.find((x) => x.refundId === input.refundId)?.status).toBe('REFUNDED');
    await assertInvariants(db.doc, db.invariants);
  });
});
