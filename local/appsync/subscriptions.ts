// Active subscriptions and the fan-out of mutation results to them. A subscription receives a
// mutation named in its field's @aws_subscribe when its arguments match the result's fields of
// the same name and its enhanced filter (if set) matches
// (https://docs.aws.amazon.com/appsync/latest/devguide/aws-appsync-real-time-data.html,
//  https://docs.aws.amazon.com/appsync/latest/devguide/aws-appsync-real-time-enhanced-filtering.html).
import type { SubscriptionFilter } from '@aws-appsync/utils';
import type { Caller } from './auth.ts';
import type { Executor, PreparedOperation } from './executor.ts';
import { matchesFilter } from './runtime/subscription-filter.ts';

export interface Subscription {
  readonly fieldName: string;
  readonly args: Record<string, unknown>;
  readonly prepared: PreparedOperation;
  readonly variables: Record<string, unknown>;
  readonly caller: Caller;
  readonly headers: Record<string, unknown>;
  readonly filter: SubscriptionFilter | null;
  readonly invalidationFilter: SubscriptionFilter | null;
  /** Delivers one `data` payload ({ data, errors? }). */
  readonly deliver: (payload: unknown) => void;
  /** Ends the subscription from the server side (invalidation). */
  readonly end: () => void;
}

export class SubscriptionHub {
  private readonly byField = new Map<string, Set<Subscription>>();
  private readonly executor: Executor;
  private readonly subscriptionsByMutation: ReadonlyMap<string, readonly string[]>;

  constructor(executor: Executor, subscriptionsByMutation: ReadonlyMap<string, readonly string[]>) {
    this.executor = executor;
    this.subscriptionsByMutation = subscriptionsByMutation;
  }

  add(sub: Subscription): void {
    let set = this.byField.get(sub.fieldName);
    if (set === undefined) this.byField.set(sub.fieldName, (set = new Set()));
    set.add(sub);
  }

  remove(sub: Subscription): void {
    this.byField.get(sub.fieldName)?.delete(sub);
  }

  get size(): number {
    let n = 0;
    for (const set of this.byField.values()) n += set.size;
    return n;
  }

  /** Sends a mutation's result to every subscription of the fields that subscribe to that mutation. */
  async publish(mutationField: string, value: unknown): Promise<number> {
    let delivered = 0;
    for (const field of this.subscriptionsByMutation.get(mutationField) ?? []) {
      for (const sub of [...(this.byField.get(field) ?? [])]) {
        if (!argumentsMatch(sub.args, value) || (sub.filter !== null && !matchesFilter(sub.filter, value))) continue;
        // One subscriber's failure never reaches the mutation's caller or the other subscribers.
        try {
          const outcome = await this.executor.run(sub.prepared, sub.variables, sub.caller, sub.headers, { kind: 'publish', payload: value });
          sub.deliver(outcome.response);
        } catch (err) {
          sub.deliver({ data: null, errors: [{ errorType: 'InternalFailure', message: (err as Error).message }] });
        }
        delivered++;
      }
    }
    return delivered;
  }

  /** extensions.invalidateSubscriptions: ends the subscriptions whose invalidation filter matches the payload. */
  invalidate(subscriptionField: string, payload: Record<string, unknown>): number {
    let ended = 0;
    for (const sub of [...(this.byField.get(subscriptionField) ?? [])]) {
      if (sub.invalidationFilter === null || !matchesFilter(sub.invalidationFilter, payload)) continue;
      this.remove(sub);
      sub.end();
      ended++;
    }
    return ended;
  }
}

// Subscription arguments act as equality filters on the published object's fields (null or absent: no filter).
function argumentsMatch(args: Record<string, unknown>, value: unknown): boolean {
  if (value === null || typeof value !== 'object') return Object.values(args).every((v) => v === null || v === undefined);
  return Object.entries(args).every(([k, v]) => v === null || v === undefined || (value as Record<string, unknown>)[k] === v);
}
