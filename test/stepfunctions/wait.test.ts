// Wait: timestamps are RFC 3339 with an uppercase T and Z, fractional seconds optional
// (https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html); anything else, a negative
// or fractional SecondsPath, and a delay past 2^31 - 1 seconds fail with AWS's causes, recorded in
// localstack's AWS-validated snapshots (tests/aws/services/stepfunctions/v2/base/test_wait.snapshot.json,
// tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.snapshot.json).
import { runDefinition, single } from './run-definition.ts';

const prefix = (state: string) => `An error occurred while executing the state '${state}' (entered at the event id #2). `;
const waitUntil = (state: object) => ({ StartAt: 'WaitUntil', States: { WaitUntil: { Type: 'Wait', End: true, ...state } } });
const past = (suffix: string) => `2016-12-05T21:29:29${suffix}`;

describe('TimestampPath', () => {
  test.each(['Z', '.000000Z', '.00Z', '.123Z'])('a UTC timestamp with %s passes (a past one at once)', async (suffix) => {
    const r = await runDefinition(waitUntil({ TimestampPath: '$.TimestampValue' }), { TimestampValue: past(suffix) });
    expect(r).toEqual({ status: 'SUCCEEDED', output: { TimestampValue: past(suffix) } });
  });

  test.each(['2016-12-05 21:29:29Z', '2016-12-05T21:29:29', '2016-12-05T21:29:29.000000', '2016-13-05T21:29:29Z', '2016-12-05T25:29:29Z', '2016-02-30T21:29:29Z', '05-12-2016T21:29:29Z', '2016-12-05T21:29:29+01:00'])(
    '%s is States.Runtime', async (timestamp) => {
      const r = await runDefinition(waitUntil({ TimestampPath: '$.TimestampValue' }), { TimestampValue: timestamp });
      expect(r).toEqual({ status: 'FAILED', error: 'States.Runtime', cause: `${prefix('WaitUntil')}The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.TimestampValue == ${timestamp}` });
    });

  test('a number or a missing path is States.Runtime', async () => {
    expect(await runDefinition(waitUntil({ TimestampPath: '$.TimestampValue' }), { TimestampValue: 1.5 })).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(await runDefinition(waitUntil({ TimestampPath: '$.TimestampValue' }), {})).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });

  test('24855 days ahead is accepted, 24856 days is "Wait state delay is too long."', async () => {
    const inDays = (days: number) => new Date(Date.now() + days * 86400_000).toISOString().replace(/\.\d+Z$/, '.000Z');
    const tooFar = await runDefinition(waitUntil({ TimestampPath: '$.start_at' }), { start_at: inDays(24856) });
    expect(tooFar).toEqual({ status: 'FAILED', error: 'States.Runtime', cause: `${prefix('WaitUntil')}Wait state delay is too long.` });
    // The accepted one would wait 68 years: check only that it does not fail at once.
    const { StepFunctionsEngine } = await import('../../local/stepfunctions/engine.ts');
    const engine = new StepFunctionsEngine();
    const { stateMachineArn } = await engine.actions.createStateMachine({ name: 'far', definition: JSON.stringify(waitUntil({ TimestampPath: '$.start_at' })) });
    const { executionArn } = await engine.actions.startExecution({ stateMachineArn, input: JSON.stringify({ start_at: inDays(24855) }) });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await engine.actions.describeExecution({ executionArn })).toMatchObject({ status: 'RUNNING' });
    await engine.actions.stopExecution({ executionArn });
    await engine.close();
  });
});

describe('SecondsPath', () => {
  test.each([[0, 'SUCCEEDED'], [1, 'SUCCEEDED']])('%d waits', async (seconds, status) => {
    expect(await runDefinition(single({ Type: 'Wait', SecondsPath: '$.input.waitSeconds' }), { input: { waitSeconds: seconds } })).toMatchObject({ status });
  });

  test.each([
    [-1, 'references a negative value: $.input.waitSeconds == -1'],
    [1.5, 'cannot be parsed as a long value: $.input.waitSeconds == 1.5'],
    [-1.5, 'cannot be parsed as a long value: $.input.waitSeconds == -1.5'],
  ])('%d is States.Runtime', async (seconds, why) => {
    const r = await runDefinition({ StartAt: 'WaitState', States: { WaitState: { Type: 'Wait', SecondsPath: '$.input.waitSeconds', End: true } } }, { input: { waitSeconds: seconds } });
    expect(r).toEqual({ status: 'FAILED', error: 'States.Runtime', cause: `${prefix('WaitState')}The SecondsPath parameter ${why}` });
  });

  test('a path that is not there', async () => {
    const r = await runDefinition({ StartAt: 'WaitState', States: { WaitState: { Type: 'Wait', SecondsPath: '$.input.waitSeconds', End: true } } }, { input: {} });
    expect(r).toEqual({ status: 'FAILED', error: 'States.Runtime', cause: `${prefix('WaitState')}The SecondsPath parameter does not reference an input value: $.input.waitSeconds` });
  });
});

describe('JSONata Timestamp', () => {
  test.each(['2016-12-05 21:29:29Z', '2016-12-05T21:29:29', '2016-13-05T21:29:29Z', '2016-12-05T25:29:29Z', '05-12-2016T21:29:29Z'])(
    '%s is States.QueryEvaluationError', async (timestamp) => {
      const def = { QueryLanguage: 'JSONata', StartAt: 'WaitState', States: { WaitState: { Type: 'Wait', Timestamp: '{% $states.input.TimestampValue %}', End: true } } };
      const r = await runDefinition(def, { TimestampValue: timestamp });
      expect(r).toEqual({ status: 'FAILED', error: 'States.QueryEvaluationError', cause: `${prefix('WaitState')}The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${timestamp}` });
    });

  test('a valid one passes', async () => {
    const def = { QueryLanguage: 'JSONata', StartAt: 'WaitState', States: { WaitState: { Type: 'Wait', Timestamp: '{% $states.input.TimestampValue %}', End: true } } };
    expect(await runDefinition(def, { TimestampValue: past('.000000001Z') })).toMatchObject({ status: 'SUCCEEDED' });
  });
});
