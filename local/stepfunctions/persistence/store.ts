// The engine's persistence: one interface, an in-memory implementation for unit tests and EXPRESS
// executions, and a DynamoDB one for everything that must survive a restart.
import type { BranchRecord, ExecutionRecord, HistoryEvent, StateMachineRecord, TokenRecord } from '../types.ts';

/** Everything one transition changes, written together. */
export interface Commit {
  readonly execution?: ExecutionRecord;
  readonly branches: readonly BranchRecord[];
  readonly events: readonly HistoryEvent[];
  readonly putTokens: readonly TokenRecord[];
  readonly deleteTokens: readonly string[];
}

export interface EngineStore {
  /** False for a store that writes nothing (EXPRESS executions): the runtime then skips preparing commits. */
  readonly keepsHistory?: false;
  putStateMachine(record: StateMachineRecord): Promise<void>;
  getStateMachine(arn: string): Promise<StateMachineRecord | undefined>;
  listStateMachines(): Promise<StateMachineRecord[]>;
  deleteStateMachine(arn: string): Promise<void>;

  /** Create an execution with its first events; false when the ARN exists already. */
  createExecution(record: ExecutionRecord, events: readonly HistoryEvent[]): Promise<boolean>;
  getExecution(arn: string): Promise<ExecutionRecord | undefined>;
  /** Executions of a state machine, newest first. */
  listExecutions(stateMachineArn: string): Promise<ExecutionRecord[]>;
  /** Executions that were RUNNING when the engine last stopped. */
  listRunningExecutions(): Promise<ExecutionRecord[]>;
  commit(executionArn: string, commit: Commit): Promise<void>;
  getBranches(executionArn: string): Promise<BranchRecord[]>;
  getHistory(executionArn: string): Promise<HistoryEvent[]>;

  getToken(token: string): Promise<TokenRecord | undefined>;
  putToken(record: TokenRecord): Promise<void>;
}
