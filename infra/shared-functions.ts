// Functions on a request's synchronous path, tuned for their cold start: one vCPU, no source maps,
// and tasks that run in sequence sharing one function, each reached through an alias named after
// it (the ASL and the resolver map still name each task; CDK substitutes the alias ARN). Checkout's
// four tasks run
// in sequence inside one synchronous request (placeOrder): in one function, a checkout meets at most
// one cold start, since the next three find the instance it started warm (issue 18's latency
// budget, README "What it costs and how fast it answers"); Fulfilment's compensations reach the
// same aliases. Locally nothing changes: the runtime
// calls each task's own handler.

export interface SharedFunction {
  /** Registry names of the tasks it hosts; an alias of the function per task. */
  readonly tasks: readonly string[];
  /** Repo-relative module whose `handler` runs the tasks (dispatching on the alias it was invoked through when it hosts several). */
  readonly entry: string;
  /** 1,769 MB is one vCPU: the bundle loads ~3.5× faster than at 512 MB. */
  readonly memorySize: number;
  /** Source maps make every cold start parse a 1 MB map; off on the synchronous path. */
  readonly sourceMaps: boolean;
}

export const sharedFunctions: SharedFunctions = {
  Checkout: {
    // placeOrder's path, and the compensations a declined card runs before placeOrder answers.
    tasks: ['ValidateOrder', 'ReserveStock', 'AuthorisePayment', 'StoreOrder', 'VoidPayment', 'ReleaseStock'],
    entry: 'tasks/orders/checkout-function.ts',
    memorySize: 1769,
    sourceMaps: false,
  },
  // cancelOrder's and updateDelivery's pipelines call PublishStatus (a Lambda data source).
  StatusPublisher: {
    tasks: ['PublishStatus'],
    entry: 'tasks/orders/publish-status.ts',
    memorySize: 1769,
    sourceMaps: false,
  },
};

export type SharedFunctions = Readonly<Record<string, SharedFunction>>;

/** The shared function hosting a task, if any, among those whose every task is in the registry. */
export function sharedFunctionOf(task: string, registry: Readonly<Record<string, unknown>>, shared: SharedFunctions = {}): string | undefined {
  return Object.entries(shared).find(([, f]) => f.tasks.includes(task) && f.tasks.every((t) => t in registry))?.[0];
}
