// In-memory EngineStore: unit tests, TestState and EXPRESS executions (which AWS keeps no history of).
import type { BranchRecord, ExecutionRecord, HistoryEvent, StateMachineRecord, TokenRecord } from '../types.ts';
import type { Commit, EngineStore } from './store.ts';

const copy = <T>(value: T): T => structuredClone(value);

export class MemoryStore implements EngineStore {
  private readonly machines = new Map<string, StateMachineRecord>();
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly branches = new Map<string, Map<string, BranchRecord>>();
  private readonly events = new Map<string, HistoryEvent[]>();
  private readonly tokens = new Map<string, TokenRecord>();

  async putStateMachine(record: StateMachineRecord) { this.machines.set(record.stateMachineArn, copy(record)); }
  async getStateMachine(arn: string) { const r = this.machines.get(arn); return r && copy(r); }
  async listStateMachines() { return [...this.machines.values()].map(copy); }
  async deleteStateMachine(arn: string) { this.machines.delete(arn); }

  async createExecution(record: ExecutionRecord, events: readonly HistoryEvent[]) {
    if (this.executions.has(record.executionArn)) return false;
    this.executions.set(record.executionArn, copy(record));
    this.events.set(record.executionArn, copy([...events]));
    this.branches.set(record.executionArn, new Map());
    return true;
  }
  async getExecution(arn: string) { const r = this.executions.get(arn); return r && copy(r); }
  async listExecutions(stateMachineArn: string) {
    return [...this.executions.values()].filter((e) => e.stateMachineArn === stateMachineArn).sort((a, b) => b.startDate - a.startDate).map(copy);
  }
  async listRunningExecutions() { return [...this.executions.values()].filter((e) => e.status === 'RUNNING').map(copy); }

  async commit(executionArn: string, c: Commit) {
    if (c.execution) this.executions.set(executionArn, copy(c.execution));
    const branches = this.branches.get(executionArn) ?? new Map<string, BranchRecord>();
    this.branches.set(executionArn, branches);
    for (const t of c.branches) branches.set(t.path, copy(t));
    const events = this.events.get(executionArn) ?? [];
    this.events.set(executionArn, events);
    for (const e of c.events) events.push(copy(e));
    for (const t of c.putTokens) this.tokens.set(t.token, copy(t));
    for (const t of c.deleteTokens) this.tokens.delete(t);
  }
  async getBranches(executionArn: string) { return [...(this.branches.get(executionArn)?.values() ?? [])].map(copy); }
  async getHistory(executionArn: string) { return [...(this.events.get(executionArn) ?? [])].sort((a, b) => a.id - b.id).map(copy); }

  async getToken(token: string) { const r = this.tokens.get(token); return r && copy(r); }
  async putToken(record: TokenRecord) { this.tokens.set(record.token, copy(record)); }
}
