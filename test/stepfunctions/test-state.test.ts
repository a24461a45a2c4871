// TestState through @aws-sdk/client-sfn (https://docs.aws.amazon.com/step-functions/latest/dg/test-state-isolation.html).
import { TestStateCommand } from '@aws-sdk/client-sfn';
import { fn, startHarness, type Harness } from './support.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h.close(); });

const test_ = (definition: object, input: object, extra: object = {}) =>
  h.sfn.send(new TestStateCommand({ definition: JSON.stringify(definition), input: JSON.stringify(input), roleArn: 'arn:aws:iam::000000000000:role/r', ...extra }));

test('DEBUG shows the data after each processing step, and the next state', async () => {
  const out = await test_({
    Type: 'Task', Resource: fn('Echo'), InputPath: '$.order', Parameters: { 'id.$': '$.id', key: 'k' },
    ResultSelector: { 'fn.$': '$.functionName' }, ResultPath: '$.called', OutputPath: '$.called', Next: 'Charge',
  }, { order: { id: 'o-1', extra: true } }, { inspectionLevel: 'DEBUG' });
  expect(out).toMatchObject({ status: 'SUCCEEDED', nextState: 'Charge' });
  expect(JSON.parse(out.output!)).toEqual({ fn: 'bigsmokes-Echo' });
  const d = out.inspectionData!;
  expect(JSON.parse(d.input!)).toEqual({ order: { id: 'o-1', extra: true } });
  expect(JSON.parse(d.afterInputPath!)).toEqual({ id: 'o-1', extra: true });
  expect(JSON.parse(d.afterParameters!)).toEqual({ id: 'o-1', key: 'k' });
  expect(JSON.parse(d.result!)).toMatchObject({ echo: { id: 'o-1', key: 'k' }, functionName: 'bigsmokes-Echo' });
  expect(JSON.parse(d.afterResultSelector!)).toEqual({ fn: 'bigsmokes-Echo' });
  // ResultPath places the result into the state's raw input, not the InputPath selection.
  expect(JSON.parse(d.afterResultPath!)).toEqual({ order: { id: 'o-1', extra: true }, called: { fn: 'bigsmokes-Echo' } });
});

test('INFO has no inspection data; a mocked error matching a retrier is RETRIABLE, then CAUGHT_ERROR when retries are spent', async () => {
  const state = {
    Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: fn('Echo') },
    Retry: [{ ErrorEquals: ['Transient'], MaxAttempts: 2, IntervalSeconds: 3, BackoffRate: 2 }],
    Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'Compensate' }], End: true,
  };
  const mock = { errorOutput: { error: 'Transient', cause: 'provider down' } };
  const retriable = await test_(state, { a: 1 }, { mock, inspectionLevel: 'DEBUG', stateConfiguration: { retrierRetryCount: 1 } });
  expect(retriable).toMatchObject({ status: 'RETRIABLE', error: 'Transient', cause: 'provider down' });
  expect(retriable.inspectionData!.errorDetails).toEqual({ retryIndex: 0, retryBackoffIntervalSeconds: 6 });
  const caught = await test_(state, { a: 1 }, { mock, stateConfiguration: { retrierRetryCount: 2 } });
  expect(caught).toMatchObject({ status: 'CAUGHT_ERROR', nextState: 'Compensate', error: 'Transient' });
  expect(JSON.parse(caught.output!)).toEqual({ a: 1, failure: { Error: 'Transient', Cause: 'provider down' } });
  expect(caught.inspectionData).toBeUndefined();
});

test('a mocked result, variables and JSONata; Choice picks its next state; Fail is FAILED', async () => {
  const out = await test_({
    Type: 'Task', QueryLanguage: 'JSONata', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
    Arguments: { FunctionName: fn('Callback'), Payload: { token: '{% $states.context.Task.Token %}' } },
    Assign: { packed: '{% $states.result.packages %}' }, Output: '{% { "order": $orderId, "n": $states.result.packages } %}', End: true,
  }, {}, { mock: { result: '{"packages":2}' }, variables: '{"orderId":"o-9"}', inspectionLevel: 'TRACE' });
  expect(out.status).toBe('SUCCEEDED');
  expect(JSON.parse(out.output!)).toEqual({ order: 'o-9', n: 2 });
  expect(JSON.parse(out.inspectionData!.variables!)).toEqual({ orderId: 'o-9', packed: 2 });

  const choice = await test_({ Type: 'Choice', Choices: [{ Variable: '$.total', NumericGreaterThanEquals: 50000, Next: 'AwaitApproval' }], Default: 'Refund' }, { total: 60000 });
  expect(choice).toMatchObject({ status: 'SUCCEEDED', nextState: 'AwaitApproval' });
  const failed = await test_({ Type: 'Fail', Error: 'OutOfStock', Cause: 'none left' }, {});
  expect(failed).toMatchObject({ status: 'FAILED', error: 'OutOfStock', cause: 'none left' });
});

test('a state of a whole definition, chosen by stateName; bad definitions are InvalidDefinition', async () => {
  const machine = { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Result: { done: true }, ResultPath: '$.b', End: true } } };
  const out = await h.sfn.send(new TestStateCommand({ definition: JSON.stringify(machine), stateName: 'B', input: '{"x":1}', roleArn: 'arn:aws:iam::000000000000:role/r' }));
  expect(JSON.parse(out.output!)).toEqual({ x: 1, b: { done: true } });
  await expect(test_({ Type: 'Task', Resource: 'arn:aws:states:::nothing:here', End: true }, {})).rejects.toMatchObject({ name: 'InvalidDefinition' });
  await expect(h.sfn.send(new TestStateCommand({ definition: '{"Type": "Pass", "End": true}', input: '{bad', roleArn: 'arn:aws:iam::000000000000:role/r' }))).rejects.toMatchObject({ name: 'InvalidExecutionInput' });
});
