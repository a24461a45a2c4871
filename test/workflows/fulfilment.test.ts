// Fault matrix, Fulfilment (STANDARD, order-<id>, started by Checkout) on our engine with the real
// tasks. (a) A transient error past its retries is not caught: the execution fails at that state and
// nothing is compensated; after the outage RedriveExecution resumes it at the failed state
// (https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html) and it finishes once.
// (b) The state's business error is caught
// (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html) and compensated:
// the execution succeeds as COMPENSATED with the order FAILED and stock and money given back. (c) is
// in timeouts.test.ts, on an engine whose time runs faster.
import type { OrderStatus } from '../../tasks/lib/types.ts';
import { attemptsFor, statesOf, type TaskStateRow } from './matrix.ts';
import { businessFaults, compensationTriggers, key, transientError } from './faults.ts';
import { useWorkflowEngine, type Fault } from './harness.ts';
import { sagas, type FulfilmentRun as Run } from './sagas.ts';

// Retries in well under a millisecond; people answer at once (timeouts.test.ts lets them expire).
const sf = useWorkflowEngine({ stock: 1000, timeScale: 1e-4 });
const { fulfil, expectCompensated } = sagas(sf);
const rows = statesOf('Fulfilment');
const forward = rows.filter((r) => r.forward);
const compensations = rows.filter((r) => !r.forward);
const compensationNames = new Set(compensations.map((r) => r.state));

afterEach(async () => {
  sf.inject();
  sf.people({});
  sf.resetAttempts();
  expect(sf.problems).toEqual([]);
  await sf.assertInvariants();
});

/** The order's status while each forward state runs: what it keeps when that state fails in place. */
const statusWhileAt: Readonly<Record<string, OrderStatus>> = {
  RequestPacking: 'PLACED', MarkPacked: 'PACKING', CapturePayment: 'PACKED', BookCapture: 'PACKED',
  BookShipment: 'PACKED', DispatchStock: 'SHIPPED', AwaitDelivery: 'SHIPPED', MarkDelivered: 'SHIPPED',
};

/**
 * Invariants a saga stopped inside a step legitimately breaks until it is redriven ("as at the failed
 * step", README): captured but not yet booked in the ledger; shipped but the stock not yet dispatched.
 */
const inFlight: Readonly<Record<string, readonly string[]>> = {
  BookCapture: ['ledger.capture'],
  BookShipment: [],
  DispatchStock: ['order.status.stock'],
};

async function expectFinishedOnce(orderId: string) {
  const r = await sf.records(orderId);
  expect(r.order!.status).toBe('DELIVERED');
  expect(r.capture).toBeDefined();
  expect(r.ledgerEntries.filter((e) => e.kind === 'CAPTURE')).toHaveLength(1);
  expect(r.refunds).toEqual([]);
  expect(r.shipment).toMatchObject({ trackingNumber: r.order!.trackingNumber });
  expect(r.reservation!.status).toBe('DISPATCHED');
  const rows = await sf.paymentAndShipmentRows(orderId);
  expect(rows.operations).toEqual(['AUTHORISATION', 'CAPTURE']);
  expect(rows.shipments).toHaveLength(1);
}

/** Fails at `state` with `error` (no Catch applies), then the outage ends and a redrive resumes there. */
async function failInPlaceThenRedrive(run: Run, row: TaskStateRow, error: string, faults: Fault[]) {
  expect(run).toMatchObject({ status: 'FAILED', error });
  expect(sf.attemptsAt('Fulfilment', row.state)).toBe(attemptsFor(row, error));
  const entered = await sf.enteredStates(run.arn);
  expect(entered.at(-1)).toBe(row.state);

  sf.inject(...faults.filter((f) => f.state !== row.state));
  await sf.engine.actions.redriveExecution({ executionArn: run.arn });
  const redriven = await sf.waitFor(run.arn);
  expect(redriven).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
  // A redrive reruns the failed state and goes on from there, nothing before it.
  const after = (await sf.enteredStates(run.arn)).slice(entered.length);
  expect(after[0]).toBe(row.state);
  await sf.assertInvariants();
}

test('baseline: with no fault the order is packed, captured, shipped and DELIVERED once', async () => {
  const run = await fulfil('ok');
  expect(run.status).toBe('SUCCEEDED');
  await expectFinishedOnce(run.orderId);
});

describe('(a) a transient error past its retries: FAILED in place, nothing compensated; redriven, DELIVERED once', () => {
  test.each(forward.map((r) => [r.state, r] as const))('%s', async (state, row) => {
    const error = transientError(row);
    const fault = { workflow: 'Fulfilment', state, error } as const;
    sf.inject(fault);
    const run = await fulfil(`a-${state}`);
    expect(run).toMatchObject({ status: 'FAILED', error });
    expect((await sf.enteredStates(run.arn)).filter((s) => compensationNames.has(s))).toEqual([]);
    expect((await sf.records(run.orderId)).order!.status).toBe(statusWhileAt[state]);
    const violations = (await sf.checkInvariants()).filter((v) => v.subject === run.orderId);
    expect(violations.map((v) => v.rule)).toEqual(inFlight[state] ?? []);

    await failInPlaceThenRedrive(run, row, error, []);
    await expectFinishedOnce(run.orderId);
  });
});

describe('(b) its business error: caught and compensated', () => {
  const cases = forward.filter((r) => businessFaults[key(r)] !== undefined);
  test.each(cases.map((r) => [r.state, businessFaults[key(r)]!.error, r] as const))('%s: %s', async (state, error, row) => {
    if (businessFaults[key(row)]!.byPerson) sf.people({ [state]: { error } });
    else sf.inject({ workflow: 'Fulfilment', state, error });
    const run = await fulfil(`b-${state}`);
    expect(sf.attemptsAt('Fulfilment', state)).toBe(1);
    await expectCompensated(run, error);
  });
});

describe('(a) on a compensation step, after a business error: FAILED there; redriven, compensated once', () => {
  test.each(compensations.map((r) => [r.state, compensationTriggers[key(r)]!, r] as const))('%s (after %s fails)', async (state, trigger, row) => {
    const business = businessFaults[`Fulfilment.${trigger}`]!;
    const error = transientError(row);
    const faults: Fault[] = [{ workflow: 'Fulfilment', state, error }];
    if (business.byPerson) sf.people({ [trigger]: { error: business.error } });
    else faults.push({ workflow: 'Fulfilment', state: trigger, error: business.error });
    sf.inject(...faults);
    const run = await fulfil(`comp-${state}`);
    await failInPlaceThenRedrive(run, row, error, faults);
    const redriven = await sf.engine.actions.describeExecution({ executionArn: run.arn }) as { output: string };
    await expectCompensated({ ...run, status: 'SUCCEEDED', output: JSON.parse(redriven.output) }, business.error);
    const r = await sf.records(run.orderId);
    expect(r.refunds.length).toBeLessThanOrEqual(1);
    expect(r.ledgerEntries.filter((e) => e.kind === 'REFUND').length).toBe(r.refunds.length);
  });
});
