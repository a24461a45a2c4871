// Runs a workflow's ASL on aws-local-stepfunctions (the test oracle named in DESIGN.md) with the
// real task handlers: each `lambda:invoke` state calls the registered handler with its Payload and
// answers `{ Payload }` as the Lambda integration does. A `.waitForTaskToken` state runs its task,
// then takes the person's answer from `human` (a result, or a thrown error such as PackingFailed or
// States.Timeout). `inject` makes a state fail with an error before its task runs.
import { StateMachine } from 'aws-local-stepfunctions';
import type { RunOptions } from 'aws-local-stepfunctions';

type LocalHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;
type JSONValue = Awaited<ReturnType<LocalHandlers[string]>>;
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { taskRegistry } from '../../../tasks/registry.ts';
import { lambdaContext } from './context.ts';

type Handler = (event: unknown, context: typeof lambdaContext) => Promise<unknown>;
interface TaskState { Type: string; Resource?: string; Parameters?: { FunctionName?: string } }

const root = path.resolve(import.meta.dirname, '../../..');

export class NamedError extends Error {
  constructor(name: string, message = name) { super(message); this.name = name; }
}

export interface OracleRun {
  readonly input: unknown;
  readonly executionName?: string;
  readonly human?: Record<string, () => unknown>;
  readonly inject?: Record<string, () => Error>;
  /** Start at this state instead: how a redrive resumes at the failed state (give that state's input). */
  readonly startAt?: string;
  /** Called for a states:startExecution state with its Parameters. */
  readonly startExecution?: (parameters: Record<string, unknown>) => unknown;
}

export interface OracleResult {
  readonly output?: unknown;
  /** The execution's error (name) and cause when it failed. */
  readonly error?: string;
  readonly cause?: string;
  /** Task states entered, in order. */
  readonly visited: string[];
}

const handlers = new Map<string, Handler>();
async function handlerOf(task: string): Promise<Handler> {
  let h = handlers.get(task);
  if (h === undefined) {
    h = (await import(path.join(root, taskRegistry[task]!.entry))).handler as Handler;
    handlers.set(task, h);
  }
  return h;
}

export async function runWorkflow(workflow: 'checkout' | 'fulfilment' | 'refund', run: OracleRun): Promise<OracleResult> {
  const definition = JSON.parse(readFileSync(path.join(root, 'workflows', `${workflow}.asl.json`), 'utf8')
    .replace(/\$\{(\w+)FunctionArn\}/g, 'arn:aws:lambda:us-east-1:123456789012:function:$1')
    .replace(/\$\{(\w+)StateMachineArn\}/g, 'arn:aws:states:us-east-1:123456789012:stateMachine:$1'));
  if (run.startAt !== undefined) definition.StartAt = run.startAt;
  const states = definition.States as Record<string, TaskState>;
  const visited: string[] = [];
  const overrides: Record<string, (input: JSONValue) => Promise<JSONValue>> = {};
  const retryIntervalOverrides: Record<string, number> = {};
  for (const [name, state] of Object.entries(states)) {
    if (state.Type !== 'Task') continue;
    retryIntervalOverrides[name] = 0;
    overrides[name] = async (raw) => {
      const input = raw as Record<string, unknown>;
      visited.push(name);
      const injected = run.inject?.[name];
      if (injected !== undefined) throw injected();
      if (state.Resource === 'arn:aws:states:::states:startExecution') {
        return (run.startExecution?.(input) ?? { ExecutionArn: `arn:aws:states:us-east-1:123456789012:execution:x:${String(input.Name)}` }) as JSONValue;
      }
      const task = String(state.Parameters!.FunctionName).split(':').pop()!;
      const result = await (await handlerOf(task))(input.Payload, lambdaContext);
      if (state.Resource!.endsWith('.waitForTaskToken')) {
        const answer = run.human?.[name];
        if (answer === undefined) throw new Error(`no human answer for ${name}`);
        return answer() as JSONValue;
      }
      return { Payload: result as JSONValue, StatusCode: 200, ExecutedVersion: '$LATEST' };
    };
  }
  // Resuming mid-way leaves the earlier states unreachable, which the validator would refuse.
  const machine = new StateMachine(definition, { validationOptions: run.startAt === undefined ? { checkArn: true, checkPaths: true } : { noValidate: true } });
  const name = run.executionName ?? `exec-${Math.random().toString(36).slice(2)}`;
  const execution = machine.run(run.input as never, {
    overrides: { taskResourceLocalHandlers: overrides, retryIntervalOverrides },
    context: {
      Execution: { Id: `arn:aws:states:us-east-1:123456789012:execution:${workflow}:${name}`, Name: name, Input: run.input as JSONValue, StartTime: new Date().toISOString() },
      Task: { Token: `token-${name}` },
    },
  });
  try {
    return { output: await execution.result, visited };
  } catch (error) {
    const caught = (error as Error & { cause?: Error & { cause?: unknown } }).cause;
    return { error: caught?.name, cause: String(caught?.cause ?? caught?.message), visited };
  }
}
