// The execution lifecycle: creating, persisting and launching executions, recovering them after a
// restart, redriving them, stopping them and telling waiters when they finish. STANDARD executions
// live in the store and are resumed by `recover()`; EXPRESS executions live in memory only.
import { executionArn as makeExecutionArn, isExpressExecutionArn, type Account } from './arn.ts';
import type { Clock } from './clock.ts';
import { ExecutionRuntime } from './execution.ts';
import { makeEvent } from './history.ts';
import { noHistoryStore } from './persistence/no-history-store.ts';
import type { EngineStore } from './persistence/store.ts';
import type { Integrations } from './resources/integrations.ts';
import type { ExecutionRecord, StateMachineDefinition, StateMachineRecord, TokenOutcome } from './types.ts';

export interface LifecycleOptions {
  readonly store: EngineStore;
  readonly account: Account;
  readonly clock: Clock;
  readonly integrations: Integrations;
}

export class ExecutionLifecycle {
  private readonly store: EngineStore;
  private readonly account: Account;
  private readonly clock: Clock;
  private readonly integrations: Integrations;
  private readonly running = new Map<string, ExecutionRuntime>();
  /**
   * Executions a redrive or a recovery is loading (between its checks and its launch, across awaits):
   * a second redrive or recovery of one finds it taken, so an execution never runs twice at once.
   */
  private readonly loading = new Set<string>();
  private readonly completionWaiters = new Map<string, ((r: ExecutionRecord) => void)[]>();
  private readonly runs = new Set<Promise<void>>();

  constructor(options: LifecycleOptions) {
    this.store = options.store;
    this.account = options.account;
    this.clock = options.clock;
    this.integrations = options.integrations;
  }

  /** A new RUNNING execution of `machine`, not yet stored or launched. */
  newExecution(machine: StateMachineRecord, name: string, input: string, express: boolean, parentExecutionArn?: string): ExecutionRecord {
    const definition = JSON.parse(machine.definition) as StateMachineDefinition;
    const now = this.clock.now();
    return {
      executionArn: makeExecutionArn(this.account, machine.name, name, express),
      stateMachineArn: machine.stateMachineArn,
      stateMachineName: machine.name,
      name,
      type: machine.type,
      definition: machine.definition,
      roleArn: machine.roleArn,
      status: 'RUNNING',
      input,
      startDate: now,
      redriveCount: 0,
      ...(definition.TimeoutSeconds ? { timeoutAt: now + this.clock.duration(definition.TimeoutSeconds) } : {}),
      ...(parentExecutionArn ? { parentExecutionArn } : {}),
    };
  }

  /** Stores a STANDARD execution with its ExecutionStarted event and launches it; false if its name is taken. */
  async startStandard(record: ExecutionRecord): Promise<boolean> {
    const started = makeEvent(1, 0, record.startDate, 'ExecutionStarted', {
      input: record.input, inputDetails: { truncated: false }, roleArn: record.roleArn, stateMachineArn: record.stateMachineArn,
    });
    if (!(await this.store.createExecution(record, [started]))) return false;
    this.launch(new ExecutionRuntime(this.environment(this.store), record, [], 1, 'fresh'));
    return true;
  }

  /** EXPRESS: at-most-once, in memory, no history API (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-standard-vs-express.html). */
  runExpress(record: ExecutionRecord): Promise<ExecutionRecord> {
    const done = this.waitFor(record.executionArn);
    this.launch(new ExecutionRuntime(this.environment(noHistoryStore), record, [], 0, 'fresh'));
    return done;
  }

  private environment(store: EngineStore) {
    return {
      store,
      clock: this.clock,
      region: this.account.region,
      integrations: this.integrations,
      onDone: (record: ExecutionRecord) => {
        this.running.delete(record.executionArn);
        for (const resolve of this.completionWaiters.get(record.executionArn) ?? []) resolve(structuredClone(record));
        this.completionWaiters.delete(record.executionArn);
      },
    };
  }

  private launch(runtime: ExecutionRuntime): void {
    this.running.set(runtime.record.executionArn, runtime);
    const run = runtime.run().catch((error: unknown) => {
      console.error(`[stepfunctions] execution ${runtime.record.executionArn} could not be persisted:`, error);
      this.running.delete(runtime.record.executionArn);
    });
    this.runs.add(run);
    void run.finally(() => this.runs.delete(run));
  }

  /** Resolves when the execution reaches a terminal status (test helper and `.sync` integration). */
  async waitFor(arn: string, signal?: AbortSignal): Promise<ExecutionRecord> {
    const waiting = new Promise<ExecutionRecord>((resolve, reject) => {
      const list = this.completionWaiters.get(arn) ?? [];
      list.push(resolve);
      this.completionWaiters.set(arn, list);
      signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
    });
    if (!this.running.has(arn) && !isExpressExecutionArn(arn)) {
      const stored = await this.store.getExecution(arn);
      if (stored && stored.status !== 'RUNNING') return stored;
    }
    return waiting;
  }

  /** Stops a RUNNING execution as ABORTED; returns its stopDate. */
  async stop(record: ExecutionRecord, error: string | undefined, cause: string | undefined): Promise<number> {
    const runtime = this.running.get(record.executionArn);
    if (runtime) {
      await runtime.stop('ABORTED', error, cause);
      return runtime.record.stopDate!;
    }
    // Not loaded in this process (for example still being recovered): stop it in the store.
    const history = await this.store.getHistory(record.executionArn);
    const now = this.clock.now();
    const stopped: ExecutionRecord = { ...record, status: 'ABORTED', stopDate: now, error, cause };
    const last = history.at(-1)?.id ?? 0;
    await this.store.commit(record.executionArn, { execution: stopped, branches: [], events: [makeEvent(last + 1, last, now, 'ExecutionAborted', { ...(error ? { error } : {}), ...(cause ? { cause } : {}) })], putTokens: [], deleteTokens: [] });
    return now;
  }

  /**
   * Runs `work` (a redrive's checks and launch) with the execution claimed, before the first await:
   * of two concurrent redrives only one gets it. Undefined when it is running or already claimed.
   */
  async claimForRedrive<T>(arn: string, work: () => Promise<T>): Promise<T | undefined> {
    if (this.running.has(arn) || this.loading.has(arn)) return undefined;
    this.loading.add(arn);
    try {
      return await work();
    } finally {
      this.loading.delete(arn);
    }
  }

  /** Records the redrive of a stopped execution and launches it again; returns its redriveDate. */
  async redrive(record: ExecutionRecord): Promise<number> {
    const arn = record.executionArn;
    const now = this.clock.now();
    const definition = JSON.parse(record.definition) as StateMachineDefinition;
    const redriven: ExecutionRecord = {
      ...record, status: 'RUNNING', redriveCount: record.redriveCount + 1, redriveDate: now,
      stopDate: undefined, error: undefined, cause: undefined, output: undefined,
      timeoutAt: definition.TimeoutSeconds ? now + this.clock.duration(definition.TimeoutSeconds) : undefined,
    };
    const [history, branches] = await Promise.all([this.store.getHistory(arn), this.store.getBranches(arn)]);
    const last = history.at(-1)?.id ?? 0;
    await this.store.commit(arn, { execution: redriven, branches: [], events: [makeEvent(last + 1, last, now, 'ExecutionRedriven', { redriveCount: redriven.redriveCount })], putTokens: [], deleteTokens: [] });
    this.launch(new ExecutionRuntime(this.environment(this.store), redriven, branches, last + 1, 'redrive'));
    return now;
  }

  /** Resume every execution that was RUNNING when the engine last stopped. */
  async recover(): Promise<number> {
    const running = await this.store.listRunningExecutions();
    for (const record of running) {
      const arn = record.executionArn;
      if (this.running.has(arn) || this.loading.has(arn)) continue;
      this.loading.add(arn);
      try {
        const [history, branches] = await Promise.all([this.store.getHistory(arn), this.store.getBranches(arn)]);
        this.launch(new ExecutionRuntime(this.environment(this.store), record, branches, history.at(-1)?.id ?? 0, 'resume'));
      } finally {
        this.loading.delete(arn);
      }
    }
    return running.length;
  }

  /** Hands a task token's answer to the execution waiting on it, if it runs in this process. */
  deliverToken(executionArn: string, token: string, outcome: TokenOutcome): void {
    this.running.get(executionArn)?.deliverToken(token, outcome);
  }

  heartbeat(executionArn: string, token: string): void {
    this.running.get(executionArn)?.heartbeat(token);
  }

  /** Stop running work in this process without recording anything (the store keeps it RUNNING). */
  async close(): Promise<void> {
    for (const runtime of this.running.values()) runtime.detach();
    this.running.clear();
    await Promise.allSettled([...this.runs]);
  }
}
