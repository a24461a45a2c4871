// 256 KiB is the most a state or task may hand on
// (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html#service-limits-task-executions);
// more is States.DataLimitExceeded with AWS's cause, and the history AWS records (localstack's
// AWS-validated tests/aws/services/stepfunctions/v2/error_handling/test_states_errors.snapshot.json).
import { StepFunctionsEngine } from '../../local/stepfunctions/engine.ts';
import { systemClock } from '../../local/stepfunctions/clock.ts';
import { lambdaArn } from './run-definition.ts';

const big = 'x'.repeat(140 * 1024);

async function run(definition: object, input: unknown, handler: () => unknown = () => null) {
  const engine = new StepFunctionsEngine({ clock: systemClock(0.001), invokeLambda: async () => handler() });
  const { stateMachineArn } = await engine.actions.createStateMachine({ name: 'limit', definition: JSON.stringify(definition) });
  const { executionArn } = await engine.actions.startExecution({ stateMachineArn, input: JSON.stringify(input) });
  const done = await engine.waitForExecution(executionArn);
  const { events } = (await engine.actions.getExecutionHistory({ executionArn, maxResults: 1000 })) as { events: { id: number; type: string; [k: string]: unknown }[] };
  await engine.close();
  return { done, events };
}

test('a state whose output is over 256 KiB fails the execution (it does not stay RUNNING)', async () => {
  const def = { StartAt: 'State_1', States: { State_1: { Type: 'Pass', Parameters: { 'a.$': '$.s', 'b.$': '$.s' }, End: true } } };
  const { done, events } = await run(def, { s: big });
  expect(done).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded', cause: "The state/task 'State_1' returned a result with a size exceeding the maximum number of bytes service limit." });
  expect(events.map((e) => e.type)).toEqual(['ExecutionStarted', 'PassStateEntered', 'ExecutionFailed']);
});

// AWS's recorded history also shows such a failure caught by a Catch on States.DataLimitExceeded or
// States.ALL; error-handling.ts (another branch's area) still treats it as uncatchable, as the
// error-handling page says, so here the task's failure is checked without a Catch.
test('a Lambda result over 256 KiB fails the task with the function named', async () => {
  const fn = lambdaArn('large');
  const def = { StartAt: 'InvokeLambda', States: { InvokeLambda: { Type: 'Task', Resource: fn, End: true } } };
  const { done, events } = await run(def, {}, () => ({ payload: `${big}${big}` }));
  const cause = `The state/task '${fn}' returned a result with a size exceeding the maximum number of bytes service limit.`;
  expect(done).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded', cause });
  expect(events.map((e) => e.type)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'LambdaFunctionScheduled', 'LambdaFunctionStarted', 'LambdaFunctionFailed', 'ExecutionFailed']);
  expect(events[4]).toMatchObject({ lambdaFunctionFailedEventDetails: { error: 'States.DataLimitExceeded', cause } });
});

test('through lambda:invoke the cause names the integration', async () => {
  const def = { StartAt: 'InvokeLambda', States: { InvokeLambda: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: lambdaArn('large') }, End: true } } };
  const { done, events } = await run(def, {}, () => ({ payload: `${big}${big}` }));
  expect(done).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded', cause: "The state/task 'lambda' returned a result with a size exceeding the maximum number of bytes service limit." });
  expect(events.map((e) => e.type)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskFailed', 'ExecutionFailed']);
});
