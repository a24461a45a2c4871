// Fault matrix, Refund (STANDARD, refund-<id>) on our engine with the real tasks, each case on its own
// delivered order. The approval threshold (REFUND_APPROVAL_THRESHOLD) is set below the refund so
// every case passes AwaitApproval. (a) A transient error past its retries is not caught: FAILED in
// place, nothing compensated; RedriveExecution resumes at the failed state
// (https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html) and the refund is made
// exactly once. (b) Business errors are caught
// (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html): the refund ends
// FAILED with no money or stock moved. (c) is in timeouts.test.ts.
import type { OrderStatus } from '../../tasks/lib/types.ts';
import { attemptsFor, statesOf, type TaskStateRow } from './matrix.ts';
import { businessFaults, compensationTriggers, key, transientError } from './faults.ts';
import { useWorkflowEngine, type Fault } from './harness.ts';
import { refundAmount as amount, sagas, type RefundRun as Run } from './sagas.ts';

// Retries in well under a millisecond; people answer at once (timeouts.test.ts lets them expire).
const sf = useWorkflowEngine({ stock: 1000, timeScale: 1e-4 });
const { refund, refundStatus, expectNothingMoved } = sagas(sf);
const rows = statesOf('Refund');
const forward = rows.filter((r) => r.forward);
const compensations = rows.filter((r) => !r.forward);

beforeAll(() => { process.env.REFUND_APPROVAL_THRESHOLD = '1000'; });
afterAll(() => { delete process.env.REFUND_APPROVAL_THRESHOLD; });

afterEach(async () => {
  sf.inject();
  sf.people({});
  sf.resetAttempts();
  expect(sf.problems).toEqual([]);
  await sf.assertInvariants();
});

/** Made exactly once: one provider refund, one ledger entry, one return, the order PARTIALLY_REFUNDED. */
async function expectRefundedOnce(run: Run) {
  expect(await refundStatus(run.refundId)).toBe('REFUNDED');
  const r = await sf.records(run.orderId);
  expect(r.refunds.filter((x) => x.refundId === run.refundId)).toMatchObject([{ status: 'REFUNDED', amount }]);
  expect(r.ledgerEntries.filter((e) => e.kind === 'REFUND' && e.refundId === run.refundId)).toHaveLength(1);
  expect(r.returns).toHaveLength(1);
  expect(r.order!.status).toBe('PARTIALLY_REFUNDED');
  expect((await sf.paymentAndShipmentRows(run.orderId)).operations).toEqual(['AUTHORISATION', 'CAPTURE', `REFUND#${run.refundId}`]);
}

/** The order's status while each state runs: what it keeps when that state fails in place. */
const statusWhileAt = (state: string): OrderStatus => (state === 'FinishRefund' ? 'PARTIALLY_REFUNDED' : 'DELIVERED');

/**
 * Invariants a refund stopped inside its steps legitimately breaks until it is redriven ("as at the
 * failed step", README): the provider refunded but the ledger not yet booked, or the order not yet
 * marked refunded.
 */
const inFlight: Readonly<Record<string, readonly string[]>> = {
  Restock: ['ledger.refund', 'order.status.refunds'],
  WriteLedger: ['ledger.refund', 'order.status.refunds'],
  UpdateOrder: ['order.status.refunds'],
};

async function failInPlaceThenRedrive(run: Run, row: TaskStateRow, error: string, faults: Fault[]) {
  expect(run).toMatchObject({ status: 'FAILED', error });
  expect(sf.attemptsAt('Refund', row.state)).toBe(attemptsFor(row, error));
  const entered = await sf.enteredStates(run.arn);
  expect(entered.at(-1)).toBe(row.state);
  sf.inject(...faults.filter((f) => f.state !== row.state));
  await sf.engine.actions.redriveExecution({ executionArn: run.arn });
  expect(await sf.waitFor(run.arn)).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
  expect((await sf.enteredStates(run.arn)).slice(entered.length)[0]).toBe(row.state);
  await sf.assertInvariants();
}

test('baseline: with no fault finance approves and the refund is made once', async () => {
  const run = await refund('ok');
  expect(run.status).toBe('SUCCEEDED');
  expect(await sf.enteredStates(run.arn)).toContain('AwaitApproval');
  await expectRefundedOnce(run);
});

test('the threshold is configuration only: approvalThreshold in the execution input does not skip finance', async () => {
  // Anyone allowed to start Refund could once send approvalThreshold above the amount and refund
  // without approval; the configured REFUND_APPROVAL_THRESHOLD (1000 here) decides.
  const run = await refund('threshold-in-input', { approvalThreshold: 1_000_000_000 });
  expect(run.status).toBe('SUCCEEDED');
  expect(await sf.enteredStates(run.arn)).toContain('AwaitApproval');
  await expectRefundedOnce(run);
});

describe('(a) a transient error past its retries: FAILED in place, nothing compensated; redriven, refunded once', () => {
  test.each(forward.map((r) => [r.state, r] as const))('%s', async (state, row) => {
    const error = transientError(row);
    sf.inject({ workflow: 'Refund', state, error });
    const run = await refund(`a-${state}`);
    expect(run).toMatchObject({ status: 'FAILED', error });
    expect(await sf.enteredStates(run.arn)).not.toContain('RefundFailed');
    expect((await sf.records(run.orderId)).order!.status).toBe(statusWhileAt(state));
    const violations = (await sf.checkInvariants()).filter((v) => v.subject === run.orderId);
    expect(violations.map((v) => v.rule)).toEqual(inFlight[state] ?? []);
    await failInPlaceThenRedrive(run, row, error, []);
    await expectRefundedOnce(run);
  });
});

describe('(b) its business error: caught, the refund FAILED, nothing moved', () => {
  const cases = forward.filter((r) => businessFaults[key(r)] !== undefined);
  test.each(cases.map((r) => [r.state, businessFaults[key(r)]!.error] as const))('%s: %s', async (state, error) => {
    sf.inject({ workflow: 'Refund', state, error });
    const run = await refund(`b-${state}`);
    expect(sf.attemptsAt('Refund', state)).toBe(1);
    await expectNothingMoved(run);
  });
});

describe('(a) on a compensation step, after a business error: FAILED there; redriven, the refund FAILED', () => {
  test.each(compensations.map((r) => [r.state, compensationTriggers[key(r)]!, r] as const))('%s (after %s fails)', async (state, trigger, row) => {
    const error = transientError(row);
    const faults: Fault[] = [{ workflow: 'Refund', state, error }, { workflow: 'Refund', state: trigger, error: businessFaults[`Refund.${trigger}`]!.error }];
    sf.inject(...faults);
    const run = await refund(`comp-${state}`);
    await failInPlaceThenRedrive(run, row, error, faults);
    await expectNothingMoved({ ...run, status: 'SUCCEEDED' });
  });
});
