// Tasks that share one Lambda function, each reached through an alias named after it (the ASL and
// the resolver map still name each task; CDK substitutes the alias ARN). Checkout's four tasks run
// in sequence inside one synchronous request (placeOrder): in one function, a checkout meets at most
// one cold start, since the next three find the instance it started warm (issue 18's latency
// budget, README "What it costs and how fast it answers"); Fulfilment's compensations reach the
// same aliases. Locally nothing changes: the runtime
// calls each task's own handler.

export interface SharedFunction {
  /** Registry names of the tasks it hosts; an alias of the function per task. */
  readonly tasks: readonly string[];
  /** Repo-relative module whose `handler` dispatches on the alias it was invoked through. */
  readonly entry: string;
  /** 1,769 MB is one vCPU: the bundle loads ~3.5× faster than at 512 MB. */
  readonly memorySize: number;
  /** Source maps make every cold start parse a 1 MB map; off on the synchronous path. */
  readonly sourceMaps: boolean;
}

export const sharedFunctions: Readonly<Record<string, SharedFunction>> = {
  Checkout: {
    // placeOrder's path, and the compensations a declined card runs before placeOrder answers.
    tasks: ['ValidateOrder', 'ReserveStock', 'AuthorisePayment', 'StoreOrder', 'VoidPayment', 'ReleaseStock'],
    entry: 'tasks/orders/checkout-function.ts',
    memorySize: 1769,
    sourceMaps: false,
  },
};

/** The shared function hosting a task, if any, among those whose every task is in the registry. */
export function sharedFunctionOf(task: string, registry: Readonly<Record<string, unknown>>): string | undefined {
  return Object.entries(sharedFunctions).find(([, shared]) => shared.tasks.includes(task) && shared.tasks.every((t) => t in registry))?.[0];
}
