// The time budget of the synchronous workflow: placeOrder waits for Checkout (EXPRESS, started with
// StartSyncExecution) inside one AppSync request, and AppSync answers with an error after 30 s
// (AppSync developer guide, "Resolver timeout"), while the execution would go on. So every Task of
// Checkout gets a TimeoutSeconds here, and its ASL makes at most the retries its budget allows, so
// the longest path (every step at its worst, then every compensation) ends within BUDGET_SECONDS.
// The execution itself also gets a TimeoutSeconds of BUDGET_SECONDS, a backstop should a definition
// change outgrow its states' budgets. Applied on AWS at synth (infra/stacks/workflows-stack.ts); the
// local engine runs tasks in-process and scales time for its tests (an execution timeout of 29 s is
// under a millisecond there), so the ASL file itself carries neither.

/** AppSync's request limit, and what the longest path of a synchronous workflow must stay under. */
export const APPSYNC_TIMEOUT_SECONDS = 30;
/**
 * The longest path's worst case: under AppSync's 30 s by a second, which the pipeline's other steps
 * (three single-item DynamoDB calls, milliseconds each) and StartSyncExecution's own overhead fit in.
 */
export const BUDGET_SECONDS = 29;

/**
 * TimeoutSeconds per Task state of each synchronous workflow. One second for a task that reads or
 * writes DynamoDB or cancels an authorisation (tens to hundreds of milliseconds; the shared checkout
 * function meets one cold start per checkout, well under a second at one vCPU:
 * bench/results/bundles.json); two for the payment authorisation, the one step whose provider call
 * may be slow and whose retries (two: a flaky provider) the budget must leave room for.
 */
export const stateTimeouts: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  Checkout: {
    ValidateOrder: 1, ReserveStock: 1, AuthorisePayment: 2, StoreOrder: 1, StartFulfilment: 1,
    MarkOrderFailed: 1, VoidPayment: 1, ReleaseStock: 1,
  },
};

export class TimeBudgetError extends Error {
  override readonly name = 'TimeBudgetError';
}

interface Retrier { readonly ErrorEquals: readonly string[]; readonly IntervalSeconds?: number; readonly BackoffRate?: number; readonly MaxAttempts?: number; readonly MaxDelaySeconds?: number }
interface State {
  readonly Type: string; readonly Next?: string; readonly End?: boolean; readonly TimeoutSeconds?: number;
  readonly Retry?: readonly Retrier[]; readonly Catch?: readonly { readonly Next: string }[];
  readonly Choices?: readonly { readonly Next: string }[]; readonly Default?: string; readonly Seconds?: number;
}
export interface Definition { readonly StartAt: string; readonly States: Readonly<Record<string, State>>; readonly TimeoutSeconds?: number }

/**
 * Sets each listed Task state's TimeoutSeconds (a definition without that state is left as it is;
 * a listed state that is not a Task stops the synth). Whether every Task has a budget is
 * `longestPath`'s question: a Task without TimeoutSeconds has no bound.
 */
export function withStateTimeouts(workflow: string, definition: Definition): Definition {
  const timeouts = stateTimeouts[workflow];
  if (!timeouts) return definition;
  const states: Record<string, State> = { ...definition.States };
  if (definition.TimeoutSeconds !== undefined) throw new TimeBudgetError(`${workflow}: its ASL sets TimeoutSeconds; the time budget sets it on AWS (infra/lib/time-budget.ts)`);
  for (const [name, seconds] of Object.entries(timeouts)) {
    if (!(name in states)) continue;
    if (states[name].Type !== 'Task') throw new TimeBudgetError(`${workflow}: ${name} is not a Task state of its definition (infra/lib/time-budget.ts)`);
    states[name] = { ...states[name], TimeoutSeconds: seconds };
  }
  return { ...definition, TimeoutSeconds: BUDGET_SECONDS, States: states };
}

/**
 * A Task's worst case: every attempt runs to its TimeoutSeconds and fails with a retried error, and
 * every retry waits its longest interval (full jitter waits at most that): T × (1 + MaxAttempts) +
 * Σ min(IntervalSeconds × BackoffRate^i, MaxDelaySeconds) (Step Functions developer guide, "Handling
 * errors in Step Functions workflows", Retry fields; defaults 1 s, 2.0, 3 attempts).
 */
export function taskWorstCase(name: string, state: State): number {
  if (state.TimeoutSeconds === undefined) throw new TimeBudgetError(`Task ${name} has no TimeoutSeconds: its worst case is unbounded`);
  const retries = (state.Retry ?? []).map((r) => {
    const attempts = r.MaxAttempts ?? 3;
    let delays = 0;
    for (let i = 0; i < attempts; i++) {
      const delay = (r.IntervalSeconds ?? 1) * (r.BackoffRate ?? 2) ** i;
      delays += r.MaxDelaySeconds === undefined ? delay : Math.min(delay, r.MaxDelaySeconds);
    }
    return state.TimeoutSeconds! * attempts + delays;
  });
  return state.TimeoutSeconds + Math.max(0, ...retries);
}

/** The longest path from StartAt to an end, in worst-case seconds, and its states. */
export function longestPath(definition: Definition): { readonly seconds: number; readonly states: readonly string[] } {
  const memo = new Map<string, { seconds: number; states: string[] }>();
  const visit = (name: string, stack: Set<string>): { seconds: number; states: string[] } => {
    const known = memo.get(name);
    if (known) return known;
    if (stack.has(name)) throw new TimeBudgetError(`the definition loops through ${name}: no bound`);
    const state = definition.States[name];
    if (!state) throw new TimeBudgetError(`state ${name} does not exist`);
    const own = state.Type === 'Task' ? taskWorstCase(name, state) : state.Type === 'Wait' ? state.Seconds ?? 0 : 0;
    const next = [state.Next, state.Default, ...(state.Catch ?? []).map((c) => c.Next), ...(state.Choices ?? []).map((c) => c.Next)]
      .filter((n): n is string => n !== undefined);
    stack.add(name);
    const tails = next.map((n) => visit(n, stack));
    stack.delete(name);
    const longest = tails.reduce<{ seconds: number; states: string[] } | undefined>((a, b) => (a === undefined || b.seconds > a.seconds ? b : a), undefined)
      ?? { seconds: 0, states: [] };
    const result = { seconds: own + longest.seconds, states: [name, ...longest.states] };
    memo.set(name, result);
    return result;
  };
  return visit(definition.StartAt, new Set());
}
