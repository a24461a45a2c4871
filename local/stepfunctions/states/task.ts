// Task: calls its resource with the effective input and takes the response as its result
// (https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html). Callback tasks
// (`.waitForTaskToken`) get `$$.Task.Token`, persist it before the call, and wait for
// SendTaskSuccess/Failure within TimeoutSeconds and HeartbeatSeconds
// (https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html#connect-wait-token).
import { AbortedError } from '../clock.ts';
import { StatesError, statesError, toStatesError } from '../errors.ts';
import { evaluateJsonata } from '../data/jsonata.ts';
import { filterPath } from '../data/json-path.ts';
import { resolveResource, type ResolvedResource } from '../resources/resolve.ts';
import { requireWithinLimit } from '../data/size-limit.ts';
import type { Json } from '../types.ts';
import { effectiveInput, finish, jsonataScope, nextOf, pathScope } from './io.ts';
import type { StateHandler, StateRun } from './state-run.ts';

async function seconds(run: StateRun, field: 'TimeoutSeconds' | 'HeartbeatSeconds'): Promise<number | undefined> {
  const s = run.state;
  let value: Json | undefined = s[field] as Json | undefined;
  if (run.language === 'JSONata' && value !== undefined) value = await evaluateJsonata(value, jsonataScope(run), field);
  if (run.language === 'JSONPath' && typeof s[`${field}Path`] === 'string') value = filterPath(s[`${field}Path`] as string, run.input, pathScope(run, run.input), `${field}Path`);
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || (value as number) < 1) throw statesError.runtime(`${field} must be a positive integer, got ${JSON.stringify(value)}`);
  return value as number;
}

function withTimeout<T>(work: Promise<T>, timeoutMs: number | undefined, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => reject(statesError.timeout()), timeoutMs);
    const onAbort = () => reject(new AbortedError());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    });
  });
}

/** History events: bare function ARNs use LambdaFunction*, integrations Task*. */
function taskEvents(run: StateRun, resource: ResolvedResource) {
  const exec = run.branch.exec;
  const path = run.branch.record.path;
  const base = { resourceType: resource.resourceType, resource: resource.resourceName };
  return {
    scheduled(parameters: Json, timeout?: number, heartbeat?: number) {
      if (resource.legacyLambda) exec.emit(path, 'LambdaFunctionScheduled', { resource: resource.resourceName, input: JSON.stringify(parameters), inputDetails: { truncated: false }, ...(timeout ? { timeoutInSeconds: timeout } : {}) });
      else exec.emit(path, 'TaskScheduled', { ...base, region: exec.region, parameters: JSON.stringify(parameters), ...(timeout ? { timeoutInSeconds: timeout } : {}), ...(heartbeat ? { heartbeatInSeconds: heartbeat } : {}) });
      exec.emit(path, resource.legacyLambda ? 'LambdaFunctionStarted' : 'TaskStarted', resource.legacyLambda ? undefined : base);
    },
    submitted(output: Json) {
      exec.emit(path, 'TaskSubmitted', { ...base, output: JSON.stringify(output), outputDetails: { truncated: false } });
    },
    succeeded(output: Json) {
      if (resource.legacyLambda) exec.emit(path, 'LambdaFunctionSucceeded', { output: JSON.stringify(output), outputDetails: { truncated: false } });
      else exec.emit(path, 'TaskSucceeded', { ...base, output: JSON.stringify(output), outputDetails: { truncated: false } });
    },
    failed(error: StatesError) {
      const timedOut = error.name === 'States.Timeout' || error.name === 'States.HeartbeatTimeout';
      const type = resource.legacyLambda ? (timedOut ? 'LambdaFunctionTimedOut' : 'LambdaFunctionFailed') : timedOut ? 'TaskTimedOut' : 'TaskFailed';
      // A timeout has no cause on AWS (its TaskTimedOut event carries only the error).
      exec.emit(path, type, { ...(resource.legacyLambda ? {} : base), error: error.name, ...(error.cause ? { cause: error.cause } : {}) });
    },
  };
}

export const task: StateHandler = async (run) => {
  const s = run.state;
  const branch = run.branch;
  const exec = branch.exec;
  const rec = branch.record;
  const resource = resolveResource(s.Resource as string);
  if (!resource) throw statesError.runtime(`Unknown resource ${String(s.Resource)}`);
  const timeout = await seconds(run, 'TimeoutSeconds');
  const heartbeat = await seconds(run, 'HeartbeatSeconds');
  const now = exec.clock.now();

  let taskRun = run;
  if (resource.pattern === 'token') {
    rec.task ??= {
      token: exec.newTaskToken(),
      scheduledAt: now,
      ...(timeout ? { timeoutAt: now + exec.clock.duration(timeout) } : {}),
      ...(heartbeat ? { heartbeatSeconds: heartbeat } : {}),
    };
    taskRun = branch.stateRun(run.name, s, { Task: { Token: rec.task.token } });
  }
  const parameters = await effectiveInput(taskRun);
  const events = taskEvents(run, resource);
  events.scheduled(parameters, timeout, heartbeat);
  const call = { parameters, integrations: exec.integrations, signal: branch.signal, executionArn: exec.record.executionArn };

  let result: Json;
  const mock = branch.probe?.mock;
  try {
    if (mock) {
      if (mock.errorOutput) throw new StatesError(mock.errorOutput.error ?? '', mock.errorOutput.cause ?? '');
      result = JSON.parse(mock.result ?? 'null') as Json;
    } else if (resource.pattern === 'token') {
      const pending = rec.task!;
      if (!pending.submitted) {
        await exec.registerToken(rec, run.name);
        const response = await withTimeout(resource.call(call), pending.timeoutAt === undefined ? undefined : pending.timeoutAt - exec.clock.now(), branch.signal);
        pending.submitted = true;
        events.submitted(response);
        exec.markBranch(rec);
        await exec.flush();
      }
      const outcome = await exec.waitForToken(pending, branch.signal);
      if (outcome.status === 'FAILED') throw new StatesError(outcome.error ?? '', outcome.cause ?? '');
      result = JSON.parse(outcome.output) as Json;
    } else {
      result = await withTimeout(resource.call(call), timeout === undefined ? undefined : exec.clock.duration(timeout), branch.signal);
    }
    requireWithinLimit(result, resource.legacyLambda ? resource.resourceName : resource.resourceType);
  } catch (thrown) {
    if (thrown instanceof AbortedError) throw thrown;
    const error = toStatesError(thrown);
    events.failed(error);
    if (rec.task) await exec.retireToken(rec.task.token);
    throw error;
  }
  if (rec.task) await exec.retireToken(rec.task.token);
  events.succeeded(result);
  const { output, variables } = await finish(taskRun, result);
  return { output, variables, next: nextOf(run) };
};
