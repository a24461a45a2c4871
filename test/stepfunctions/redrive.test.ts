// RedriveExecution with AWS's rules (https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html):
// same ARN, restart at the failed state with its recorded input, successful states not rerun, only
// failed Map iterations and Parallel branches rerun, redriveCount/redriveDate, ExecutionRedriven,
// ExecutionNotRedrivable otherwise.
import {
  CreateStateMachineCommand, DescribeExecutionCommand, GetExecutionHistoryCommand, ListExecutionsCommand,
  RedriveExecutionCommand, StartExecutionCommand, StartSyncExecutionCommand, type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { definition, eventually, fn, startHarness, type Harness } from './support.ts';
import { fixtureState, resetFixtures } from './fixtures/state.ts';

let h: Harness;
let seq = 0;

beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h.close(); });
beforeEach(() => resetFixtures());

async function machine(states: object, type: 'STANDARD' | 'EXPRESS' = 'STANDARD') {
  return (await h.sfn.send(new CreateStateMachineCommand({ name: `redrive-${++seq}`, definition: definition(states), roleArn: 'arn:aws:iam::000000000000:role/r', type }))).stateMachineArn!;
}

async function finished(executionArn: string) {
  return eventually(async () => {
    const d = await h.sfn.send(new DescribeExecutionCommand({ executionArn }));
    return d.status === 'RUNNING' ? undefined : d;
  });
}

const history = async (executionArn: string): Promise<HistoryEvent[]> => (await h.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events!;
const count = (events: HistoryEvent[], type: string) => events.filter((e) => e.type === type).length;
const flaky = (key: string, extra: object = {}) => ({ Type: 'Task', Resource: fn('Flaky'), Parameters: { key }, Retry: [{ ErrorEquals: ['ProviderUnavailable'], MaxAttempts: 1, IntervalSeconds: 1 }], ...extra });

test('top level: resumes at the failed state, earlier states are not rerun, same ARN, redriveCount and ExecutionRedriven', async () => {
  const arn = await machine({
    Prepare: { Type: 'Pass', Result: { step: 'prepared' }, ResultPath: '$.prepared', Next: 'Charge' },
    Charge: flaky('charge', { ResultPath: '$.charge', Next: 'Ship' }),
    Ship: { Type: 'Task', Resource: fn('Echo'), Parameters: { key: 'ship' }, ResultSelector: { 'key.$': '$.echo.key' }, ResultPath: '$.ship', End: true },
  });
  fixtureState().outage = true;
  const { executionArn } = await h.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'order-r1', input: '{"orderId":"r1"}' }));
  const failed = await finished(executionArn!);
  expect(failed).toMatchObject({ status: 'FAILED', error: 'ProviderUnavailable', redriveStatus: 'REDRIVABLE', redriveCount: 0 });
  expect(fixtureState().calls.charge).toBe(2);

  fixtureState().outage = false;
  const { redriveDate } = await h.sfn.send(new RedriveExecutionCommand({ executionArn }));
  expect(redriveDate).toBeInstanceOf(Date);
  const done = await finished(executionArn!);
  expect(done).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1, executionArn });
  expect(done.redriveDate).toEqual(redriveDate);
  expect(JSON.parse(done.output!)).toEqual({ orderId: 'r1', prepared: { step: 'prepared' }, charge: { ok: 'charge' }, ship: { key: 'ship' } });
  expect(fixtureState().calls.charge).toBe(3);

  const events = await history(executionArn!);
  expect(count(events, 'PassStateEntered')).toBe(1);
  const redriven = events.find((e) => e.type === 'ExecutionRedriven');
  expect(redriven?.executionRedrivenEventDetails).toEqual({ redriveCount: 1 });
  const afterRedrive = events.slice(events.indexOf(redriven!) + 1);
  expect(afterRedrive[0]).toMatchObject({ type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'Charge' } });
  expect(JSON.parse(afterRedrive[0].stateEnteredEventDetails!.input!)).toEqual({ orderId: 'r1', prepared: { step: 'prepared' } });

  const redrivenList = await h.sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, redriveFilter: 'REDRIVEN' }));
  expect(redrivenList.executions!.map((e) => e.executionArn)).toEqual([executionArn]);
});

test('inside Map: only the failed iteration reruns; iterations not yet started run once', async () => {
  const arn = await machine({
    Items: {
      Type: 'Map', ItemsPath: '$.items', MaxConcurrency: 1,
      ItemProcessor: { StartAt: 'Call', States: { Call: flaky('x', { Parameters: { 'key.$': '$.key', 'immune.$': '$.immune' }, End: true }) } },
      End: true,
    },
  });
  fixtureState().outage = true;
  const input = { items: [{ key: 'm0', immune: true }, { key: 'm1', immune: false }, { key: 'm2', immune: true }] };
  const { executionArn } = await h.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: JSON.stringify(input) }));
  expect((await finished(executionArn!)).status).toBe('FAILED');
  expect(fixtureState().calls).toEqual({ m0: 1, m1: 2 });

  fixtureState().outage = false;
  await h.sfn.send(new RedriveExecutionCommand({ executionArn }));
  const done = await finished(executionArn!);
  expect(done.status).toBe('SUCCEEDED');
  expect(JSON.parse(done.output!)).toEqual([{ ok: 'm0' }, { ok: 'm1' }, { ok: 'm2' }]);
  expect(fixtureState().calls).toEqual({ m0: 1, m1: 3, m2: 1 });
  const events = await history(executionArn!);
  expect(count(events, 'MapIterationFailed')).toBe(1);
});

test('inside Parallel: only the failed branch reruns', async () => {
  const arn = await machine({
    Both: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'Fast', States: { Fast: { Type: 'Task', Resource: fn('Echo'), Parameters: { key: 'p0' }, ResultSelector: { 'key.$': '$.echo.key' }, End: true } } },
        { StartAt: 'Later', States: { Later: { Type: 'Wait', Seconds: 2, Next: 'Slow' }, Slow: flaky('p1', { End: true }) } },
      ],
      End: true,
    },
  });
  fixtureState().outage = true;
  const { executionArn } = await h.sfn.send(new StartExecutionCommand({ stateMachineArn: arn }));
  expect((await finished(executionArn!)).status).toBe('FAILED');
  expect(fixtureState().calls).toEqual({ p0: 1, p1: 2 });
  fixtureState().outage = false;
  await h.sfn.send(new RedriveExecutionCommand({ executionArn }));
  const done = await finished(executionArn!);
  expect(JSON.parse(done.output!)).toEqual([{ key: 'p0' }, { ok: 'p1' }]);
  expect(fixtureState().calls).toEqual({ p0: 1, p1: 3 });
  const events = await history(executionArn!);
  const afterRedrive = events.slice(events.findIndex((e) => e.type === 'ExecutionRedriven'));
  // The Wait before the failed task is not waited again: the branch resumes at its failed state.
  expect(afterRedrive.filter((e) => e.type === 'WaitStateEntered')).toHaveLength(0);
});

test('refusals: SUCCEEDED, RUNNING and EXPRESS executions are ExecutionNotRedrivable; unknown ones ExecutionDoesNotExist', async () => {
  const ok = await machine({ A: { Type: 'Pass', End: true } });
  const { executionArn: succeeded } = await h.sfn.send(new StartExecutionCommand({ stateMachineArn: ok }));
  await finished(succeeded!);
  await expect(h.sfn.send(new RedriveExecutionCommand({ executionArn: succeeded }))).rejects.toMatchObject({ name: 'ExecutionNotRedrivable' });
  const d = await h.sfn.send(new DescribeExecutionCommand({ executionArn: succeeded }));
  expect(d.redriveStatus).toBe('NOT_REDRIVABLE');

  const slow = await machine({ W: { Type: 'Wait', Seconds: 3600, End: true } });
  const { executionArn: running } = await h.sfn.send(new StartExecutionCommand({ stateMachineArn: slow }));
  await expect(h.sfn.send(new RedriveExecutionCommand({ executionArn: running }))).rejects.toMatchObject({ name: 'ExecutionNotRedrivable' });
  expect((await h.sfn.send(new DescribeExecutionCommand({ executionArn: running }))).redriveCount).toBe(0);

  const express = await machine({ F: { Type: 'Fail', Error: 'Nope' } }, 'EXPRESS');
  const sync = await h.sfn.send(new StartSyncExecutionCommand({ stateMachineArn: express }));
  expect(sync.status).toBe('FAILED');
  await expect(h.sfn.send(new RedriveExecutionCommand({ executionArn: sync.executionArn }))).rejects.toMatchObject({ name: 'ExecutionNotRedrivable' });

  await expect(h.sfn.send(new RedriveExecutionCommand({ executionArn: `${succeeded}x` }))).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
});

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_RedriveExecution.html: a
// redrive of an execution that is no longer FAILED/TIMED_OUT/ABORTED (the first redrive made it
// RUNNING) is ExecutionNotRedrivable; the execution runs once, its history ids unique and in order.
test('concurrent redrives: one is accepted, the others are ExecutionNotRedrivable; the execution runs once', async () => {
  const arn = await machine({
    Charge: flaky('concurrent', { ResultPath: '$.charge', Next: 'Ship' }),
    Ship: { Type: 'Task', Resource: fn('Echo'), Parameters: { key: 'ship' }, ResultPath: '$.ship', End: true },
  });
  fixtureState().outage = true;
  const { executionArn } = await h.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{}' }));
  await finished(executionArn!);
  const callsBefore = fixtureState().calls.concurrent;
  fixtureState().outage = false;

  const answers = await Promise.allSettled(Array.from({ length: 8 }, () => h.sfn.send(new RedriveExecutionCommand({ executionArn }))));
  expect(answers.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
  for (const a of answers.filter((a) => a.status === 'rejected')) expect((a as PromiseRejectedResult).reason).toMatchObject({ name: 'ExecutionNotRedrivable' });

  const done = await finished(executionArn!);
  expect(done).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
  expect(fixtureState().calls.concurrent).toBe(callsBefore + 1);
  const events = await history(executionArn!);
  expect(count(events, 'ExecutionRedriven')).toBe(1);
  expect(count(events, 'ExecutionSucceeded')).toBe(1);
  expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
});
