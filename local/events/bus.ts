// The event bus: rules (a pattern and a target each) per bus, PutEvents, and delivery.
// As on EventBridge, PutEvents answers once the events are accepted and targets are invoked
// afterwards, each failed invocation retried with exponential backoff until the retry policy runs
// out ("Event retry policy and using dead-letter queues",
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html); then the failure goes to
// `onDeliveryFailure` (the local dead-letter queue). Each rule's target gets its events one at a
// time, in the order they were put, so a subscriber sees an order's statuses in order.
import { ServiceError } from '../aws/service-error.ts';
import { toEvent } from './event-entry.ts';
import type { BusEvent, EntryResult, PutEventsEntry } from './event-entry.ts';
import { compilePattern } from './pattern.ts';
import type { EventPattern, PatternMatcher } from './pattern.ts';

export type EventTarget = (event: BusEvent) => Promise<void>;

export interface RetryPolicy {
  /** Invocations in all, the first included. */
  readonly attempts: number;
  /** Delay before the first retry; doubled before each further one. */
  readonly baseDelayMs: number;
}

export interface DeliveryFailure {
  readonly rule: string;
  readonly eventBusName: string;
  readonly event: BusEvent;
  readonly attempts: number;
  readonly error: unknown;
}

export interface EventBusConfig {
  readonly region: string;
  readonly accountId: string;
  /** Buses besides `default`. */
  readonly busNames?: readonly string[];
  readonly retry?: RetryPolicy;
  readonly onDeliveryFailure?: (failure: DeliveryFailure) => void;
}

export interface PutEventsInput {
  readonly Entries: readonly PutEventsEntry[];
}

export interface PutEventsResult {
  readonly FailedEntryCount: number;
  readonly Entries: EntryResult[];
}

interface Rule {
  readonly name: string;
  readonly eventBusName: string;
  readonly matches: PatternMatcher;
  readonly target: EventTarget;
  /** The tail of this rule's delivery queue. */
  queue: Promise<void>;
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 200 };
const MAX_ENTRIES = 10;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Member types as the JSON protocol requires; a wrong type is a SerializationException. */
function checkEntries(input: unknown): PutEventsEntry[] {
  const entries = isPlainObject(input) ? input.Entries : undefined;
  if (entries === undefined || entries === null) {
    throw new ServiceError('ValidationException', "1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null");
  }
  if (!Array.isArray(entries)) throw new ServiceError('SerializationException', "Expected a list at 'entries'");
  if (entries.length < 1 || entries.length > MAX_ENTRIES) {
    const bound = entries.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_ENTRIES}`;
    throw new ServiceError('ValidationException', `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length ${bound}`);
  }
  entries.forEach((entry: unknown, i) => {
    const at = `entries.${i + 1}.member`;
    if (!isPlainObject(entry)) throw new ServiceError('SerializationException', `Expected a structure at '${at}'`);
    for (const field of ['Source', 'DetailType', 'EventBusName', 'TraceHeader']) {
      if (entry[field] !== undefined && typeof entry[field] !== 'string') throw new ServiceError('SerializationException', `Expected a string at '${at}.${field}'`);
    }
    if (entry.Detail !== undefined && typeof entry.Detail !== 'string' && !isPlainObject(entry.Detail)) {
      throw new ServiceError('SerializationException', `Expected a string at '${at}.Detail'`);
    }
    if (entry.Time !== undefined && typeof entry.Time !== 'number' && !(entry.Time instanceof Date)) {
      throw new ServiceError('SerializationException', `Expected a timestamp at '${at}.Time'`);
    }
    if (entry.Resources !== undefined && !(Array.isArray(entry.Resources) && entry.Resources.every((r) => typeof r === 'string'))) {
      throw new ServiceError('SerializationException', `Expected a list of strings at '${at}.Resources'`);
    }
  });
  return entries as PutEventsEntry[];
}

export class EventBus {
  readonly #config: EventBusConfig;
  readonly #buses: ReadonlySet<string>;
  readonly #rules = new Map<string, Rule>();
  readonly #pending = new Set<Promise<void>>();
  readonly #stopping = new AbortController();

  constructor(config: EventBusConfig) {
    this.#config = config;
    this.#buses = new Set(['default', ...(config.busNames ?? [])]);
  }

  /** Creates or replaces the rule `name` on a bus (default: `default`); throws InvalidEventPatternException. */
  putRule(name: string, pattern: EventPattern | string, target: EventTarget, options: { eventBusName?: string } = {}): void {
    const eventBusName = options.eventBusName ?? 'default';
    if (!this.#buses.has(eventBusName)) throw new ServiceError('ValidationException', `Event bus ${eventBusName} does not exist.`);
    const key = `${eventBusName}/${name}`;
    const previous = this.#rules.get(key);
    this.#rules.set(key, { name, eventBusName, matches: compilePattern(pattern), target, queue: previous?.queue ?? Promise.resolve() });
  }

  removeRule(name: string, options: { eventBusName?: string } = {}): boolean {
    return this.#rules.delete(`${options.eventBusName ?? 'default'}/${name}`);
  }

  /** Whether `pattern` matches `event` (TestEventPattern). */
  static test(pattern: EventPattern | string, event: unknown): boolean {
    return compilePattern(pattern)(event);
  }

  async putEvents(input: PutEventsInput): Promise<PutEventsResult> {
    const entries = checkEntries(input);
    const context = { account: this.#config.accountId, region: this.#config.region, buses: this.#buses };
    const results = entries.map((entry): EntryResult => {
      const accepted = toEvent(entry, context);
      if (!('event' in accepted)) return accepted;
      for (const rule of this.#rules.values()) {
        if (rule.eventBusName === accepted.bus && rule.matches(accepted.event)) this.#enqueue(rule, accepted.event);
      }
      return { EventId: accepted.event.id };
    });
    return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
  }

  /** Resolves when every accepted event has been delivered or given up on (including events put by targets meanwhile). */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all(this.#pending);
  }

  /** Stops retrying (failures go to onDeliveryFailure) and waits for deliveries under way. */
  async close(): Promise<void> {
    this.#stopping.abort();
    await this.idle();
  }

  #enqueue(rule: Rule, event: BusEvent): void {
    const delivery = rule.queue.then(() => this.#deliver(rule, event));
    rule.queue = delivery;
    this.#pending.add(delivery);
    void delivery.finally(() => this.#pending.delete(delivery));
  }

  async #deliver(rule: Rule, event: BusEvent): Promise<void> {
    const retry = this.#config.retry ?? DEFAULT_RETRY;
    let error: unknown;
    let attempt = 0;
    while (attempt < retry.attempts) {
      if (attempt > 0) {
        if (this.#stopping.signal.aborted) break;
        await this.#sleep(retry.baseDelayMs * 2 ** (attempt - 1));
      }
      attempt++;
      try {
        await rule.target(structuredClone(event));
        return;
      } catch (failure) {
        error = failure;
      }
    }
    const failure: DeliveryFailure = { rule: rule.name, eventBusName: rule.eventBusName, event, attempts: attempt, error };
    try {
      if (!this.#config.onDeliveryFailure) throw error;
      this.#config.onDeliveryFailure(failure);
    } catch (unhandled) {
      console.error(`[events] rule ${rule.name}: event ${event.id} not delivered after ${attempt} attempt(s): ${(unhandled as Error)?.message ?? String(unhandled)}`);
    }
  }

  #sleep(ms: number): Promise<void> {
    const signal = this.#stopping.signal;
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
