// The Step Functions API's actions, taking and returning the JSON protocol's shapes (the HTTP
// server only moves them over the wire): requests are checked here, executions are run by the
// lifecycle (lifecycle.ts).
import { randomUUID } from 'node:crypto';
import { isExpressExecutionArn, requireExecutionArn, requireName, requireStateMachineArn, stateMachineArn as makeStateMachineArn, type Account } from './arn.ts';
import type { Clock } from './clock.ts';
import { apiError } from './errors.ts';
import type { ExecutionLifecycle } from './lifecycle.ts';
import type { EngineStore } from './persistence/store.ts';
import type { Integrations } from './resources/integrations.ts';
import { validateDefinition } from './definition/validate.ts';
import { parseTaskToken } from './task-token.ts';
import { runTestState } from './test-state.ts';
import { describeExecution, describeStateMachine, executionListItem, historyEvent, page, redriveStatus, seconds } from './api/shapes.ts';
import type { ExecutionRecord, StateMachineRecord, StateMachineType, TokenOutcome } from './types.ts';

export interface ActionsOptions {
  readonly store: EngineStore;
  readonly account: Account;
  readonly clock: Clock;
  readonly integrations: Integrations;
  readonly lifecycle: ExecutionLifecycle;
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

export class StepFunctionsActions {
  private readonly store: EngineStore;
  private readonly account: Account;
  private readonly clock: Clock;
  private readonly integrations: Integrations;
  private readonly lifecycle: ExecutionLifecycle;

  constructor(options: ActionsOptions) {
    this.store = options.store;
    this.account = options.account;
    this.clock = options.clock;
    this.integrations = options.integrations;
    this.lifecycle = options.lifecycle;
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
    const record = this.lifecycle.newExecution(machine, name, input, express, parentExecutionArn);
    if (express) {
      void this.lifecycle.runExpress(record);
      return { executionArn: record.executionArn, startDate: seconds(record.startDate)! };
    }
    if (!(await this.lifecycle.startStandard(record))) {
      // https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html: the same
      // name and input while the first runs returns it; any other reuse is ExecutionAlreadyExists.
      const existing = await this.store.getExecution(record.executionArn);
      if (existing && existing.status === 'RUNNING' && existing.input === input) {
        return { executionArn: existing.executionArn, startDate: seconds(existing.startDate)! };
      }
      throw apiError.executionAlreadyExists(`Execution Already Exists: '${record.executionArn}'`);
    }
    return { executionArn: record.executionArn, startDate: seconds(record.startDate)! };
  }

  async startSyncExecution(req: Request) {
    const machine = await this.requireStateMachine(req.stateMachineArn);
    if (machine.type !== 'EXPRESS') throw apiError.stateMachineTypeNotSupported('This operation is not supported by this type of state machine');
    const name = req.name === undefined ? randomUUID() : requireName(req.name, 'execution');
    const input = requireJson(req.input, 'input', apiError.invalidExecutionInput);
    const record = this.lifecycle.newExecution(machine, name, input, true);
    const done = await this.lifecycle.runExpress(record);
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
    return { stopDate: seconds(await this.lifecycle.stop(record, error, cause))! };
  }

  /** RedriveExecution with AWS's rules (https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html). */
  async redriveExecution(req: Request) {
    const arn = requireExecutionArn(req.executionArn);
    if (isExpressExecutionArn(arn)) throw apiError.executionNotRedrivable(`Execution is of type EXPRESS and cannot be redriven: '${arn}'`);
    // A second concurrent redrive finds the execution RUNNING, as AWS answers it.
    const redriveDate = await this.lifecycle.claimForRedrive(arn, async () => {
      const record = await this.requireExecution(arn);
      const status = redriveStatus(record, this.clock.now());
      if (status.redriveStatus !== 'REDRIVABLE') throw apiError.executionNotRedrivable(`${status.redriveStatusReason}: '${arn}'`);
      return this.lifecycle.redrive(record);
    });
    if (redriveDate === undefined) throw apiError.executionNotRedrivable(`Execution is running: '${arn}'`);
    return { redriveDate: seconds(redriveDate)! };
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
    this.lifecycle.deliverToken(record.executionArn, record.token, outcome);
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
    this.lifecycle.heartbeat(record.executionArn, record.token);
    return {};
  }

  /** TestState: one state in isolation, nothing stored. */
  async testState(req: Request) {
    return runTestState({ account: this.account, clock: this.clock, integrations: this.integrations }, req);
  }
}
