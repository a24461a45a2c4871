// Fault matrix, Checkout (EXPRESS, StartSyncExecution) on our engine with the real tasks. EXPRESS
// executions cannot be redriven (https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html),
// so the ASL catches everything (States.ALL) after the retries and compensates in reverse: for (a) a
// transient error past its retries and (b) the state's business error, the execution ends FAILED with
// that error name and nothing stays reserved or authorised. Checkout has no human step, so (c) does
// not apply (coverage.test.ts checks that against the ASL).
import { attemptsFor, statesOf } from './matrix.ts';
import { businessFaults, compensationTriggers, key, transientError } from './faults.ts';
import { useWorkflowEngine } from './harness.ts';

const sf = useWorkflowEngine({ stock: 1000, timeScale: 1e-5 });
let seq = 0;
const forward = statesOf('Checkout').filter((r) => r.forward);
const compensations = statesOf('Checkout').filter((r) => !r.forward);

afterEach(() => {
  sf.inject();
  sf.resetAttempts();
  expect(sf.problems).toEqual([]);
});

let before = new Set<string>();
beforeEach(async () => {
  before = new Set((await sf.assertInvariants()).orders.keys());
});

/** Checkout's end for a fault: FAILED with that error, compensated, the stored order (if any) FAILED. */
async function expectCompensated(result: { status: string; error?: string }, error: string) {
  expect(result).toMatchObject({ status: 'FAILED', error });
  const snapshot = await sf.assertInvariants();
  for (const [orderId, r] of snapshot.orders) {
    if (before.has(orderId)) continue;
    expect(r.reservation?.status).not.toBe('RESERVED');
    expect(r.authorisation?.status).not.toBe('AUTHORISED');
    if (r.order !== undefined) expect(r.order.status).not.toBe('PLACED');
  }
}

test('baseline: with no fault the order is PLACED and its Fulfilment runs to DELIVERED', async () => {
  const result = await sf.checkout(`c-ok-${++seq}`);
  expect(result.status).toBe('SUCCEEDED');
  const { orderId } = JSON.parse(result.output!) as { orderId: string };
  expect((await sf.waitFor(sf.executionArn('Fulfilment', `order-${orderId}`))).status).toBe('SUCCEEDED');
  expect((await sf.records(orderId)).order!.status).toBe('DELIVERED');
  await sf.assertInvariants();
});

describe('(a) a transient error past its retries (Retry with backoff, then the States.ALL catcher compensates)', () => {
  test.each(forward.map((r) => [r.state, r] as const))('%s', async (_, row) => {
    const error = transientError(row);
    sf.inject({ workflow: 'Checkout', state: row.state, error });
    await expectCompensated(await sf.checkout(`c-a-${row.state}-${++seq}`), error);
    expect(sf.attemptsAt('Checkout', row.state)).toBe(attemptsFor(row, error));
  });
});

describe('(b) its business error (never retried; caught and compensated in reverse)', () => {
  test.each(forward.map((r) => [r.state, businessFaults[key(r)]!.error, r] as const))('%s: %s', async (state, error, row) => {
    sf.inject({ workflow: 'Checkout', state, error });
    await expectCompensated(await sf.checkout(`c-b-${state}-${++seq}`), error);
    expect(sf.attemptsAt('Checkout', state)).toBe(attemptsFor(row, error));
  });
});

// An outage in a compensation step: VoidPayment catches it and goes on to release the stock (the
// unvoided authorisation lapses at the provider); ReleaseStock, reached here after OutOfStock, has
// nothing reserved to leave behind. Either way the tables end consistent, with no order.
describe('(a) on a compensation step, reached after a business error', () => {
  test.each(compensations.map((r) => [r.state, compensationTriggers[key(r)]!, r] as const))('%s (after %s fails)', async (state, trigger, row) => {
    const business = businessFaults[`Checkout.${trigger}`]!.error;
    const error = transientError(row);
    sf.inject({ workflow: 'Checkout', state: trigger, error: business }, { workflow: 'Checkout', state, error });
    const result = await sf.checkout(`c-comp-${state}-${++seq}`);
    expect(sf.attemptsAt('Checkout', state)).toBe(attemptsFor(row, error));
    // A caught compensation error goes on compensating; an uncaught one ends the execution with it.
    expect(result).toMatchObject({ status: 'FAILED', error: row.caught.length > 0 ? business : error });
    expect((await sf.checkInvariants()).filter((v) => !before.has(v.subject))).toEqual([]);
    await expectCompensated(result, result.error!);
  });
});
