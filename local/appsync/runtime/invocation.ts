// The state of one handler evaluation (a request or response handler run). APPSYNC_JS handlers
// are synchronous, so exactly one invocation is current at a time: util.appendError, console,
// runtime.earlyReturn and extensions.* write into it without threading it through every call.
import type { SubscriptionFilter } from '@aws-appsync/utils';

export interface AppSyncErrorEntry {
  readonly message: string;
  readonly errorType: string | null;
  readonly data: unknown;
  readonly errorInfo: unknown;
}

export type AuthTypeName =
  | 'API Key Authorization'
  | 'User Pool Authorization'
  | 'IAM Authorization'
  | 'Open ID Connect Authorization'
  | 'Lambda Authorization';

export interface Invocation {
  readonly authType: AuthTypeName | null;
  readonly appendedErrors: AppSyncErrorEntry[];
  readonly logs: string[];
  subscriptionFilter: SubscriptionFilter | null;
  invalidationFilter: SubscriptionFilter | null;
  readonly invalidations: Array<{ subscriptionField: string; payload: Record<string, unknown> }>;
  readonly responseHeaders: Record<string, string>;
}

/** Thrown by util.error: the field resolves to null with this error. */
export class ResolverError extends Error {
  readonly entry: AppSyncErrorEntry;
  constructor(entry: AppSyncErrorEntry) {
    super(entry.message);
    this.name = 'ResolverError';
    this.entry = entry;
  }
}

/** Thrown by util.unauthorized: the field fails as a directive refusal does ("Not Authorized to access ..."). */
export class UnauthorizedResolverError extends ResolverError {
  constructor() {
    super({ message: 'Unauthorized', errorType: 'Unauthorized', data: null, errorInfo: null });
    this.name = 'UnauthorizedResolverError';
  }
}

/** Thrown by runtime.earlyReturn; caught by the pipeline, never seen by the client. */
export class EarlyReturn extends Error {
  readonly value: unknown;
  readonly skipTo: 'END' | 'NEXT' | null;
  constructor(value: unknown, skipTo: 'END' | 'NEXT' | null) {
    super('earlyReturn');
    this.value = value;
    this.skipTo = skipTo;
  }
}

let current: Invocation | null = null;

export function newInvocation(authType: AuthTypeName | null): Invocation {
  return { authType, appendedErrors: [], logs: [], subscriptionFilter: null, invalidationFilter: null, invalidations: [], responseHeaders: {} };
}

/** Runs `fn` with `invocation` current; restores the previous one (handlers never nest, but be safe). */
export function withInvocation<T>(invocation: Invocation, fn: () => T): T {
  const previous = current;
  current = invocation;
  try {
    return fn();
  } finally {
    current = previous;
  }
}

export function currentInvocation(): Invocation {
  if (current === null) throw new Error('APPSYNC_JS runtime used outside a handler evaluation');
  return current;
}
