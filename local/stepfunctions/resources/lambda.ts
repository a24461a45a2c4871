// Lambda tasks: a function ARN as Resource (the payload is the effective input, the result the
// function's return) or `arn:aws:states:::lambda:invoke` (Parameters { FunctionName, Payload },
// result { ExecutedVersion, Payload, StatusCode, ... })
// (https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html). A function error
// becomes Error = errorType, Cause = JSON { errorMessage, errorType, trace }, as AWS reports it.
import { StatesError, statesError } from '../errors.ts';
import { isObject } from '../data/clone.ts';
import type { Json } from '../types.ts';
import type { TaskCall } from './integrations.ts';

function functionError(thrown: unknown): StatesError {
  if (thrown instanceof StatesError) return thrown;
  // An error of the Lambda service (function not found, throttled): its name and message as they are.
  if ((thrown as { lambdaServiceError?: boolean }).lambdaServiceError) return new StatesError((thrown as Error).name, (thrown as Error).message);
  const error = thrown instanceof Error ? thrown : new Error(String(thrown));
  const errorType = error.name || 'Error';
  const trace = (error.stack ?? '').split('\n');
  return new StatesError(errorType, JSON.stringify({ errorMessage: error.message, errorType, trace }));
}

export async function invokeFunction(functionArn: string, payload: Json, call: TaskCall): Promise<Json> {
  const invoke = call.integrations.invokeLambda;
  if (!invoke) throw statesError.taskFailed('No Lambda runtime is configured for this engine');
  try {
    const result = await invoke(functionArn, payload);
    return result === undefined ? null : (JSON.parse(JSON.stringify(result)) as Json);
  } catch (thrown) {
    throw functionError(thrown);
  }
}

export async function lambdaInvoke(call: TaskCall): Promise<Json> {
  const params = call.parameters;
  if (!isObject(params) || typeof params.FunctionName !== 'string') {
    throw statesError.runtime('The lambda:invoke integration needs Parameters.FunctionName');
  }
  const payload = 'Payload' in params ? params.Payload : null;
  const result = await invokeFunction(params.FunctionName, payload, call);
  return {
    ExecutedVersion: '$LATEST',
    Payload: result,
    SdkHttpMetadata: { HttpStatusCode: 200 },
    SdkResponseMetadata: { RequestId: crypto.randomUUID() },
    StatusCode: 200,
  };
}
