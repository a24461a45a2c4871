// One execution in flight: runs the root branch, numbers and buffers history events, and writes
// each transition to the store (group commit: transitions that arrive while a write is in flight
// go out together in the next one). Stop, timeout and task tokens are handled here.
import { AbortedError, sleepUntil, type Clock } from './clock.ts';
import { toStatesError } from './errors.ts';
import { makeEvent } from './history.ts';
import type { Integrations } from './resources/integrations.ts';
import type { EngineStore } from './persistence/store.ts';
import { newTaskToken } from './task-token.ts';
import { BranchRunner } from './branch-runner.ts';
import type { BranchRecord, ExecutionRecord, HistoryEvent, Json, JsonObject, StateMachineDefinition, TokenOutcome, TokenRecord } from './types.ts';

export type RunMode = 'fresh' | 'resume' | 'redrive';

export interface ExecutionEnvironment {
  readonly store: EngineStore;
  readonly clock: Clock;
  readonly region: string;
  readonly integrations: Integrations;
  /** Called once the execution has stopped (any terminal status). */
  readonly onDone: (record: ExecutionRecord) => void;
  /** TestState: Wait states and retry delays end at once. */
  readonly instant?: boolean;
}

interface TokenWaiter {
  resolve(outcome: TokenOutcome): void;
  heartbeat(): void;
}

export class ExecutionRuntime {
  readonly record: ExecutionRecord;
  readonly definition: StateMachineDefinition;
  readonly branches: Map<string, BranchRecord>;
  readonly mode: RunMode;
  readonly clock: Clock;
  readonly region: string;
  readonly integrations: Integrations;
  private readonly env: ExecutionEnvironment;
  private readonly controller = new AbortController();
  private nextEventId: number;
  private lastEventByBranch = new Map<string, number>();
  private pendingEvents: HistoryEvent[] = [];
  private pendingBranches = new Map<string, BranchRecord>();
  private pendingTokens: TokenRecord[] = [];
  private retiredTokens: string[] = [];
  private writeChain: Promise<void> = Promise.resolve();
  private scheduledWrite: Promise<void> | null = null;
  private readonly waiters = new Map<string, TokenWaiter>();
  private timeoutTimer?: NodeJS.Timeout;
  private finished = false;

  constructor(env: ExecutionEnvironment, record: ExecutionRecord, branches: readonly BranchRecord[], lastEventId: number, mode: RunMode) {
    this.env = env;
    this.record = record;
    this.definition = JSON.parse(record.definition) as StateMachineDefinition;
    this.branches = new Map(branches.map((t) => [t.path, t]));
    this.nextEventId = lastEventId + 1;
    this.mode = mode;
    this.clock = env.clock;
    this.region = env.region;
    this.integrations = env.integrations;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Record an event now; it is written with the next transition. */
  emit(branchPath: string, type: string, details?: object): HistoryEvent {
    const id = this.nextEventId++;
    const previous = this.lastEventByBranch.get(branchPath) ?? this.lastEventByBranch.get(branchPath.slice(0, Math.max(0, branchPath.lastIndexOf('/')))) ?? id - 1;
    this.lastEventByBranch.set(branchPath, id);
    const event = makeEvent(id, previous, this.clock.now(), type, details);
    this.pendingEvents.push(event);
    return event;
  }

  markBranch(record: BranchRecord): void {
    if (this.env.store.keepsHistory === false) return;
    this.pendingBranches.set(record.path, structuredClone(record));
  }

  /** Write everything pending; resolves once it is stored. */
  flush(withExecution = false): Promise<void> {
    if (this.env.store.keepsHistory === false) {
      this.pendingEvents = [];
      return Promise.resolve();
    }
    if (withExecution) return this.enqueue(true);
    return (this.scheduledWrite ??= this.enqueue(false));
  }

  private enqueue(withExecution: boolean): Promise<void> {
    const write = this.writeChain.then(() => {
      if (!withExecution) this.scheduledWrite = null;
      const commit = {
        execution: withExecution ? structuredClone(this.record) : undefined,
        branches: [...this.pendingBranches.values()],
        events: this.pendingEvents,
        putTokens: this.pendingTokens,
        deleteTokens: this.retiredTokens,
      };
      this.pendingBranches = new Map();
      this.pendingEvents = [];
      this.pendingTokens = [];
      this.retiredTokens = [];
      if (!commit.execution && commit.branches.length + commit.events.length + commit.putTokens.length + commit.deleteTokens.length === 0) return;
      return this.env.store.commit(this.record.executionArn, commit);
    });
    this.writeChain = write.catch(() => undefined);
    return write;
  }

  executionContext(): JsonObject {
    const r = this.record;
    return {
      Execution: {
        Id: r.executionArn,
        Input: JSON.parse(r.input) as Json,
        Name: r.name,
        RoleArn: r.roleArn,
        StartTime: new Date(r.startDate).toISOString(),
        // EXPRESS executions cannot be redriven: AWS gives them no RedriveCount (recorded in
        // localstack's AWS-validated express/test_express_sync snapshot).
        ...(r.type === 'EXPRESS' ? {} : { RedriveCount: r.redriveCount }),
        ...(r.redriveDate ? { RedriveTime: new Date(r.redriveDate).toISOString() } : {}),
      },
      StateMachine: { Id: r.stateMachineArn, Name: r.stateMachineName },
    };
  }

  sleepUntil(at: number, signal: AbortSignal = this.signal): Promise<void> {
    return this.env.instant ? Promise.resolve() : sleepUntil(at, this.clock, signal);
  }

  newTaskToken(): string {
    return newTaskToken(this.record.executionArn);
  }

  /** Persist a callback task's token (and the branch holding it) before the resource is called. */
  async registerToken(branch: BranchRecord, stateName: string): Promise<void> {
    const pending = branch.task!;
    this.pendingTokens.push({ token: pending.token, executionArn: this.record.executionArn, branchPath: branch.path, stateName, createdAt: pending.scheduledAt });
    this.markBranch(branch);
    await this.flush();
  }

  async retireToken(token: string): Promise<void> {
    this.waiters.delete(token);
    this.retiredTokens.push(token);
  }

  /** Wait for SendTaskSuccess/Failure, within the task's timeout and heartbeat deadlines. */
  async waitForToken(pending: NonNullable<BranchRecord['task']>, signal: AbortSignal): Promise<TokenOutcome> {
    return new Promise<TokenOutcome>((resolve, reject) => {
      let heartbeatTimer: NodeJS.Timeout | undefined;
      let timeoutTimer: NodeJS.Timeout | undefined;
      const cleanup = () => {
        clearTimeout(heartbeatTimer);
        clearTimeout(timeoutTimer);
        signal.removeEventListener('abort', onAbort);
        this.waiters.delete(pending.token);
      };
      const onAbort = () => { cleanup(); reject(new AbortedError()); };
      const fail = (error: Error) => { cleanup(); reject(error); };
      const armHeartbeat = (from: number) => {
        if (pending.heartbeatSeconds === undefined) return;
        clearTimeout(heartbeatTimer);
        const due = from + this.clock.duration(pending.heartbeatSeconds);
        heartbeatTimer = setTimeout(() => fail(toStatesError(Object.assign(new Error(''), { name: 'States.HeartbeatTimeout' }))), Math.max(0, due - this.clock.now()));
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      if (pending.timeoutAt !== undefined) {
        timeoutTimer = setTimeout(() => fail(toStatesError(Object.assign(new Error(''), { name: 'States.Timeout' }))), Math.max(0, pending.timeoutAt - this.clock.now()));
      }
      this.waiters.set(pending.token, {
        resolve: (outcome) => { cleanup(); resolve(outcome); },
        heartbeat: () => armHeartbeat(this.clock.now()),
      });
      armHeartbeat(pending.scheduledAt);
      // An answer (or heartbeat) may have been stored while this engine was down.
      void this.env.store.getToken(pending.token).then((stored) => {
        const waiter = this.waiters.get(pending.token);
        if (!stored || !waiter) return;
        if (stored.outcome) waiter.resolve(stored.outcome);
        else if (stored.heartbeatAt !== undefined) armHeartbeat(stored.heartbeatAt);
      }, fail);
    });
  }

  deliverToken(token: string, outcome: TokenOutcome): void {
    this.waiters.get(token)?.resolve(outcome);
  }

  heartbeat(token: string): void {
    this.waiters.get(token)?.heartbeat();
  }

  /** Run (or resume, or redrive) to a terminal status. */
  async run(): Promise<void> {
    if (this.record.timeoutAt !== undefined) {
      this.timeoutTimer = setTimeout(() => void this.stop('TIMED_OUT', 'States.Timeout', 'The execution timed out'), Math.max(0, this.record.timeoutAt - this.clock.now()));
    }
    const root = this.branches.get('') ?? this.newRoot();
    const enter = this.mode !== 'resume' || !this.branches.has('');
    if (this.mode === 'redrive' || !this.branches.has('')) {
      root.status = 'RUNNING';
      root.error = undefined;
      root.cause = undefined;
      this.branches.set('', root);
    }
    try {
      const output = await new BranchRunner(this, root, this.definition, this.signal).run(enter);
      await this.complete({ status: 'SUCCEEDED', output: JSON.stringify(output) });
    } catch (thrown) {
      if (thrown instanceof AbortedError || this.finished) return;
      const error = toStatesError(thrown);
      await this.complete({ status: 'FAILED', error: error.name, cause: error.cause });
    }
  }

  private newRoot(): BranchRecord {
    return { path: '', seq: 0, stateName: this.definition.StartAt, input: JSON.parse(this.record.input) as Json, variables: {}, status: 'RUNNING', enteredAt: this.clock.now() };
  }

  private async complete(end: { status: 'SUCCEEDED'; output: string } | { status: 'FAILED'; error: string; cause: string }): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    clearTimeout(this.timeoutTimer);
    const r = this.record;
    r.status = end.status;
    r.stopDate = this.clock.now();
    if (end.status === 'SUCCEEDED') {
      r.output = end.output;
      r.error = undefined;
      r.cause = undefined;
      this.emit('', 'ExecutionSucceeded', { output: end.output, outputDetails: { truncated: false } });
    } else {
      // A Fail state without Error or Cause fails the execution with neither, not with empty
      // strings (https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html: both optional).
      r.error = end.error || undefined;
      r.cause = end.cause || undefined;
      this.emit('', 'ExecutionFailed', { ...(r.error !== undefined ? { error: r.error } : {}), ...(r.cause !== undefined ? { cause: r.cause } : {}) });
    }
    await this.flush(true);
    this.env.onDone(r);
  }

  /** Stop work in this process without recording a status: a later `recover()` resumes it. */
  detach(): void {
    this.finished = true;
    clearTimeout(this.timeoutTimer);
    this.controller.abort();
  }

  /** StopExecution (ABORTED) or the execution's TimeoutSeconds (TIMED_OUT). */
  async stop(status: 'ABORTED' | 'TIMED_OUT', error?: string, cause?: string): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    clearTimeout(this.timeoutTimer);
    this.controller.abort();
    const r = this.record;
    r.status = status;
    r.stopDate = this.clock.now();
    r.error = error;
    r.cause = cause;
    const details = { ...(error !== undefined ? { error } : {}), ...(cause !== undefined ? { cause } : {}) };
    this.emit('', status === 'ABORTED' ? 'ExecutionAborted' : 'ExecutionTimedOut', details);
    await this.flush(true);
    this.env.onDone(r);
  }
}
