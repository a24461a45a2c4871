// The Step Functions API of the local runtime, driven through @aws-sdk/client-sfn, with engine
// state in the local DynamoDB endpoint. Behaviour follows the Step Functions API Reference
// (https://docs.aws.amazon.com/step-functions/latest/apireference/).
import {
  CreateStateMachineCommand, DescribeExecutionCommand, DescribeStateMachineCommand, GetExecutionHistoryCommand,
  ListExecutionsCommand, ListStateMachinesCommand, SendTaskFailureCommand, SendTaskHeartbeatCommand, SendTaskSuccessCommand,
  StartExecutionCommand, StartSyncExecutionCommand, StopExecutionCommand, DeleteStateMachineCommand, type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { newTaskToken } from '../../local/stepfunctions/task-token.ts';
import { definition, eventually, fn, startHarness, type Harness } from './support.ts';
import { fixtureState, resetFixtures } from './fixtures/state.ts';

let h: Harness;
let seq = 0;

beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h.close(); });
beforeEach(() => resetFixtures());

async function machine(states: object, type: 'STANDARD' | 'EXPRESS' = 'STANDARD', extra: object = {}) {
  const out = await h.sfn.send(new CreateStateMachineCommand({ name: `sm-${++seq}`, definition: definition(states, extra), roleArn: 'arn:aws:iam::000000000000:role/r', type }));
  return out.stateMachineArn!;
}

async function finished(executionArn: string) {
  return eventually(async () => {
    const d = await h.sfn.send(new DescribeExecutionCommand({ executionArn }));
    return d.status === 'RUNNING' ? undefined : d;
  });
}

async function history(executionArn: string): Promise<HistoryEvent[]> {
  return (await h.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];
}

const types = (events: HistoryEvent[]) => events.map((e) => e.type);

describe('executions', () => {
  test('start, describe, history and list with filters (StartExecution, DescribeExecution, GetExecutionHistory, ListExecutions)', async () => {
    const arn = await machine({
      Prepare: { Type: 'Pass', Parameters: { 'order.$': '$.orderId', key: 'a' }, Next: 'Call' },
      Call: { Type: 'Task', Resource: fn('Echo'), ResultSelector: { 'fn.$': '$.functionName', 'order.$': '$.echo.order' }, End: true },
    });
    const { executionArn, startDate } = await h.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'order-1', input: '{"orderId":"o-1"}' }));
    expect(executionArn).toBe(`${arn.replace(':stateMachine:', ':execution:')}:order-1`);
    expect(startDate).toBeInstanceOf(Date);
    const done = await finished(executionArn!);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual({ fn: 'bigsmokes-Echo', order: 'o-1' });
    expect(done.input).toBe('{"orderId":"o-1"}');

    const events = await history(executionArn!);
    expect(types(events)).toEqual([
      'ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'TaskStateEntered', 'LambdaFunctionScheduled',
      'LambdaFunctionStarted', 'LambdaFunctionSucceeded', 'TaskStateExited', 'ExecutionSucceeded',
    ]);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    expect(events[1].stateEnteredEventDetails).toMatchObject({ name: 'Prepare', input: '{"orderId":"o-1"}' });
    const reversed = await h.sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 2 }));
    expect(types(reversed.events!)).toEqual(['ExecutionSucceeded', 'TaskStateExited']);
    expect(reversed.nextToken).toBeDefined();

    await h.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'order-2', input: '{}' }));
    await finished(`${arn.replace(':stateMachine:', ':execution:')}:order-2`);
    const succeeded = await h.sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'SUCCEEDED' }));
    expect(succeeded.executions!.map((e) => e.name).sort()).toEqual(['order-1']);
    const failed = await h.sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'FAILED' }));
    expect(failed.executions!.map((e) => e.name)).toEqual(['order-2']);
    const notRedriven = await h.sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, redriveFilter: 'NOT_REDRIVEN' }));
    expect(notRedriven.executions).toHaveLength(2);
  });

  test('a Lambda function error is reported as Error = errorType, Cause = {errorMessage, errorType, trace}', async () => {
    const arn = await machine({ Pay: { Type: 'Task', Resource: fn('Declined'), End: true } });
    const { executionArn } = await h.sfn.send(new StartExecutionCommand({ stateMachineArn: arn }));
    const done = await finished(executionArn!);
    expect(done.status).toBe('FAILED');
    expect(done.error).toBe('PaymentDeclined');
    expect(JSON.parse(done.cause!)).toMatchObject({ errorMessage: 'card declined', errorType: 'PaymentDeclined', trace: expect.any(Array) });
    expect(types(await history(executionArn!))).toContain('LambdaFunctionFailed');
  });

  test('same name and input while running returns the same execution; any other reuse is ExecutionAlreadyExists', async () => {
    const arn = await machine({ Hold: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', Parameters: { FunctionName: fn('Callback'), Payload: { 'token.$': '$$.Task.Token' } }, End: true } });
    const first = await h.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'order-x', input: '{"a":1}' }));
    const again = await h.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'order-x', input: '{"a":1}' }));
    expect(again.executionArn).toBe(first.executionArn);
    expect(again.startDate).toEqual(first.startDate);
    await expect(h.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'order-x', input: '{"a":2}' }))).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    await h.sfn.send(new StopExecutionCommand({ executionArn: first.executionArn }));
    await expect(h.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'order-x', input: '{"a":1}' }))).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    const list = await h.sfn.send(new ListExecutionsCommand({ stateMachineArn: arn }));
    expect(list.executions).toHaveLength(1);
  });

  test('StopExecution aborts a running execution with its error and cause', async () => {
    const arn = await machine({ Sleep: { Type: 'Wait', Seconds: 3600, End: true } });
    const { executionArn } = await h.sfn.send(new StartExecutionCommand({ stateMachineArn: arn }));
    await eventually(async () => types(await history(executionArn!)).includes('WaitStateEntered'));
    const { stopDate } = await h.sfn.send(new StopExecutionCommand({ executionArn, error: 'Ops', cause: 'manual stop' }));
    expect(stopDate).toBeInstanceOf(Date);
    const d = await h.sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(d).toMatchObject({ status: 'ABORTED', error: 'Ops', cause: 'manual stop', redriveStatus: 'REDRIVABLE' });
    const events = await history(executionArn!);
    expect(events.at(-1)).toMatchObject({ type: 'ExecutionAborted', executionAbortedEventDetails: { error: 'Ops', cause: 'manual stop' } });
  });

  test('the execution TimeoutSeconds ends it TIMED_OUT (https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html)', async () => {
    const arn = await machine({ Sleep: { Type: 'Wait', Seconds: 3600, End: true } }, 'STANDARD', { TimeoutSeconds: 2 });
    const { executionArn } = await h.sfn.send(new StartExecutionCommand({ stateMachineArn: arn }));
    const done = await finished(executionArn!);
    expect(done.status).toBe('TIMED_OUT');
    expect(types(await history(executionArn!)).at(-1)).toBe('ExecutionTimedOut');
  });
});

describe('task tokens (https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html#connect-wait-token)', () => {
  const callbackState = (extra: object = {}) => ({
    Wait: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', Parameters: { FunctionName: fn('Callback'), Payload: { 'token.$': '$$.Task.Token', 'order.$': '$.order' } }, ResultPath: '$.answer', End: true, ...extra },
  });

  test('SendTaskSuccess resumes the task with its output', async () => {
    const arn = await machine(callbackState());
    const { executionArn } = await h.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{"order":"o-7"}' }));
    const { token, event } = await eventually(() => fixtureState().tokens[0]);
    expect(event).toMatchObject({ order: 'o-7' });
    await h.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"packed":3}' }));
    const done = await finished(executionArn!);
    expect(JSON.parse(done.output!)).toEqual({ order: 'o-7', answer: { packed: 3 } });
    expect(types(await history(executionArn!))).toEqual(expect.arrayContaining(['TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded']));
    // The task is over: its token is no longer accepted.
    await expect(h.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toMatchObject({ name: 'TaskTimedOut' });
  });

  test('SendTaskFailure fails the task with the given error, which Catch handles', async () => {
    const arn = await machine({ ...callbackState({ Catch: [{ ErrorEquals: ['OrderCancelled'], ResultPath: '$.error', Next: 'Compensate' }], End: undefined, Next: 'Done' }), Done: { Type: 'Succeed' }, Compensate: { Type: 'Pass', End: true } });
    const { executionArn } = await h.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{"order":"o-8"}' }));
    const { token } = await eventually(() => fixtureState().tokens[0]);
    await h.sfn.send(new SendTaskFailureCommand({ taskToken: token, error: 'OrderCancelled', cause: 'shopper cancelled' }));
    const done = await finished(executionArn!);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!).error).toEqual({ Error: 'OrderCancelled', Cause: 'shopper cancelled' });
  });

  test('malformed tokens are InvalidToken, tokens of no known task TaskDoesNotExist, bad output InvalidOutput', async () => {
    await expect(h.sfn.send(new SendTaskSuccessCommand({ taskToken: 'not a token!', output: '{}' }))).rejects.toMatchObject({ name: 'InvalidToken' });
    const stranger = newTaskToken('arn:aws:states:us-east-1:000000000000:execution:nope:nope');
    await expect(h.sfn.send(new SendTaskSuccessCommand({ taskToken: stranger, output: '{}' }))).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
    await expect(h.sfn.send(new SendTaskHeartbeatCommand({ taskToken: stranger }))).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
    await expect(h.sfn.send(new SendTaskFailureCommand({ taskToken: 'x' }))).rejects.toMatchObject({ name: 'InvalidToken' });
    const arn = await machine(callbackState());
    await h.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{"order":"o"}' }));
    const { token } = await eventually(() => fixtureState().tokens[0]);
    await expect(h.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{not json' }))).rejects.toMatchObject({ name: 'InvalidOutput' });
  });

  test('heartbeats keep a task alive past HeartbeatSeconds; without them it fails States.HeartbeatTimeout', async () => {
    // timeScale 0.05: HeartbeatSeconds 10 is 500 ms of wall time; heartbeats come every 100 ms.
    const arn = await machine(callbackState({ HeartbeatSeconds: 10, TimeoutSeconds: 1000 }));
    const alive = await h.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{"order":"hb"}' }));
    const { token } = await eventually(() => fixtureState().tokens[0]);
    for (let i = 0; i < 10; i++) {
      await new Promise((r) => setTimeout(r, 100));
      await h.sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    }
    expect((await h.sfn.send(new DescribeExecutionCommand({ executionArn: alive.executionArn }))).status).toBe('RUNNING');
    await h.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '"ok"' }));
    expect((await finished(alive.executionArn!)).status).toBe('SUCCEEDED');

    const silent = await h.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{"order":"quiet"}' }));
    const done = await finished(silent.executionArn!);
    expect(done.status).toBe('FAILED');
    expect(done.error).toBe('States.HeartbeatTimeout');
    expect(types(await history(silent.executionArn!))).toContain('TaskTimedOut');
  });

  test('TimeoutSeconds bounds a callback task: States.Timeout', async () => {
    const arn = await machine(callbackState({ TimeoutSeconds: 4 }));
    const { executionArn } = await h.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{"order":"t"}' }));
    const done = await finished(executionArn!);
    expect(done.error).toBe('States.Timeout');
  });
});

describe('state machines and bad requests', () => {
  test('describe, list and delete state machines', async () => {
    const arn = await machine({ A: { Type: 'Pass', End: true } });
    const d = await h.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    expect(d).toMatchObject({ stateMachineArn: arn, type: 'STANDARD', status: 'ACTIVE', roleArn: 'arn:aws:iam::000000000000:role/r' });
    expect(JSON.parse(d.definition!)).toEqual({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } });
    const list = await h.sfn.send(new ListStateMachinesCommand({}));
    expect(list.stateMachines!.map((m) => m.stateMachineArn)).toContain(arn);
    await h.sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arn }));
    await expect(h.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }))).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
  });

  test('bad definitions get InvalidDefinition and create nothing', async () => {
    const before = (await h.sfn.send(new ListStateMachinesCommand({}))).stateMachines!.length;
    const create = (name: string, def: string, type: 'STANDARD' | 'EXPRESS' = 'STANDARD') => h.sfn.send(new CreateStateMachineCommand({ name, definition: def, roleArn: 'arn:aws:iam::000000000000:role/r', type }));
    await expect(create('bad-json', '{"StartAt": ')).rejects.toMatchObject({ name: 'InvalidDefinition' });
    await expect(create('bad-next', definition({ A: { Type: 'Pass', Next: 'Nowhere' } }))).rejects.toMatchObject({ name: 'InvalidDefinition', message: expect.stringContaining('Nowhere') });
    await expect(create('bad-resource', definition({ Call: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.sync', End: true } }))).rejects.toMatchObject({ name: 'InvalidDefinition', message: expect.stringContaining('/States/Call/Resource') });
    // https://docs.aws.amazon.com/step-functions/latest/dg/concepts-standard-vs-express.html: EXPRESS has no callbacks or .sync.
    await expect(create('express-callback', definition({ W: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', Parameters: { FunctionName: fn('Callback') }, End: true } }), 'EXPRESS')).rejects.toMatchObject({ name: 'InvalidDefinition' });
    expect((await h.sfn.send(new ListStateMachinesCommand({}))).stateMachines).toHaveLength(before);
  });

  test('bad API calls get AWS error names', async () => {
    const arn = await machine({ A: { Type: 'Pass', End: true } });
    const missing = arn.replace(':stateMachine:', ':execution:') + ':missing';
    await expect(h.sfn.send(new DescribeExecutionCommand({ executionArn: missing }))).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
    await expect(h.sfn.send(new DescribeExecutionCommand({ executionArn: 'arn:nope' }))).rejects.toMatchObject({ name: 'InvalidArn' });
    await expect(h.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{oops' }))).rejects.toMatchObject({ name: 'InvalidExecutionInput' });
    await expect(h.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'has space' }))).rejects.toMatchObject({ name: 'InvalidName' });
    await expect(h.sfn.send(new StartExecutionCommand({ stateMachineArn: `${arn}-gone` }))).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    await expect(h.sfn.send(new StartSyncExecutionCommand({ stateMachineArn: arn }))).rejects.toMatchObject({ name: 'StateMachineTypeNotSupported' });
    expect((await h.sfn.send(new ListExecutionsCommand({ stateMachineArn: arn }))).executions).toHaveLength(0);
  });
});

describe('EXPRESS (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-standard-vs-express.html)', () => {
  test('StartSyncExecution returns the output, or the error and cause, on the same port', async () => {
    const arn = await machine({
      Check: { Type: 'Choice', Choices: [{ Variable: '$.ok', BooleanEquals: true, Next: 'Echo' }], Default: 'Decline' },
      Echo: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: fn('Echo'), 'Payload.$': '$' }, OutputPath: '$.Payload.echo', End: true },
      Decline: { Type: 'Task', Resource: fn('Declined'), End: true },
    }, 'EXPRESS');
    const ok = await h.sfn.send(new StartSyncExecutionCommand({ stateMachineArn: arn, input: '{"ok":true}' }));
    expect(ok.status).toBe('SUCCEEDED');
    expect(JSON.parse(ok.output!)).toEqual({ ok: true });
    expect(ok.executionArn).toContain(':express:');
    const bad = await h.sfn.send(new StartSyncExecutionCommand({ stateMachineArn: arn, input: '{"ok":false}' }));
    expect(bad).toMatchObject({ status: 'FAILED', error: 'PaymentDeclined' });
    // No history API and no redrive for EXPRESS executions.
    await expect(h.sfn.send(new GetExecutionHistoryCommand({ executionArn: ok.executionArn }))).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
  });
});
