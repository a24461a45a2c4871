// Retry and Catch (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html).
// The first retrier or catcher whose ErrorEquals matches is the one that applies. States.ALL
// matches every error but States.Runtime and States.DataLimitExceeded (which can never be retried
// or caught); States.TaskFailed matches the same set except States.Timeout.
import type { Clock } from './clock.ts';

export interface Retrier {
  readonly ErrorEquals: readonly string[];
  readonly IntervalSeconds?: number;
  readonly MaxAttempts?: number;
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
  readonly JitterStrategy?: 'FULL' | 'NONE';
}

export interface Catcher {
  readonly ErrorEquals: readonly string[];
  readonly Next: string;
  readonly ResultPath?: string | null;
  readonly Output?: unknown;
  readonly Assign?: unknown;
}

const TERMINAL = new Set(['States.Runtime', 'States.DataLimitExceeded']);

export function errorMatches(patterns: readonly string[], error: string): boolean {
  if (TERMINAL.has(error)) return false;
  return patterns.some((p) => p === error || p === 'States.ALL' || (p === 'States.TaskFailed' && error !== 'States.Timeout'));
}

export function findRetrier(retriers: readonly Retrier[] | undefined, error: string): number {
  return (retriers ?? []).findIndex((r) => errorMatches(r.ErrorEquals, error));
}

export function findCatcher(catchers: readonly Catcher[] | undefined, error: string): Catcher | undefined {
  return (catchers ?? []).find((c) => errorMatches(c.ErrorEquals, error));
}

/** Delay before retry number `attempt` (1-based), in engine milliseconds. */
export function retryDelay(retrier: Retrier, attempt: number, clock: Clock, random: () => number = Math.random): number {
  const interval = retrier.IntervalSeconds ?? 1;
  const rate = retrier.BackoffRate ?? 2;
  let seconds = interval * rate ** (attempt - 1);
  if (retrier.MaxDelaySeconds !== undefined) seconds = Math.min(seconds, retrier.MaxDelaySeconds);
  if (retrier.JitterStrategy === 'FULL') seconds = random() * seconds;
  return clock.duration(seconds);
}
