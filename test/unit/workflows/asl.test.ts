// The three ASL files against asl-validator and against the failure policy of DESIGN.md
// ("Workflows") and API.md §2: retry transient errors only, with backoff and full jitter; catch
// business errors and human-step timeouts; never catch a transient error in a STANDARD saga.
import '../helpers/env.ts';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import validator from 'asl-validator';
import * as errors from '../../../tasks/lib/errors.ts';
import { transientErrorNames } from '../../../tasks/lib/errors.ts';
import { functionArnPlaceholder, taskRegistry } from '../../../tasks/registry.ts';

interface Retrier { ErrorEquals: string[]; IntervalSeconds?: number; BackoffRate?: number; MaxAttempts?: number; JitterStrategy?: string }
interface Catcher { ErrorEquals: string[]; Next: string; ResultPath?: string }
interface State {
  Type: string; Resource?: string; Next?: string; End?: boolean; TimeoutSeconds?: number; HeartbeatSeconds?: number;
  Parameters?: Record<string, unknown>; Retry?: Retrier[]; Catch?: Catcher[]; Choices?: { Next: string }[]; Default?: string;
  ErrorPath?: string;
}
interface Definition { StartAt: string; States: Record<string, State> }

const root = path.resolve(import.meta.dirname, '../../..');
const load = (name: string): Definition => JSON.parse(readFileSync(path.join(root, 'workflows', `${name}.asl.json`), 'utf8'));
const workflows = { checkout: load('checkout'), fulfilment: load('fulfilment'), refund: load('refund'), evacuation: load('evacuation'), handback: load('hand-back') };
const tasks = (d: Definition) => Object.entries(d.States).filter(([, s]) => s.Type === 'Task');

// The placeholders CDK and the local runtime substitute, replaced by well-formed ARNs for the validator.
function substituted(d: Definition): unknown {
  return JSON.parse(JSON.stringify(d)
    .replace(/\$\{(\w+)FunctionArn\}/g, 'arn:aws:lambda:us-east-1:123456789012:function:$1')
    .replace(/\$\{(\w+)StateMachineArn\}/g, 'arn:aws:states:us-east-1:123456789012:stateMachine:$1'));
}

const lambdaTransient = ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'];
type ErrorClass = new (message: string) => errors.TaskError;
const businessNames = (Object.values(errors) as unknown[])
  .filter((e): e is ErrorClass => typeof e === 'function' && (e as { prototype: unknown }).prototype instanceof errors.TaskError)
  .map((E) => new E('x')).filter((e) => !e.transient).map((e) => e.name);

describe.each(Object.entries(workflows))('%s.asl.json', (name, definition) => {
  test('is valid Amazon States Language (asl-validator)', () => {
    const result = validator(substituted(definition) as object);
    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  test('the validator does reject a broken copy (a Next to a missing state)', () => {
    const broken = structuredClone(definition);
    broken.States[broken.StartAt]!.Next = 'NoSuchState';
    expect(validator(substituted(broken) as object).isValid).toBe(false);
  });

  test('every task resource is a registered Lambda through the lambda:invoke integration, with a payload', () => {
    for (const [, state] of tasks(definition).filter(([, s]) => s.Resource!.startsWith('arn:aws:states:::lambda:invoke'))) {
      const placeholder = String(state.Parameters!.FunctionName);
      const task = placeholder.replace(/^\$\{(\w+)FunctionArn\}$/, '$1');
      expect(placeholder).toBe(`\${${functionArnPlaceholder(task)}}`);
      expect(taskRegistry[task]).toBeDefined();
      expect(state.Parameters!.Payload ?? state.Parameters!['Payload.$']).toBeDefined();
    }
  });

  test('retries only transient errors, with exponential backoff and full jitter (Retry, JitterStrategy FULL)', () => {
    for (const [stateName, state] of tasks(definition)) {
      expect(state.Retry).toBeDefined();
      for (const retrier of state.Retry!) {
        for (const error of retrier.ErrorEquals) {
          expect([...transientErrorNames, ...lambdaTransient, 'StepFunctions.SdkClientException', 'StepFunctions.ThrottlingException', 'StepFunctions.AWSStepFunctionsException']).toContain(error);
        }
        // Full jitter spreads many callers' retries after an outage. OperationInProgress is the one
        // exception: it waits out a known deadline (a killed task's in-progress idempotency record,
        // held until the invocation's timeout), which random waits could end before.
        const jitter = retrier.ErrorEquals.length === 1 && retrier.ErrorEquals[0] === 'OperationInProgress' ? 'NONE' : 'FULL';
        expect({ stateName, jitter: retrier.JitterStrategy, backoff: (retrier.BackoffRate ?? 0) > 1 }).toEqual({ stateName, jitter, backoff: true });
      }
    }
  });

  test('every Catch and Retry names a typed error of tasks/lib/errors.ts or a States./service error', () => {
    for (const [, state] of tasks(definition)) {
      for (const error of [...(state.Catch ?? []), ...(state.Retry ?? [])].flatMap((r) => r.ErrorEquals)) {
        const known = businessNames.includes(error) || (transientErrorNames as readonly string[]).includes(error) || /^(States|Lambda|StepFunctions)\./.test(error);
        expect({ error, known }).toEqual({ error, known: true });
      }
    }
  });

  test('every transition names an existing state and every state is reachable', () => {
    const reachable = new Set<string>();
    const visit = (n: string) => {
      if (reachable.has(n)) return;
      expect(definition.States[n]).toBeDefined();
      reachable.add(n);
      const s = definition.States[n]!;
      [s.Next, s.Default, ...(s.Catch ?? []).map((c) => c.Next), ...(s.Choices ?? []).map((c) => c.Next)].filter((x): x is string => x !== undefined).forEach(visit);
    };
    visit(definition.StartAt);
    expect([...reachable].sort()).toEqual(Object.keys(definition.States).sort());
  });

  if (name === 'checkout') {
    test('EXPRESS-safe: no .sync and no .waitForTaskToken', () => {
      for (const [, state] of tasks(definition)) expect(state.Resource).not.toMatch(/\.(sync|waitForTaskToken)/);
    });

    test('each step after a success compensates in reverse, then fails with the typed error as Error', () => {
      const next = (n: string) => definition.States[n]!.Catch!.find((c) => c.ErrorEquals.includes('States.ALL'))!.Next;
      const chain = (n: string): string[] => (n === 'CheckoutFailed' ? [n] : [n, ...chain(definition.States[n]!.Next!)]);
      expect(chain(next('ValidateOrder'))).toEqual(['CheckoutFailed']);
      expect(chain(next('ReserveStock'))).toEqual(['ReleaseStock', 'CheckoutFailed']);
      expect(chain(next('AuthorisePayment'))).toEqual(['VoidPayment', 'ReleaseStock', 'CheckoutFailed']);
      expect(chain(next('StoreOrder'))).toEqual(['MarkOrderFailed', 'VoidPayment', 'ReleaseStock', 'CheckoutFailed']);
      expect(chain(next('StartFulfilment'))).toEqual(['MarkOrderFailed', 'VoidPayment', 'ReleaseStock', 'CheckoutFailed']);
      expect(definition.States.CheckoutFailed).toMatchObject({ Type: 'Fail', ErrorPath: '$.error.Error', CausePath: '$.error.Cause' });
    });

    test('starts Fulfilment named order-<id>', () => {
      expect(definition.States.StartFulfilment).toMatchObject({
        Resource: 'arn:aws:states:::states:startExecution',
        Parameters: { 'Name.$': "States.Format('order-{}', $.quote.orderId)", StateMachineArn: '${FulfilmentStateMachineArn}' },
      });
    });
  } else {
    test('STANDARD: a transient error past its retries is never caught (the execution fails in place for a redrive)', () => {
      for (const [, state] of tasks(definition)) {
        for (const catcher of state.Catch ?? []) {
          for (const error of catcher.ErrorEquals) {
            expect(['States.ALL', 'States.TaskFailed', ...transientErrorNames, ...lambdaTransient]).not.toContain(error);
          }
        }
      }
    });

    test('human steps wait on a task token with TimeoutSeconds and no heartbeat, and their timeout is caught', () => {
      const expected: Record<string, Record<string, number>> = {
        fulfilment: { RequestPacking: 2 * 86_400, AwaitDelivery: 21 * 86_400 },
        refund: { AwaitApproval: 7 * 86_400 },
        evacuation: {},
        handback: {},
      };
      const waits = tasks(definition).filter(([, s]) => s.Resource!.endsWith('.waitForTaskToken'));
      expect(Object.fromEntries(waits.map(([n, s]) => [n, s.TimeoutSeconds]))).toEqual(expected[name]);
      for (const [, state] of waits) {
        expect(state.HeartbeatSeconds).toBeUndefined();
        expect(state.Parameters!.Payload).toMatchObject({ 'taskToken.$': '$$.Task.Token' });
        expect(state.Catch!.some((c) => c.ErrorEquals.includes('States.Timeout'))).toBe(true);
      }
    });
  }
});

describe('fulfilment compensation paths', () => {
  const f = workflows.fulfilment;
  const follow = (from: string, error: string): string[] => {
    const path: string[] = [];
    let at = f.States[from]!.Catch!.find((c) => c.ErrorEquals.includes(error))!.Next;
    while (f.States[at]!.Type !== 'Pass' && f.States[at]!.Type !== 'Succeed') {
      path.push(at);
      const s = f.States[at]!;
      at = s.Type === 'Choice' ? (error === 'OrderCancelled' ? s.Choices![0]!.Next : s.Default!) : s.Next!;
    }
    return path.map((n) => String(f.States[n]!.Parameters?.FunctionName ?? n).replace(/^\$\{(\w+)FunctionArn\}$/, '$1'));
  };

  test.each([
    ['RequestPacking', 'PackingFailed', ['VoidPayment', 'ReleaseStock', 'WasCancelled', 'MarkOrder']],
    ['RequestPacking', 'States.Timeout', ['VoidPayment', 'ReleaseStock', 'WasCancelled', 'MarkOrder']],
    ['RequestPacking', 'OrderCancelled', ['VoidPayment', 'ReleaseStock', 'WasCancelled']],
    ['CapturePayment', 'PaymentDeclined', ['VoidPayment', 'ReleaseStock', 'WasCancelled', 'MarkOrder']],
    ['BookShipment', 'OrderCancelled', ['RefundPayment', 'WriteLedger', 'ReleaseStock', 'WasCancelled']],
    ['BookShipment', 'DeliveryFailed', ['RefundPayment', 'WriteLedger', 'ReleaseStock', 'WasCancelled', 'MarkOrder']],
    ['AwaitDelivery', 'DeliveryFailed', ['RefundPayment', 'WriteLedger', 'Restock', 'MarkOrder']],
    ['AwaitDelivery', 'States.Timeout', ['RefundPayment', 'WriteLedger', 'Restock', 'MarkOrder']],
  ])('%s %s compensates with %j', (state, error, expected) => {
    expect(follow(state, error)).toEqual(expected);
  });
});

describe('task registry', () => {
  test.each(Object.entries(taskRegistry))('%s: its entry exists and exports a handler; it uses the Idempotency table', async (_, task) => {
    expect(existsSync(path.join(root, task.entry))).toBe(true);
    const module = await import(path.join(root, task.entry));
    expect(typeof module.handler).toBe('function');
    expect(task.tables.write).toContain('Idempotency');
  });

  test('every registered task is used by a workflow, except PublishStatus (for resolvers), ReconcilePayments and SweepReservations (on a schedule)', () => {
    const used = new Set(Object.values(workflows).flatMap((d) => tasks(d).map(([, s]) => String(s.Parameters?.FunctionName ?? ''))));
    const unused = Object.keys(taskRegistry).filter((t) => !used.has(`\${${functionArnPlaceholder(t)}}`));
    expect(unused.sort()).toEqual(['PublishStatus', 'ReconcilePayments', 'SweepReservations']);
  });
});
