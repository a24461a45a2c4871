// What the engine is given to reach the outside: Lambda, DynamoDB, EventBridge, and itself for
// `states:startExecution`. The engine knows nothing else about where it runs.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ExecutionRecord, Json } from '../types.ts';

/** Invokes a function; throws an Error whose `name` is the Lambda errorType on a function error. */
export type LambdaInvoker = (functionArn: string, payload: unknown) => Promise<unknown>;

export interface EventEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  Resources?: string[];
  Time?: string;
}

export type PutEvents = (entries: EventEntry[]) => Promise<{ FailedEntryCount: number; Entries: { EventId?: string; ErrorCode?: string; ErrorMessage?: string }[] }>;

export interface ChildExecutions {
  start(request: { stateMachineArn: string; input: string; name?: string; parentExecutionArn: string }): Promise<{ executionArn: string; startDate: number }>;
  /** Resolves with the record once the execution has stopped. */
  awaitCompletion(executionArn: string, signal: AbortSignal): Promise<ExecutionRecord>;
}

export interface Integrations {
  readonly invokeLambda?: LambdaInvoker;
  readonly dynamodb?: DynamoDBClient;
  readonly putEvents?: PutEvents;
  readonly executions: ChildExecutions;
}

/** The call of one Task: its effective parameters, and its task token when it has one. */
export interface TaskCall {
  readonly parameters: Json;
  readonly integrations: Integrations;
  readonly signal: AbortSignal;
  readonly executionArn: string;
}
