// Durability: the engine process is killed with SIGKILL mid-run; a new engine over the same
// DynamoDB endpoint resumes every RUNNING execution from its last persisted transition, keeps
// the Wait deadline, the pending task token, the retries a state has used and the due time of its
// next retry, and each execution finishes exactly once.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, SendTaskSuccessCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import { stepFunctionsTable } from '../../local/stepfunctions/persistence/table.ts';
import { startTestDynamoDB, type TestDynamoDB } from '../support/local-dynamodb.ts';
import { eventually, startHarness, type Harness } from './support.ts';
import { fixtureState, resetFixtures } from './fixtures/state.ts';

let ddb: TestDynamoDB;
let child: ChildProcess | undefined;
let h: Harness | undefined;

beforeAll(async () => { ddb = await startTestDynamoDB([stepFunctionsTable]); });
afterAll(async () => {
  child?.kill('SIGKILL');
  await h?.close();
  await ddb.close();
});

function startChild(): Promise<{ sleeper: string; waiter: string; retrier: string; token: string }> {
  child = spawn(process.execPath, [path.join(import.meta.dirname, 'fixtures/child-engine.ts'), ddb.endpoint], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child!.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]) as { sleeper: string; waiter: string; retrier: string; token: string });
    });
    child!.once('exit', (code) => reject(new Error(`child engine exited early (${code})`)));
  });
}

const count = (events: HistoryEvent[], type: string) => events.filter((e) => e.type === type).length;

test('kill -9 mid-run, restart: executions resume and finish once', async () => {
  resetFixtures();
  const started = await startChild();
  const killed = new Promise((r) => child!.once('exit', r));
  child!.kill('SIGKILL');
  await killed;
  child = undefined;

  // The provider is still down: the retrying state fails again here.
  fixtureState().outage = true;
  h = await startHarness({}, ddb);
  expect(h.local.recovered).toBe(3);

  // The Wait resumes with its stored deadline, then the next task runs in the new process.
  const sleeper = await eventually(async () => {
    const d = await h!.sfn.send(new DescribeExecutionCommand({ executionArn: started.sleeper }));
    return d.status === 'RUNNING' ? undefined : d;
  });
  expect(sleeper.status).toBe('SUCCEEDED');
  expect(JSON.parse(sleeper.output!).after).toEqual({ key: 'after' });
  const events = (await h.sfn.send(new GetExecutionHistoryCommand({ executionArn: started.sleeper, maxResults: 1000 }))).events!;
  expect(count(events, 'ExecutionSucceeded')).toBe(1);
  expect(count(events, 'ExecutionStarted')).toBe(1);
  expect(events.filter((e) => e.type === 'TaskStateEntered').map((e) => e.stateEnteredEventDetails!.name)).toEqual(['Before', 'After']);
  expect(fixtureState().calls.after).toBe(1);
  // https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html: the Wait lasts its Seconds
  // (60 s, 3 s at this time scale) however often the engine restarts inside it.
  const entered = events.find((e) => e.type === 'WaitStateEntered')!.timestamp!.getTime();
  const exited = events.find((e) => e.type === 'WaitStateExited')!.timestamp!.getTime();
  expect(exited - entered).toBeGreaterThanOrEqual(60 * 1000 * 0.05);
  expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));

  // The token handed out before the crash still completes its task; the callback is not called again.
  await h.sfn.send(new SendTaskSuccessCommand({ taskToken: started.token, output: '{"packed":true}' }));
  const waiter = await eventually(async () => {
    const d = await h!.sfn.send(new DescribeExecutionCommand({ executionArn: started.waiter }));
    return d.status === 'RUNNING' ? undefined : d;
  });
  expect(JSON.parse(waiter.output!)).toEqual({ n: 2, answer: { packed: true } });
  expect(fixtureState().tokens).toHaveLength(0);

  // https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html: MaxAttempts
  // bounds the retries of the state, not of a process. One attempt failed and one retry was used
  // before the kill; the state resumes with one retry left: two more attempts here, then the Catch.
  const retrier = await eventually(async () => {
    const d = await h!.sfn.send(new DescribeExecutionCommand({ executionArn: started.retrier }));
    return d.status === 'RUNNING' ? undefined : d;
  });
  expect(retrier.status).toBe('SUCCEEDED');
  expect(JSON.parse(retrier.output!).error.Error).toBe('ProviderUnavailable');
  expect(fixtureState().calls.retry).toBe(2);
  // The same page: a retry comes after its interval (here 40 s x 1^n, 2 s at the harness's time
  // scale). The kill fell inside the first backoff; the restarted engine waits out what was left of
  // it, so no attempt is scheduled before the failure before it plus the interval.
  const retried = (await h.sfn.send(new GetExecutionHistoryCommand({ executionArn: started.retrier, maxResults: 1000 }))).events!;
  const at = (type: string) => retried.filter((e) => e.type === type).map((e) => e.timestamp!.getTime());
  const [scheduled, failed] = [at('LambdaFunctionScheduled'), at('LambdaFunctionFailed')];
  expect(scheduled).toHaveLength(3);
  expect(failed).toHaveLength(3);
  const interval = 40 * 1000 * 0.05;
  expect(scheduled[1]).toBeGreaterThanOrEqual(failed[0] + interval);
  expect(scheduled[2]).toBeGreaterThanOrEqual(failed[1] + interval);
});
