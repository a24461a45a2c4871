// One Lambda function hosting several tasks (infra/shared-functions.ts): each task is an alias of
// the function, and Lambda passes the qualified ARN it was invoked through as the context's
// invokedFunctionArn (arn:aws:lambda:<region>:<account>:function:<name>:<alias>), so the alias
// names the task to run.
import type { Context } from 'aws-lambda';

type Handler = (event: never, context: Context) => unknown;

/** A deployment fault, not a business error: no Catch compensates it, the execution fails and says why. */
export class UnknownAliasError extends Error {
  constructor(arn: string, known: readonly string[]) {
    super(`invoked as ${arn}: not one of this function's tasks (${known.join(', ')})`);
    this.name = 'UnknownAlias';
  }
}

export function byAlias(handlers: Readonly<Record<string, Handler>>): (event: unknown, context: Context) => unknown {
  return (event, context) => {
    const alias = context.invokedFunctionArn.split(':')[7];
    const handler = alias === undefined ? undefined : handlers[alias];
    if (!handler) throw new UnknownAliasError(context.invokedFunctionArn, Object.keys(handlers));
    return handler(event as never, context);
  };
}
