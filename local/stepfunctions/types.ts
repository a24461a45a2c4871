// Shared shapes of the engine: JSON values, ASL definitions, execution records and history events.
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export type QueryLanguage = 'JSONPath' | 'JSONata';
export type StateMachineType = 'STANDARD' | 'EXPRESS';
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';

/** One ASL state as written; fields are read by the state's own module. */
export interface StateDefinition {
  readonly Type: string;
  readonly [field: string]: unknown;
}

export interface StatesBlock {
  readonly StartAt: string;
  readonly States: Readonly<Record<string, StateDefinition>>;
  readonly QueryLanguage?: QueryLanguage;
}

export interface StateMachineDefinition extends StatesBlock {
  readonly Comment?: string;
  readonly TimeoutSeconds?: number;
  readonly Version?: string;
}

export interface StateMachineRecord {
  readonly stateMachineArn: string;
  readonly name: string;
  readonly type: StateMachineType;
  readonly definition: string;
  readonly roleArn: string;
  readonly creationDate: number;
  readonly updateDate?: number;
  readonly revisionId: string;
}

export interface ExecutionRecord {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  readonly name: string;
  readonly type: StateMachineType;
  /** The definition the execution started with: updates to the state machine never change it. */
  readonly definition: string;
  readonly roleArn: string;
  status: ExecutionStatus;
  readonly input: string;
  output?: string;
  error?: string;
  cause?: string;
  readonly startDate: number;
  stopDate?: number;
  redriveCount: number;
  redriveDate?: number;
  /** Absolute deadline of the execution's TimeoutSeconds (epoch ms). */
  timeoutAt?: number;
  readonly parentExecutionArn?: string;
}

/**
 * Where one branch of an execution stands: the root, a Parallel branch or a Map iteration.
 * Paths name the branch: '' for the root, `<parent>/<state>@<visit>[<index>]` for a child, so a
 * child of a Map entered again in a loop never reuses the records of an earlier visit.
 */
export interface BranchRecord {
  readonly path: string;
  /** Transition counter within the branch; part of its children's paths. */
  seq: number;
  stateName: string;
  /** The raw input of `stateName`, so a restart or a redrive reruns it with the same input. */
  input: Json;
  variables: JsonObject;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  output?: Json;
  error?: string;
  cause?: string;
  enteredAt: number;
  /** Id of the StateEntered event of `stateName`, which runtime errors' causes name. */
  enteredEventId?: number;
  /** Absolute deadline of a Wait state (epoch ms). */
  waitUntil?: number;
  /** Retries the current state has used, per retrier (its Retry's index): MaxAttempts outlives a restart. */
  retries?: number[];
  /** When the current state's next retry is due (epoch ms): a restart waits out the rest of the backoff. */
  retryAt?: number;
  /** A callback task in flight: its token and deadlines survive a restart. */
  task?: { token: string; timeoutAt?: number; heartbeatSeconds?: number; scheduledAt: number; submitted?: boolean };
}

export type TokenOutcome = { status: 'SUCCEEDED'; output: string } | { status: 'FAILED'; error?: string; cause?: string };

export interface TokenRecord {
  readonly token: string;
  readonly executionArn: string;
  readonly branchPath: string;
  readonly stateName: string;
  readonly createdAt: number;
  heartbeatAt?: number;
  outcome?: TokenOutcome;
}

/** An event as `GetExecutionHistory` returns it (dates in epoch ms here, seconds on the wire). */
export interface HistoryEvent {
  readonly id: number;
  readonly previousEventId: number;
  readonly timestamp: number;
  readonly type: string;
  readonly [details: string]: unknown;
}
