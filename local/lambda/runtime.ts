// An in-process Lambda runtime over the task registry: a function ARN names a registry entry,
// whose module is imported on first use and whose `handler(event, context)` is awaited. Payloads
// cross as JSON, as they do on Lambda. A handler error keeps its `name` (Lambda's errorType); a
// missing function or a timeout is reported with the error Lambda gives for it.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TaskDefinition } from '../../tasks/registry.ts';
import { functionName as deployedName } from '../../infra/names.ts';
import { lambdaContext, type LambdaContext } from './context.ts';
import { functionNameOf, localFunctionArn, type LambdaAccount } from './function-arn.ts';

export type Handler = (event: unknown, context: LambdaContext) => unknown;

export interface LambdaRuntimeOptions extends Partial<LambdaAccount> {
  readonly registry: Readonly<Record<string, Pick<TaskDefinition, 'entry' | 'timeoutSeconds'>>>;
  /** Directory that registry entries are relative to (the repository root). */
  readonly rootDir: string;
  /** Environment variables set before a handler module is first imported. */
  readonly environment?: Readonly<Record<string, string>>;
}

/** An error of the Lambda service itself (not of the function): its name is the Step Functions error. */
export class LambdaServiceError extends Error {
  readonly lambdaServiceError = true;
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

export interface LambdaRuntime {
  invoke(functionArn: string, payload: unknown): Promise<unknown>;
  functionArn(task: string): string;
  /**
   * Resolves once every handler started so far has finished. A handler past its timeout keeps
   * running in-process (Lambda would stop its sandbox), so callers await this before tearing down.
   */
  settled(): Promise<void>;
}

export function createLambdaRuntime(options: LambdaRuntimeOptions): LambdaRuntime {
  const account = { region: options.region ?? 'us-east-1', accountId: options.accountId ?? '000000000000' };
  const byName = new Map(Object.entries(options.registry).map(([task, def]) => [deployedName(task), { task, def }]));
  const handlers = new Map<string, Promise<Handler>>();
  const running = new Set<Promise<unknown>>();

  const load = (name: string, entry: string): Promise<Handler> => {
    let loading = handlers.get(name);
    if (!loading) {
      for (const [key, value] of Object.entries(options.environment ?? {})) process.env[key] ??= value;
      loading = import(pathToFileURL(path.resolve(options.rootDir, entry)).href).then((module: { handler?: unknown }) => {
        if (typeof module.handler !== 'function') throw new LambdaServiceError('Lambda.ResourceNotReadyException', `${entry} does not export a handler function`);
        return module.handler as Handler;
      });
      loading.catch(() => handlers.delete(name));
      handlers.set(name, loading);
    }
    return loading;
  };

  return {
    functionArn: (task) => localFunctionArn(account, task),
    async invoke(functionArn, payload) {
      const name = functionNameOf(functionArn);
      const found = name === undefined ? undefined : byName.get(name);
      if (!found) throw new LambdaServiceError('Lambda.ResourceNotFoundException', `Function not found: ${functionArn}`);
      const handler = await load(name!, found.def.entry);
      const timeoutMs = (found.def.timeoutSeconds ?? 30) * 1000;
      const event = payload === undefined ? null : JSON.parse(JSON.stringify(payload));
      const context = lambdaContext(name!, localFunctionArn(account, found.task), timeoutMs);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error(`Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`), { name: 'Sandbox.Timedout' })), timeoutMs);
      });
      const run = Promise.resolve().then(() => handler(event, context));
      const untrack = () => running.delete(run);
      running.add(run);
      run.then(untrack, untrack);
      try {
        const result = await Promise.race([run, timeout]);
        return result === undefined ? null : JSON.parse(JSON.stringify(result));
      } finally {
        clearTimeout(timer);
      }
    },
    async settled() {
      await Promise.allSettled([...running]);
    },
  };
}
