// TestState: run one state in isolation, as AWS's TestState API does
// (https://docs.aws.amazon.com/step-functions/latest/dg/test-state-isolation.html): the state's
// definition (or a whole machine's with `stateName`), an input and variables, an optional mock of
// the task's result or error; answers the output, the next state, the status (SUCCEEDED, FAILED,
// RETRIABLE, CAUGHT_ERROR) and, at DEBUG and TRACE, the data after each processing step.
import { randomUUID } from 'node:crypto';
import { apiError, toStatesError } from './errors.ts';
import { findCatcher, findRetrier, type Catcher, type Retrier } from './error-handling.ts';
import { isObject } from './data/clone.ts';
import { validateDefinition } from './definition/validate.ts';
import { ExecutionRuntime } from './execution.ts';
import { MemoryStore } from './persistence/memory-store.ts';
import { BranchRunner, type TestProbe } from './branch-runner.ts';
import type { Clock } from './clock.ts';
import type { Integrations } from './resources/integrations.ts';
import type { Account } from './arn.ts';
import type { Json, JsonObject, StateDefinition, StatesBlock } from './types.ts';

export interface TestStateEnvironment {
  readonly account: Account;
  readonly clock: Clock;
  readonly integrations: Integrations;
}

type Request = Record<string, unknown>;

const RETRYABLE = new Set(['Task', 'Map', 'Parallel']);
const LEVELS = ['INFO', 'DEBUG', 'TRACE'];

function parseJsonField(value: unknown, field: string, fallback: string): Json {
  const text = value === undefined ? fallback : value;
  if (typeof text !== 'string') throw apiError.validation(`${field} must be a JSON string`);
  try {
    return JSON.parse(text) as Json;
  } catch {
    throw field === 'input' ? apiError.invalidExecutionInput(`Invalid input: ${field} is not valid JSON`) : apiError.validation(`${field} is not valid JSON`);
  }
}

/** A lone state is checked inside a one-state machine whose transition targets are stubs. */
function machineFor(state: StateDefinition, name: string): StatesBlock {
  const targets = new Set<string>();
  if (typeof state.Next === 'string') targets.add(state.Next);
  if (typeof state.Default === 'string') targets.add(state.Default);
  for (const list of [state.Choices, state.Catch] as unknown[]) {
    for (const item of Array.isArray(list) ? list : []) if (isObject(item) && typeof item.Next === 'string') targets.add(item.Next);
  }
  targets.delete(name);
  const stubs = Object.fromEntries([...targets].map((t) => [t, { Type: 'Succeed' }]));
  return { StartAt: name, States: { [name]: state, ...stubs } };
}

function resolveState(req: Request): { name: string; state: StateDefinition; block: StatesBlock } {
  if (typeof req.definition !== 'string') throw apiError.validation("1 validation error detected: Value null at 'definition' failed to satisfy constraint: Member must not be null");
  let parsed: unknown;
  try {
    parsed = JSON.parse(req.definition);
  } catch {
    throw apiError.invalidDefinition("Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION'");
  }
  if (isObject(parsed) && isObject(parsed.States)) {
    const block = validateDefinition(req.definition, 'STANDARD');
    const name = typeof req.stateName === 'string' ? req.stateName : block.StartAt;
    const state = block.States[name];
    if (!state) throw apiError.validation(`stateName '${name}' is not a state of the definition`);
    return { name, state, block };
  }
  if (!isObject(parsed) || typeof parsed.Type !== 'string') throw apiError.invalidDefinition("Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: the state has no Type'");
  const name = typeof req.stateName === 'string' ? req.stateName : 'TestState';
  const state = parsed as unknown as StateDefinition;
  const block = machineFor(state, name);
  validateDefinition(JSON.stringify(block), 'STANDARD');
  return { name, state, block };
}

function retryInterval(retrier: Retrier, retryCount: number): number {
  const seconds = (retrier.IntervalSeconds ?? 1) * (retrier.BackoffRate ?? 2) ** retryCount;
  return Math.round(retrier.MaxDelaySeconds === undefined ? seconds : Math.min(seconds, retrier.MaxDelaySeconds));
}

export async function runTestState(env: TestStateEnvironment, req: Request) {
  const { name, state, block } = resolveState(req);
  const input = parseJsonField(req.input, 'input', '{}');
  const variables = parseJsonField(req.variables, 'variables', '{}');
  if (!isObject(variables)) throw apiError.validation('variables must be a JSON object');
  const level = typeof req.inspectionLevel === 'string' ? req.inspectionLevel : 'INFO';
  if (!LEVELS.includes(level)) throw apiError.validation(`inspectionLevel must be one of ${LEVELS.join(', ')}`);
  const mock = isObject(req.mock) ? (req.mock as TestProbe['mock']) : undefined;
  const retryCount = isObject(req.stateConfiguration) && typeof req.stateConfiguration.retrierRetryCount === 'number' ? req.stateConfiguration.retrierRetryCount : 0;

  const now = env.clock.now();
  const record = {
    executionArn: `arn:aws:states:${env.account.region}:${env.account.accountId}:execution:TestStateMachine:${randomUUID()}`,
    stateMachineArn: `arn:aws:states:${env.account.region}:${env.account.accountId}:stateMachine:TestStateMachine`,
    stateMachineName: 'TestStateMachine', name: randomUUID(), type: 'STANDARD' as const, definition: JSON.stringify(block),
    roleArn: typeof req.roleArn === 'string' ? req.roleArn : `arn:aws:iam::${env.account.accountId}:role/local-stepfunctions`,
    status: 'RUNNING' as const, input: JSON.stringify(input), startDate: now, redriveCount: 0,
  };
  const runtime = new ExecutionRuntime({ store: new MemoryStore(), clock: env.clock, region: env.account.region, integrations: env.integrations, onDone: () => undefined, instant: true }, record, [], 0, 'fresh');
  const branch = { path: '', seq: 0, stateName: name, input, variables: variables as JsonObject, status: 'RUNNING' as const, enteredAt: now };
  const runner = new BranchRunner(runtime, branch, block, runtime.signal);
  const inspection: Record<string, unknown> = { input: JSON.stringify(input) };
  runner.probe = { inspect: (field, value) => { inspection[field] = JSON.stringify(value); }, mock };

  const answer = (fields: Record<string, unknown>) => ({ ...fields, ...(level === 'INFO' ? {} : { inspectionData: inspection }) });
  try {
    const outcome = await runner.step(name, state, retryCount);
    inspection.variables = JSON.stringify(outcome.variables);
    return answer({ status: 'SUCCEEDED', output: JSON.stringify(outcome.output), ...(outcome.next !== undefined ? { nextState: outcome.next } : {}) });
  } catch (thrown) {
    const error = toStatesError(thrown);
    const failure = { error: error.name, cause: error.cause };
    if (RETRYABLE.has(state.Type)) {
      const retriers = state.Retry as Retrier[] | undefined;
      const r = findRetrier(retriers, error.name);
      if (r >= 0 && retryCount < (retriers![r].MaxAttempts ?? 3)) {
        inspection.errorDetails = { retryIndex: r, retryBackoffIntervalSeconds: retryInterval(retriers![r], retryCount) };
        return answer({ status: 'RETRIABLE', ...failure });
      }
      const catchers = (state.Catch as Catcher[] | undefined) ?? [];
      const catcher = findCatcher(catchers, error.name);
      if (catcher) {
        const outcome = await runner.caught(name, state, catcher, error);
        inspection.errorDetails = { catchIndex: catchers.indexOf(catcher) };
        inspection.variables = JSON.stringify(outcome.variables);
        return answer({ status: 'CAUGHT_ERROR', output: JSON.stringify(outcome.output), nextState: outcome.next, ...failure });
      }
    }
    return answer({ status: 'FAILED', ...failure });
  } finally {
    runtime.detach();
  }
}
