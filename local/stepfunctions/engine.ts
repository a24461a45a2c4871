// The engine and its in-process API: the Step Functions actions, taking and returning the JSON
// protocol's shapes (the HTTP server only moves them over the wire). STANDARD executions live in
// the store and are resumed by `recover()` after a restart; EXPRESS executions live in memory only.
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { executionArn as makeExecutionArn, isExpressExecutionArn, requireExecutionArn, requireName, requireStateMachineArn, stateMachineArn as makeStateMachineArn, type Account } from './arn.ts';
import { systemClock, type Clock } from './clock.ts';
import { apiError } from './errors.ts';
import { ExecutionRuntime, type RunMode } from './execution.ts';
import { makeEvent } from './history.ts';
import { MemoryStore } from './persistence/memory-store.ts';
import { noHistoryStore } from './persistence/no-history-store.ts';
import type { EngineStore } from './persistence/store.ts';
import type { Integrations, LambdaInvoker, PutEvents } from './resources/integrations.ts';
import { validateDefinition } from './definition/validate.ts';
import { parseTaskToken } from './task-token.ts';
import { runTestState } from './test-state.ts';
import { describeExecution, describeStateMachine, executionListItem, historyEvent, page, redriveStatus, seconds } from './api/shapes.ts';
import type { ExecutionRecord, StateMachineDefinition, StateMachineRecord, StateMachineType, TokenOutcome } from './types.ts';

export interface EngineOptions {
  readonly store?: EngineStore;
  readonly region?: string;
  readonly accountId?: string;
  readonly clock?: Clock;
  readonly invokeLambda?: LambdaInvoker;
  readonly dynamodb?: DynamoDBClient;
  readonly putEvents?: PutEvents;
}

type Request = Record<string, unknown>;

const MAX_INPUT_BYTES = 256 * 1024;

function requireJson(text: unknown, field: string, error: (m: string) => Error): string {
  const value = text === undefined ? '{}' : text;
  if (typeof value !== 'string') throw error(`${field} must be a string`);
  if (Buffer.byteLength(value) > MAX_INPUT_BYTES) throw error(`${field} exceeds the maximum size of 262144 bytes`);
  try {
    JSON.parse(value);
  } catch {
    throw error(`Invalid ${field}: ${field} is not valid JSON`);
  }
  return value;
}

export class StepFunctionsEngine {
  readonly store: EngineStore;
  readonly account: Account;
  readonly clock: Clock;
  private readonly integrations: Integrations;
  private readonly running = new Map<string, ExecutionRuntime>();
  /**
   * Executions a redrive or a recovery is loading (between its checks and its launch, across awaits):
   * a second redrive or recovery of one finds it taken, so an execution never runs twice at once.
   */
  private readonly loading = new Set<string>();
  private readonly completionWaiters = new Map<string, ((r: ExecutionRecord) => void)[]>();
  private readonly runs = new Set<Promise<void>>();

  constructor(options: EngineOptions = {}) {
    this.store = options.store ?? new MemoryStore();
    this.account = { region: options.region ?? 'us-east-1', accountId: options.accountId ?? '000000000000' };
    this.clock = options.clock ?? systemClock();
    this.integrations = {
      invokeLambda: options.invokeLambda,
      dynamodb: options.dynamodb,
      putEvents: options.putEvents,
      executions: {
        start: async ({ stateMachineArn, input, name, parentExecutionArn }) => {
          const started = await this.startExecution({ stateMachineArn, input, name }, parentExecutionArn);
          return { executionArn: started.executionArn, startDate: started.startDate * 1000 };
        },
        awaitCompletion: (arn, signal) => this.waitForExecution(arn, signal),
      },
    };
  }

  // ---- state machines ----

  async createStateMachine(req: Request) {
    const name = requireName(req.name, 'state machine');
    const type = (req.type ?? 'STANDARD') as StateMachineType;
    if (type !== 'STANDARD' && type !== 'EXPRESS') throw apiError.validation(`Value '${String(type)}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]`);
    if (typeof req.definition !== 'string') throw apiError.validation("1 validation error detected: Value null at 'definition' failed to satisfy constraint: Member must not be null");
    validateDefinition(req.definition, type);
    const arn = makeStateMachineArn(this.account, name);
    const roleArn = typeof req.roleArn === 'string' ? req.roleArn : `arn:aws:iam::${this.account.accountId}:role/local-stepfunctions`;
    const existing = await this.store.getStateMachine(arn);
    if (existing) {
      // As on AWS: the same name with the same definition, role and type is idempotent.
      if (existing.definition === req.definition && existing.type === type && existing.roleArn === roleArn) {
        return { stateMachineArn: arn, creationDate: seconds(existing.creationDate)! };
      }
      throw apiError.stateMachineAlreadyExists(`State Machine Already Exists: '${arn}'`);
    }
    const record: StateMachineRecord = { stateMachineArn: arn, name, type, definition: req.definition, roleArn, creationDate: this.clock.now(), revisionId: randomUUID() };
    await this.store.putStateMachine(record);
    return { stateMachineArn: arn, creationDate: seconds(record.creationDate)! };
  }

  async updateStateMachine(req: Request) {
    const existing = await this.requireStateMachine(req.stateMachineArn);
    const definition = typeof req.definition === 'string' ? req.definition : existing.definition;
    validateDefinition(definition, existing.type);
    const record: StateMachineRecord = { ...existing, definition, roleArn: typeof req.roleArn === 'string' ? req.roleArn : existing.roleArn, updateDate: this.clock.now(), revisionId: randomUUID() };
    await this.store.putStateMachine(record);
    return { updateDate: seconds(record.updateDate)!, revisionId: record.revisionId };
  }

  async describeStateMachine(req: Request) {
    return describeStateMachine(await this.requireStateMachine(req.stateMachineArn));
  }

  async listStateMachines(req: Request = {}) {
    const all = (await this.store.listStateMachines()).sort((a, b) => a.name.localeCompare(b.name));
    const { items, nextToken } = page(all, req.maxResults, req.nextToken);
    return { stateMachines: items.map((m) => ({ stateMachineArn: m.stateMachineArn, name: m.name, type: m.type, creationDate: seconds(m.creationDate) })), ...(nextToken ? { nextToken } : {}) };
  }

  async deleteStateMachine(req: Request) {
    const arn = requireStateMachineArn(req.stateMachineArn);
    await this.store.deleteStateMachine(arn);
    return {};
  }

  private async requireStateMachine(arn: unknown): Promise<StateMachineRecord> {
    const checked = requireStateMachineArn(arn);
    const record = await this.store.getStateMachine(checked);
    if (!record) throw apiError.stateMachineDoesNotExist(`State Machine Does Not Exist: '${checked}'`);
    return record;
  }

  // ---- executions ----

  async startExecution(req: Request, parentExecutionArn?: string) {
    const machine = await this.requireStateMachine(req.stateMachineArn);
    const name = req.name === undefined ? randomUUID() : requireName(req.name, 'execution');
    const input = requireJson(req.input, 'input', apiError.invalidExecutionInput);
    const express = machine.type === 'EXPRESS';
    const record = this.newExecution(machine, name, input, express, parentExecutionArn);
    if (express) {
      void this.runExpress(record);
      return { executionArn: record.executionArn, startDate: seconds(record.startDate)! };
    }
    const started = makeEvent(1, 0, record.startDate, 'ExecutionStarted', {
      input, inputDetails: { truncated: false }, roleArn: record.roleArn, stateMachineArn: record.stateMachineArn,
    });
    if (!(await this.store.createExecution(record, [started]))) {
      // https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html: the same
      // name and input while the first runs returns it; any other reuse is ExecutionAlreadyExists.
      const existing = await this.store.getExecution(record.executionArn);
      if (existing && existing.status === 'RUNNING' && existing.input === input) {
        return { executionArn: existing.executionArn, startDate: seconds(existing.startDate)! };
      }
      throw apiError.executionAlreadyExists(`Execution Already Exists: '${record.executionArn}'`);
    }
    this.launch(new ExecutionRuntime(this.environment(this.store), record, [], 1, 'fresh'));
    return { executionArn: record.executionArn, startDate: seconds(record.startDate)! };
  }

  async startSyncExecution(req: Request) {
    const machine = await this.requireStateMachine(req.stateMachineArn);
    if (machine.type !== 'EXPRESS') throw apiError.stateMachineTypeNotSupported('This operation is not supported by this type of state machine');
    const name = req.name === undefined ? randomUUID() : requireName(req.name, 'execution');
    const input = requireJson(req.input, 'input', apiError.invalidExecutionInput);
    const record = this.newExecution(machine, name, input, true);
    const done = await this.runExpress(record);
    return {
      executionArn: done.executionArn,
      stateMachineArn: done.stateMachineArn,
      name: done.name,
      startDate: seconds(done.startDate),
      stopDate: seconds(done.stopDate),
      status: done.status,
      input: done.input,
      inputDetails: { included: true },
      ...(done.output !== undefined ? { output: done.output, outputDetails: { included: true } } : {}),
      ...(done.error !== undefined ? { error: done.error } : {}),
      ...(done.cause !== undefined ? { cause: done.cause } : {}),
      billingDetails: { billedMemoryUsedInMB: 64, billedDurationInMilliseconds: Math.max(100, Math.ceil(((done.stopDate ?? done.startDate) - done.startDate) / 100) * 100) },
    };
  }

  private newExecution(machine: StateMachineRecord, name: string, input: string, express: boolean, parentExecutionArn?: string): ExecutionRecord {
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

  /** EXPRESS: at-most-once, in memory, no history API (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-standard-vs-express.html). */
  private runExpress(record: ExecutionRecord): Promise<ExecutionRecord> {
    const done = this.waitForExecution(record.executionArn);
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
  async waitForExecution(arn: string, signal?: AbortSignal): Promise<ExecutionRecord> {
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

  async describeExecution(req: Request) {
    return describeExecution(await this.requireExecution(req.executionArn), this.clock.now());
  }

  private async requireExecution(arn: unknown): Promise<ExecutionRecord> {
    const checked = requireExecutionArn(arn);
    const record = isExpressExecutionArn(checked) ? undefined : await this.store.getExecution(checked);
    if (!record) throw apiError.executionDoesNotExist(`Execution Does Not Exist: '${checked}'`);
    return record;
  }

  async listExecutions(req: Request) {
    const machine = await this.requireStateMachine(req.stateMachineArn);
    if (req.statusFilter !== undefined && req.redriveFilter !== undefined) {
      throw apiError.validation('statusFilter and redriveFilter cannot be used together... only one filter is allowed');
    }
    if (machine.type === 'EXPRESS') throw apiError.stateMachineTypeNotSupported('This operation is not supported by this type of state machine');
    let all = await this.store.listExecutions(machine.stateMachineArn);
    if (typeof req.statusFilter === 'string') all = all.filter((e) => e.status === req.statusFilter);
    if (req.redriveFilter === 'REDRIVEN') all = all.filter((e) => e.redriveCount > 0);
    if (req.redriveFilter === 'NOT_REDRIVEN') all = all.filter((e) => e.redriveCount === 0);
    const { items, nextToken } = page(all, req.maxResults, req.nextToken);
    return { executions: items.map(executionListItem), ...(nextToken ? { nextToken } : {}) };
  }

  async getExecutionHistory(req: Request) {
    const record = await this.requireExecution(req.executionArn);
    let events = await this.store.getHistory(record.executionArn);
    if (req.reverseOrder === true) events = events.reverse();
    const { items, nextToken } = page(events, req.maxResults, req.nextToken);
    return { events: items.map(historyEvent), ...(nextToken ? { nextToken } : {}) };
  }

  async stopExecution(req: Request) {
    const record = await this.requireExecution(req.executionArn);
    if (record.status !== 'RUNNING') return { stopDate: seconds(record.stopDate)! };
    const error = typeof req.error === 'string' ? req.error : undefined;
    const cause = typeof req.cause === 'string' ? req.cause : undefined;
    const runtime = this.running.get(record.executionArn);
    if (runtime) {
      await runtime.stop('ABORTED', error, cause);
      return { stopDate: seconds(runtime.record.stopDate)! };
    }
    // Not loaded in this process (for example still being recovered): stop it in the store.
    const history = await this.store.getHistory(record.executionArn);
    const now = this.clock.now();
    const stopped: ExecutionRecord = { ...record, status: 'ABORTED', stopDate: now, error, cause };
    const last = history.at(-1)?.id ?? 0;
    await this.store.commit(record.executionArn, { execution: stopped, threads: [], events: [makeEvent(last + 1, last, now, 'ExecutionAborted', { ...(error ? { error } : {}), ...(cause ? { cause } : {}) })], putTokens: [], deleteTokens: [] });
    return { stopDate: seconds(now)! };
  }

  /** RedriveExecution with AWS's rules (https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html). */
  async redriveExecution(req: Request) {
    const arn = requireExecutionArn(req.executionArn);
    if (isExpressExecutionArn(arn)) throw apiError.executionNotRedrivable(`Execution is of type EXPRESS and cannot be redriven: '${arn}'`);
    // Taken before the first await: of two concurrent redrives only one is accepted (the other finds
    // the execution RUNNING, as AWS answers it).
    if (this.running.has(arn) || this.loading.has(arn)) throw apiError.executionNotRedrivable(`Execution is running: '${arn}'`);
    this.loading.add(arn);
    try {
      return { redriveDate: seconds(await this.redrive(arn))! };
    } finally {
      this.loading.delete(arn);
    }
  }

  /** Records the redrive and launches the execution again; returns its redriveDate. */
  private async redrive(arn: string): Promise<number> {
    const record = await this.requireExecution(arn);
    const status = redriveStatus(record, this.clock.now());
    if (status.redriveStatus !== 'REDRIVABLE') throw apiError.executionNotRedrivable(`${status.redriveStatusReason}: '${arn}'`);
    const now = this.clock.now();
    const definition = JSON.parse(record.definition) as StateMachineDefinition;
    const redriven: ExecutionRecord = {
      ...record, status: 'RUNNING', redriveCount: record.redriveCount + 1, redriveDate: now,
      stopDate: undefined, error: undefined, cause: undefined, output: undefined,
      timeoutAt: definition.TimeoutSeconds ? now + this.clock.duration(definition.TimeoutSeconds) : undefined,
    };
    const [history, threads] = await Promise.all([this.store.getHistory(arn), this.store.getThreads(arn)]);
    const last = history.at(-1)?.id ?? 0;
    await this.store.commit(arn, { execution: redriven, threads: [], events: [makeEvent(last + 1, last, now, 'ExecutionRedriven', { redriveCount: redriven.redriveCount })], putTokens: [], deleteTokens: [] });
    this.launch(new ExecutionRuntime(this.environment(this.store), redriven, threads, last + 1, 'redrive'));
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
        const [history, threads] = await Promise.all([this.store.getHistory(arn), this.store.getThreads(arn)]);
        const mode: RunMode = 'resume';
        this.launch(new ExecutionRuntime(this.environment(this.store), record, threads, history.at(-1)?.id ?? 0, mode));
      } finally {
        this.loading.delete(arn);
      }
    }
    return running.length;
  }

  // ---- task tokens ----

  private async requireToken(token: unknown) {
    if (typeof token !== 'string' || !parseTaskToken(token)) throw apiError.invalidToken('Invalid Token: the task token is malformed');
    const { executionArn } = parseTaskToken(token)!;
    const record = await this.store.getToken(token);
    if (!record) {
      const execution = await this.store.getExecution(executionArn);
      if (!execution) throw apiError.taskDoesNotExist('Task Does Not Exist: the task token does not belong to a known execution');
      throw apiError.taskTimedOut("Task Timed Out: 'Provided task does not exist anymore'");
    }
    if (record.outcome) throw apiError.taskTimedOut("Task Timed Out: 'Provided task does not exist anymore'");
    const execution = await this.store.getExecution(record.executionArn);
    if (!execution || execution.status !== 'RUNNING') throw apiError.taskTimedOut("Task Timed Out: 'Provided task does not exist anymore'");
    return record;
  }

  private async answer(token: unknown, outcome: TokenOutcome) {
    const record = await this.requireToken(token);
    await this.store.putToken({ ...record, outcome });
    this.running.get(record.executionArn)?.deliverToken(record.token, outcome);
    return {};
  }

  async sendTaskSuccess(req: Request) {
    const output = requireJson(req.output, 'output', apiError.invalidOutput);
    if (req.output === undefined) throw apiError.validation("1 validation error detected: Value null at 'output' failed to satisfy constraint: Member must not be null");
    return this.answer(req.taskToken, { status: 'SUCCEEDED', output });
  }

  async sendTaskFailure(req: Request) {
    return this.answer(req.taskToken, {
      status: 'FAILED',
      ...(typeof req.error === 'string' ? { error: req.error } : {}),
      ...(typeof req.cause === 'string' ? { cause: req.cause } : {}),
    });
  }

  async sendTaskHeartbeat(req: Request) {
    const record = await this.requireToken(req.taskToken);
    await this.store.putToken({ ...record, heartbeatAt: this.clock.now() });
    this.running.get(record.executionArn)?.heartbeat(record.token);
    return {};
  }

  /** TestState: one state in isolation, nothing stored. */
  async testState(req: Request) {
    return runTestState({ account: this.account, clock: this.clock, integrations: this.integrations }, req);
  }

  /** Stop running work in this process without recording anything (the store keeps it RUNNING). */
  async close(): Promise<void> {
    for (const runtime of this.running.values()) runtime.detach();
    this.running.clear();
    await Promise.allSettled([...this.runs]);
  }
}
