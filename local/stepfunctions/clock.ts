// Time for the engine. `scale` shrinks every duration the definitions ask for (waits, retry
// intervals, timeouts, heartbeats) so tests and drills can run a day-long saga in seconds; 1 in production.
export interface Clock {
  now(): number;
  /** Milliseconds the engine actually waits for `seconds` of definition time. */
  duration(seconds: number): number;
}

export function systemClock(scale = 1): Clock {
  return { now: () => Date.now(), duration: (seconds) => seconds * 1000 * scale };
}

/** Thrown into a branch whose execution (or enclosing Map/Parallel) was stopped. */
export class AbortedError extends Error {
  constructor() {
    super('aborted');
    this.name = 'AbortedError';
  }
}

// Node fires a timer longer than 2^31 - 1 ms (about 24.8 days) at once, so a longer wait sleeps
// in steps (a Wait state may last up to a year).
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Resolve at `at` (epoch ms) unless the signal aborts first. */
export function sleepUntil(at: number, clock: Clock, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new AbortedError());
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortedError());
    };
    const step = () => {
      const left = at - clock.now();
      if (left <= 0) {
        signal.removeEventListener('abort', onAbort);
        resolve();
        return;
      }
      timer = setTimeout(step, Math.min(left, MAX_TIMER_MS));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    step();
  });
}

/** A child signal that aborts with its parent or on its own. */
export function childController(parent: AbortSignal): AbortController {
  const controller = new AbortController();
  if (parent.aborted) controller.abort();
  else parent.addEventListener('abort', () => controller.abort(), { once: true });
  return controller;
}
