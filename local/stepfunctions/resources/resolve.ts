// Which integration a Task's Resource names, and its pattern: request-response, callback
// (`.waitForTaskToken`) or job run (`.sync`). An unknown resource is refused when the definition
// is loaded, never at run time.
import type { Json } from '../types.ts';
import { dynamodbCall, DYNAMODB_ACTIONS, SDK_DYNAMODB_ACTIONS, type DynamoDBAction } from './dynamodb.ts';
import { putEventsCall } from './events.ts';
import type { TaskCall } from './integrations.ts';
import { invokeFunction, lambdaInvoke } from './lambda.ts';
import { startExecutionCall } from './start-execution.ts';

export type Pattern = 'request' | 'token' | 'sync';

export interface ResolvedResource {
  /** For history events: 'lambda', 'dynamodb', 'events', 'states'. */
  readonly resourceType: string;
  /** For history events: 'invoke', 'putItem', 'startExecution.sync', ... */
  readonly resourceName: string;
  readonly pattern: Pattern;
  /** A bare function ARN: history uses the LambdaFunction* events. */
  readonly legacyLambda: boolean;
  readonly call: (call: TaskCall) => Promise<Json>;
}

const FUNCTION_ARN = /^arn:aws:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/;
const SDK = /^arn:aws:states:::aws-sdk:([a-z]+):([A-Za-z]+)$/;
const OPTIMISED = /^arn:aws:states:::([a-z]+):([A-Za-z]+)(\.waitForTaskToken|\.sync(?::2)?)?$/;

export function resolveResource(resource: string): ResolvedResource | undefined {
  if (FUNCTION_ARN.test(resource)) {
    return { resourceType: 'lambda', resourceName: resource, pattern: 'request', legacyLambda: true, call: (c) => invokeFunction(resource, c.parameters, c) };
  }
  const sdk = SDK.exec(resource);
  if (sdk && sdk[1] === 'dynamodb' && (SDK_DYNAMODB_ACTIONS as readonly string[]).includes(sdk[2])) {
    return { resourceType: 'aws-sdk:dynamodb', resourceName: sdk[2], pattern: 'request', legacyLambda: false, call: (c) => dynamodbCall(sdk[2] as DynamoDBAction, c, 'DynamoDb') };
  }
  const m = OPTIMISED.exec(resource);
  if (!m) return undefined;
  const [, service, action, suffix] = m;
  const pattern: Pattern = suffix === '.waitForTaskToken' ? 'token' : suffix ? 'sync' : 'request';
  const base = { resourceType: service, resourceName: action + (suffix ?? ''), pattern, legacyLambda: false };
  if (service === 'lambda' && action === 'invoke' && pattern !== 'sync') return { ...base, call: lambdaInvoke };
  if (service === 'dynamodb' && (DYNAMODB_ACTIONS as readonly string[]).includes(action) && pattern === 'request') {
    return { ...base, call: (c) => dynamodbCall(action as DynamoDBAction, c) };
  }
  if (service === 'events' && action === 'putEvents' && pattern !== 'sync') return { ...base, call: putEventsCall };
  if (service === 'states' && action === 'startExecution') {
    const mode = suffix === '.sync' ? 'sync' : suffix === '.sync:2' ? 'sync2' : 'none';
    return { ...base, call: (c) => startExecutionCall(c, mode) };
  }
  return undefined;
}
