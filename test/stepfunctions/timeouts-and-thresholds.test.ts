// Causes of States.Timeout and States.ExceedToleratedFailureThreshold as AWS records them
// (localstack's AWS-validated snapshots: a task timeout has no cause and its TaskTimedOut /
// LambdaFunctionTimedOut event only the error; the threshold's cause is "The specified tolerated
// failure threshold was exceeded"); https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html.
import { StepFunctionsEngine } from '../../local/stepfunctions/engine.ts';
import { systemClock } from '../../local/stepfunctions/clock.ts';
import { lambdaArn, runDefinition } from './run-definition.ts';

test('a task past its TimeoutSeconds: States.Timeout with no cause, TaskTimedOut with only the error', async () => {
  const engine = new StepFunctionsEngine({ clock: systemClock(0.001), invokeLambda: () => new Promise(() => {}) });
  const def = { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: lambdaArn('slow') }, TimeoutSeconds: 1, End: true } } };
  const { stateMachineArn } = await engine.actions.createStateMachine({ name: 'timeout', definition: JSON.stringify(def) });
  const { executionArn } = await engine.actions.startExecution({ stateMachineArn, input: '{}' });
  const done = await engine.waitForExecution(executionArn);
  const { events } = (await engine.actions.getExecutionHistory({ executionArn })) as { events: { type: string; [k: string]: unknown }[] };
  await engine.close();
  expect(done.status).toBe('FAILED');
  expect(done.error).toBe('States.Timeout');
  expect(done.cause).toBeUndefined();
  expect(events.find((e) => e.type === 'TaskTimedOut')).toMatchObject({ taskTimedOutEventDetails: { error: 'States.Timeout', resource: 'invoke', resourceType: 'lambda' } });
  expect(events.find((e) => e.type === 'TaskTimedOut')!.taskTimedOutEventDetails).not.toHaveProperty('cause');
  expect(events.at(-1)).toEqual(expect.objectContaining({ type: 'ExecutionFailed', executionFailedEventDetails: { error: 'States.Timeout' } }));
});

test('more failed iterations than tolerated', async () => {
  const def = { StartAt: 'M', States: { M: { Type: 'Map', ToleratedFailureCount: 0, ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'F', States: { F: { Type: 'Fail', Error: 'E' } } }, End: true } } };
  expect(await runDefinition(def, [1, 2])).toEqual({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold', cause: 'The specified tolerated failure threshold was exceeded' });
});
