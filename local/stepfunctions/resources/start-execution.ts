// `arn:aws:states:::states:startExecution` (+ `.sync`, `.sync:2`): start a child execution and,
// for .sync, wait for it; a child that does not succeed fails the task with States.TaskFailed and
// its description as Cause (https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html).
import { ServiceError } from '../../aws/service-error.ts';
import { StatesError, statesError } from '../errors.ts';
import { isObject } from '../data/clone.ts';
import type { ExecutionRecord, Json } from '../types.ts';
import type { TaskCall } from './integrations.ts';

export function describeForSync(record: ExecutionRecord, outputAsJson: boolean): Json {
  const out: Record<string, Json> = {
    ExecutionArn: record.executionArn,
    Input: record.input,
    InputDetails: { Included: true },
    Name: record.name,
    StartDate: record.startDate,
    StateMachineArn: record.stateMachineArn,
    Status: record.status,
    StopDate: record.stopDate ?? null,
  };
  if (record.output !== undefined) {
    out.Output = outputAsJson ? (JSON.parse(record.output) as Json) : record.output;
    out.OutputDetails = { Included: true };
  }
  if (record.error !== undefined) out.Error = record.error;
  if (record.cause !== undefined) out.Cause = record.cause;
  return out;
}

/**
 * A service integration reports the service's error as `<Service>.<Exception>`, the name a Catch
 * matches, e.g. `StepFunctions.ExecutionAlreadyExistsException` when the name is taken
 * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html).
 */
function asIntegrationError(err: unknown): unknown {
  if (!(err instanceof ServiceError)) return err;
  const exception = err.type.endsWith('Exception') ? err.type : `${err.type}Exception`;
  return new StatesError(`StepFunctions.${exception}`, err.message);
}

export async function startExecutionCall(call: TaskCall, sync: 'none' | 'sync' | 'sync2'): Promise<Json> {
  const params = call.parameters;
  if (!isObject(params) || typeof params.StateMachineArn !== 'string') {
    throw statesError.runtime('The states:startExecution integration needs Parameters.StateMachineArn');
  }
  const input = params.Input === undefined ? '{}' : typeof params.Input === 'string' ? params.Input : JSON.stringify(params.Input);
  const started = await call.integrations.executions.start({
    stateMachineArn: params.StateMachineArn,
    input,
    name: typeof params.Name === 'string' ? params.Name : undefined,
    parentExecutionArn: call.executionArn,
  }).catch((err: unknown) => { throw asIntegrationError(err); });
  if (sync === 'none') return { ExecutionArn: started.executionArn, StartDate: started.startDate };
  const done = await call.integrations.executions.awaitCompletion(started.executionArn, call.signal);
  const description = describeForSync(done, sync === 'sync2');
  if (done.status !== 'SUCCEEDED') throw statesError.taskFailed(JSON.stringify(description));
  return description;
}
