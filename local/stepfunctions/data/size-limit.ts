// The 256 KiB limit on what a state or task hands on
// (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html#service-limits-task-executions:
// "Maximum input or output size for a task, state, or execution: 256 KiB of data as a UTF-8
// encoded string"). Going over it is States.DataLimitExceeded, with the cause AWS records (in
// localstack's AWS-validated error_handling/test_states_errors snapshot); it can be caught.
import { StatesError } from '../errors.ts';
import type { Json } from '../types.ts';

export const MAX_PAYLOAD_BYTES = 256 * 1024;

/** `source` is what AWS names: the state, the Lambda function ARN, or the integration ('lambda'). */
export function requireWithinLimit(value: Json, source: string): void {
  if (Buffer.byteLength(JSON.stringify(value)) > MAX_PAYLOAD_BYTES) {
    throw new StatesError('States.DataLimitExceeded', `The state/task '${source}' returned a result with a size exceeding the maximum number of bytes service limit.`);
  }
}
