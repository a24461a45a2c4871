// Checkout's ASL run on aws-local-stepfunctions with the real tasks against the local DynamoDB:
// success, each business failure compensated in reverse and ended with the typed error name, the
// sandbox's flaky token retried, a failed start of Fulfilment undoing the whole checkout.
import '../helpers/env.ts';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { useCatalogueDb } from '../helpers/catalogue-db.ts';
import { assertInvariants, readSnapshot } from '../../support/invariants.ts';
import { reconcilePayments } from '../../../tasks/payment/reconcile-payments.ts';
import { tables } from '../../../infra/tables.ts';
import { cigar, checkoutInput } from '../helpers/fixtures.ts';
import { NamedError, runWorkflow } from '../helpers/oracle.ts';
import { attemptsFor, statesOf } from '../../workflows/matrix.ts';


const db = useCatalogueDb(10);

afterEach(async () => {
  db.payments.server.setOutage(false);
  await assertInvariants(db.doc, db.invariants);
});

const stock = async () => (await db.doc.send(new GetCommand({ TableName: tables.Inventory.tableName, Key: { pk: `PRODUCT#${cigar.id}`, sk: 'REGION#us-east-1' } }))).Item!;

describe('Checkout on the oracle', () => {
  test('places the order: output { orderId, order } with the PLACED order; Fulfilment started as order-<id> with { orderId }', async () => {
    const started: Record<string, unknown>[] = [];
    const run = await runWorkflow('checkout', { input: checkoutInput({ idempotencyKey: 'ok-1' }), startExecution: (p) => { started.push(p); return { ExecutionArn: 'arn' }; } });
    expect(run.error).toBeUndefined();
    const output = run.output as { orderId: string; order: { id: string; status: string; total: { amount: number } } };
    expect(output.order).toMatchObject({ id: output.orderId, status: 'PLACED', total: { amount: 3_099 } });
    expect(run.visited).toEqual(['ValidateOrder', 'ReserveStock', 'AuthorisePayment', 'StoreOrder', 'StartFulfilment']);
    expect(started).toEqual([{ StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Fulfilment', Name: `order-${output.orderId}`, Input: { orderId: output.orderId } }]);
    expect(await stock()).toMatchObject({ available: 8, reserved: 2 });
  });

  test('the same idempotency key and body: the same order, nothing reserved twice; a Fulfilment already started is fine', async () => {
    const first = await runWorkflow('checkout', { input: checkoutInput({ idempotencyKey: 'ok-2' }) });
    const again = await runWorkflow('checkout', {
      input: checkoutInput({ idempotencyKey: 'ok-2' }),
      startExecution: () => { throw new NamedError('StepFunctions.ExecutionAlreadyExistsException'); },
    });
    expect((again.output as { orderId: string }).orderId).toBe((first.output as { orderId: string }).orderId);
    expect(await stock()).toMatchObject({ available: 6, reserved: 4 });
  });

  test('the same key with another body ends IdempotencyConflict and changes nothing', async () => {
    const run = await runWorkflow('checkout', { input: checkoutInput({ idempotencyKey: 'ok-2', paymentToken: 'tok_flaky' }) });
    expect(run.error).toBe('IdempotencyConflict');
    expect(run.visited).toEqual(['ValidateOrder']);
  });

  test.each([
    ['ProductNotFound', { items: [{ productId: 'nope', quantity: 1, unitPrice: cigar.price }] }, ['ValidateOrder']],
    ['AgeRestricted', { birthdate: '2010-01-01' }, ['ValidateOrder']],
    ['OutOfStock', { items: [{ productId: cigar.id, quantity: 50, unitPrice: cigar.price }] }, ['ValidateOrder', 'ReserveStock', 'ReleaseStock']],
    ['PaymentDeclined', { paymentToken: 'tok_declined' }, ['ValidateOrder', 'ReserveStock', 'AuthorisePayment', 'VoidPayment', 'ReleaseStock']],
  ])('%s: compensated in reverse, the execution fails with that error', async (error, overrides, visited) => {
    const before = await stock();
    const run = await runWorkflow('checkout', { input: checkoutInput({ idempotencyKey: `bad-${error}`, ...overrides }) });
    expect(run.error).toBe(error);
    expect(run.visited).toEqual(visited);
    expect(await stock()).toMatchObject({ available: before.available, reserved: before.reserved });
  });

  test('tok_flaky: the first two provider calls fail transiently, the retries succeed', async () => {
    const run = await runWorkflow('checkout', { input: checkoutInput({ idempotencyKey: 'flaky', paymentToken: 'tok_flaky' }) });
    expect(run.error).toBeUndefined();
    expect(run.visited.filter((s) => s === 'AuthorisePayment')).toHaveLength(3);
  });

  test('a payment outage past the retries is compensated and ends PaymentProviderUnavailable', async () => {
    db.payments.server.setOutage(true);
    const before = await stock();
    const run = await runWorkflow('checkout', { input: checkoutInput({ idempotencyKey: 'outage' }) });
    expect(run.error).toBe('PaymentProviderUnavailable');
    // 1 try plus the retries Checkout's time budget allows (workflows/checkout.asl.json).
    expect(run.visited.filter((s) => s === 'AuthorisePayment')).toHaveLength(attemptsFor(statesOf('Checkout').find((r) => r.state === 'AuthorisePayment')!, 'PaymentProviderUnavailable'));
    expect(await stock()).toMatchObject({ available: before.available, reserved: before.reserved });
    // The compensation could not reach the provider either: the attempt stays PENDING until the
    // reconciliation, once the provider is back, settles it (nothing held, VOIDED).
    const orderId = (run.output as { orderId?: string } | undefined)?.orderId ?? [...(await readSnapshot(db.doc)).orders].find(([, r]) => r.authorisation?.status === 'PENDING')![0];
    db.payments.server.setOutage(false);
    process.env.CHECKOUT_BUDGET_SECONDS = '0';
    try {
      const report = await reconcilePayments({});
      expect(report.findings).toContainEqual(expect.objectContaining({ kind: 'pendingAuthorisationVoided', orderId }));
    } finally {
      delete process.env.CHECKOUT_BUDGET_SECONDS;
    }
  });

  test('Fulfilment that cannot start: the order is marked FAILED, the payment voided, the stock released', async () => {
    const before = await stock();
    const run = await runWorkflow('checkout', {
      input: checkoutInput({ idempotencyKey: 'no-fulfilment' }),
      inject: { StartFulfilment: () => new NamedError('StepFunctions.ExecutionLimitExceededException', 'too many executions') },
    });
    expect(run.error).toBe('StepFunctions.ExecutionLimitExceededException');
    expect(run.visited.slice(-3)).toEqual(['MarkOrderFailed', 'VoidPayment', 'ReleaseStock']);
    expect(await stock()).toMatchObject({ available: before.available, reserved: before.reserved });
  });
});
