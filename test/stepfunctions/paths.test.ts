// InputPath / OutputPath that match nothing are States.Runtime with the cause AWS's JSONPath library
// gives, recorded on AWS in localstack's AWS-validated tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.snapshot.json
// (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html).
import { lambdaArn, runDefinition } from './run-definition.ts';

const at = (state: string) => `An error occurred while executing the state '${state}' (entered at the event id #2). `;

test.each([['InputPath', '$.NoSuchInputPath'], ['OutputPath', '$.NoSuchOutputPath']])('a missing %s', async (field, path) => {
  const r = await runDefinition({ StartAt: 'pass', States: { pass: { Type: 'Pass', [field]: path, End: true } } }, { a: 1 });
  expect(r).toEqual({ status: 'FAILED', error: 'States.Runtime', cause: `${at('pass')}Invalid path '${path}' : No results for path: $['${path.slice(2)}']` });
});

test('a missing step short of the end, not caught by a Catch on States.Runtime', async () => {
  const def = { StartAt: 'RaiseRuntime', States: {
    RaiseRuntime: { Type: 'Task', Resource: lambdaArn('echo'), OutputPath: '$.no.such.result.path', Catch: [{ ErrorEquals: ['States.Runtime'], Next: 'CaughtRuntime' }], Next: 'Final' },
    CaughtRuntime: { Type: 'Pass', End: true }, Final: { Type: 'Pass', End: true } } };
  const r = await runDefinition(def, {}, { echo: (p) => p });
  expect(r).toEqual({ status: 'FAILED', error: 'States.Runtime', cause: `${at('RaiseRuntime')}Invalid path '$.no.such.result.path' : Missing property in path $['no']` });
});

test('a missing TimeoutSecondsPath', async () => {
  const def = { StartAt: 'task', States: { task: { Type: 'Task', Resource: lambdaArn('echo'), TimeoutSecondsPath: '$.NoSuchTimeoutSecondsPath', End: true } } };
  const r = await runDefinition(def, {}, { echo: (p) => p });
  expect(r).toEqual({ status: 'FAILED', error: 'States.Runtime', cause: `${at('task')}Invalid path '$.NoSuchTimeoutSecondsPath' : No results for path: $['NoSuchTimeoutSecondsPath']` });
});
