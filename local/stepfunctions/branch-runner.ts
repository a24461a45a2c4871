// Runs one branch (the root, a Parallel branch or a Map iteration) state by state. Every
// transition is checkpointed before the next state runs, so a restart resumes at the last state
// entered (at-least-once for the state in flight) and a redrive reruns the state that failed.
import { AbortedError, childController } from './clock.ts';
import { locateFieldError, StateFieldError, StatesError, toStatesError } from './errors.ts';
import { findCatcher, findRetrier, retryDelay, type Catcher, type Retrier } from './error-handling.ts';
import { applyResultPath } from './data/json-path.ts';
import { isObject } from './data/clone.ts';
import { requireWithinLimit } from './data/size-limit.ts';
import { evaluateJsonata } from './data/jsonata.ts';
import type { ExecutionRuntime } from './execution.ts';
import { assign } from './states/io.ts';
import { stateHandlers } from './states/index.ts';
import type { StateOutcome, StateRun } from './states/state-run.ts';
import type { BranchRecord, Json, JsonObject, QueryLanguage, StateDefinition, StatesBlock } from './types.ts';

const RETRYABLE = new Set(['Task', 'Map', 'Parallel']);

/**
 * The variables a state assigned, each as JSON text, for its StateExited event (as AWS records it
 * in localstack's AWS-validated assign/test_assign_base snapshot;
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_StateExitedEventDetails.html).
 */
function assignedVariables(block: unknown, variables: JsonObject): object {
  if (!isObject(block) || Object.keys(block).length === 0) return {};
  const names = Object.keys(block).map((key) => (key.endsWith('.$') ? key.slice(0, -2) : key));
  return { assignedVariables: Object.fromEntries(names.map((n) => [n, JSON.stringify(variables[n])])), assignedVariablesDetails: { truncated: false } };
}

/** TestState's hooks: inspection of each processing step, and a mocked task result or error. */
export interface TestProbe {
  inspect(field: string, value: Json): void;
  readonly mock?: { readonly result?: string; readonly errorOutput?: { readonly error?: string; readonly cause?: string } };
}

export class BranchRunner {
  readonly exec: ExecutionRuntime;
  readonly record: BranchRecord;
  readonly block: StatesBlock;
  readonly signal: AbortSignal;
  probe?: TestProbe;
  private retryCount = 0;

  constructor(exec: ExecutionRuntime, record: BranchRecord, block: StatesBlock, signal: AbortSignal) {
    this.exec = exec;
    this.record = record;
    this.block = block;
    this.signal = signal;
  }

  /** Run to the end of the branch; `enterFirst` is false when resuming the state already entered. */
  async run(enterFirst: boolean): Promise<Json> {
    const rec = this.record;
    let enter = enterFirst;
    for (;;) {
      if (this.signal.aborted) throw new AbortedError();
      const name = rec.stateName;
      const state = this.block.States[name];
      if (enter) {
        rec.enteredAt = this.exec.clock.now();
        rec.retries = undefined;
        rec.retryAt = undefined;
        rec.enteredEventId = this.exec.emit(rec.path, `${state.Type}StateEntered`, { name, input: JSON.stringify(rec.input), inputDetails: { truncated: false } }).id;
        this.exec.markBranch(rec);
        await this.exec.flush();
      }
      enter = true;
      let outcome: StateOutcome;
      try {
        outcome = await this.execute(name, state);
      } catch (thrown) {
        if (thrown instanceof AbortedError || this.signal.aborted) throw new AbortedError();
        const error = toStatesError(thrown);
        rec.status = 'FAILED';
        rec.error = error.name;
        rec.cause = error.cause;
        this.exec.markBranch(rec);
        throw error;
      }
      if (state.Type !== 'Fail') {
        this.exec.emit(rec.path, `${state.Type}StateExited`, { name, output: JSON.stringify(outcome.output), outputDetails: { truncated: false }, ...assignedVariables(outcome.assign ?? state.Assign, outcome.variables) });
      }
      if (outcome.next === undefined) {
        rec.status = 'SUCCEEDED';
        rec.output = outcome.output;
        this.exec.markBranch(rec);
        return outcome.output;
      }
      rec.seq += 1;
      rec.stateName = outcome.next;
      rec.input = outcome.output;
      rec.variables = outcome.variables;
      rec.waitUntil = undefined;
      rec.task = undefined;
      rec.retries = undefined;
      rec.retryAt = undefined;
    }
  }

  private language(state: StateDefinition): QueryLanguage {
    return (state.QueryLanguage as QueryLanguage | undefined) ?? this.block.QueryLanguage ?? this.exec.definition.QueryLanguage ?? 'JSONPath';
  }

  /** The context object for the current state; `extra` adds Task.Token or Map.Item. */
  context(extra: JsonObject = {}): JsonObject {
    return {
      ...this.exec.executionContext(),
      State: { EnteredTime: new Date(this.record.enteredAt).toISOString(), Name: this.record.stateName, RetryCount: this.retryCount },
      ...extra,
    };
  }

  stateRun(name: string, state: StateDefinition, contextExtra: JsonObject = {}): StateRun {
    const inspect = this.probe ? (field: string, value: Json) => this.probe!.inspect(field, value) : undefined;
    return { name, state, language: this.language(state), input: this.record.input, variables: this.record.variables, context: this.context(contextExtra), branch: this, inspect };
  }

  private async execute(name: string, state: StateDefinition): Promise<StateOutcome> {
    const handler = stateHandlers[state.Type];
    const retriers = state.Retry as Retrier[] | undefined;
    // A state resumed after a restart goes on with the retries it had used, and its next retry
    // comes no earlier than it was due (0 left once that time has passed).
    const attempts = (retriers ?? []).map((_, i) => this.record.retries?.[i] ?? 0);
    this.retryCount = attempts.reduce((sum, n) => sum + n, 0);
    if (this.record.retryAt !== undefined) await this.exec.sleepUntil(this.record.retryAt, this.signal);
    for (;;) {
      try {
        const outcome = await handler(this.stateRun(name, state));
        requireWithinLimit(outcome.output, name);
        return outcome;
      } catch (thrown) {
        if (thrown instanceof AbortedError || this.signal.aborted) throw thrown;
        const error = this.fieldFailure(name, toStatesError(thrown));
        if (!RETRYABLE.has(state.Type)) throw error;
        const r = findRetrier(retriers, error.name);
        if (r >= 0 && attempts[r] < (retriers![r].MaxAttempts ?? 3)) {
          attempts[r] += 1;
          this.retryCount += 1;
          this.record.task = undefined;
          this.record.retries = [...attempts];
          this.record.retryAt = this.exec.clock.now() + retryDelay(retriers![r], attempts[r], this.exec.clock);
          this.exec.markBranch(this.record);
          await this.exec.flush();
          await this.exec.sleepUntil(this.record.retryAt, this.signal);
          continue;
        }
        const catcher = findCatcher(state.Catch as Catcher[] | undefined, error.name);
        if (!catcher) throw error;
        return this.caught(name, state, catcher, error);
      }
    }
  }

  /**
   * A field's runtime or query error as AWS reports it: the cause names the state and the event that
   * entered it, and a query error is first recorded as an EvaluationFailed event
   * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_EvaluationFailedEventDetails.html).
   * Other errors, and errors already reported, pass unchanged.
   */
  fieldFailure(name: string, error: StatesError): StatesError {
    if (!(error instanceof StateFieldError)) return error;
    const located = locateFieldError(error, name, this.record.enteredEventId);
    if (error.name === 'States.QueryEvaluationError') {
      this.exec.emit(this.record.path, 'EvaluationFailed', { error: located.name, cause: located.cause, ...(error.location !== undefined ? { location: error.location } : {}), state: name });
    }
    return located;
  }

  /** A Catch applies: the error output replaces or joins the input, and the branch goes on at Next. */
  /** Run the current state once, without Retry or Catch (TestState). */
  step(name: string, state: StateDefinition, retryCount: number): Promise<StateOutcome> {
    this.retryCount = retryCount;
    return stateHandlers[state.Type](this.stateRun(name, state));
  }

  async caught(name: string, state: StateDefinition, catcher: Catcher, error: StatesError): Promise<StateOutcome> {
    const run = this.stateRun(name, state);
    const errorOutput: Json = { Error: error.name, Cause: error.cause };
    if (run.language === 'JSONata') {
      const variables = await assign(run, catcher.Assign, errorOutput, { errorOutput });
      const output = catcher.Output === undefined ? errorOutput : await evaluateJsonata(catcher.Output, { states: { input: run.input, context: run.context, errorOutput }, variables: run.variables }, 'Output');
      return { output, variables, next: catcher.Next, assign: catcher.Assign ?? {} };
    }
    const variables = await assign(run, catcher.Assign, errorOutput);
    return { output: applyResultPath(catcher.ResultPath, run.input, errorOutput), variables, next: catcher.Next, assign: catcher.Assign ?? {} };
  }

  /** A scope for children (Map iterations, Parallel branches) that can be stopped together. */
  childScope(): AbortController {
    return childController(this.signal);
  }

  /** Run (or, after a restart or redrive, resume) one child branch of the current state. */
  async runChild(index: number, block: StatesBlock, input: Json, signal: AbortSignal): Promise<Json> {
    const path = `${this.record.path}/${this.record.stateName}@${this.record.seq}[${index}]`;
    const existing = this.exec.branches.get(path);
    const redriving = this.exec.mode === 'redrive';
    if (existing?.status === 'SUCCEEDED') return existing.output as Json;
    if (existing?.status === 'FAILED' && !redriving) throw new StatesError(existing.error ?? '', existing.cause ?? '');
    let record: BranchRecord;
    let enter = true;
    if (existing) {
      record = existing;
      enter = redriving || existing.status === 'FAILED';
      record.status = 'RUNNING';
      record.error = undefined;
      record.cause = undefined;
    } else {
      record = { path, seq: 0, stateName: block.StartAt, input, variables: { ...this.record.variables }, status: 'RUNNING', enteredAt: this.exec.clock.now() };
      this.exec.branches.set(path, record);
    }
    return new BranchRunner(this.exec, record, block, signal).run(enter);
  }

  /** Store a Wait state's deadline before sleeping, so a restart keeps it. */
  async persistWait(until: number): Promise<void> {
    this.record.waitUntil = until;
    this.exec.markBranch(this.record);
    await this.exec.flush();
  }
}
