// The local twin of the EventBridge schedule that runs SweepReservations every minute on AWS
// (infra/regions-construct.ts): a timer that invokes the same task through the in-process Lambda
// runtime, one sweep at a time, with an event id as the schedule would give it.
import { randomUUID } from 'node:crypto';

export interface ReservationSweeper {
  /** Sweeps now (the timer does it every interval); resolves with the task's result. */
  sweep(): Promise<unknown>;
  close(): Promise<void>;
}

export const sweepIntervalMs = 60_000;

export function startReservationSweeper(invoke: (payload: { id: string }) => Promise<unknown>, intervalMs = sweepIntervalMs): ReservationSweeper {
  let running: Promise<unknown> | undefined;
  const sweep = () => {
    running ??= invoke({ id: randomUUID() }).finally(() => { running = undefined; });
    return running;
  };
  const timer = setInterval(() => {
    sweep().catch((error: unknown) => console.error('[sweeper] reservation sweep failed; the next one retries', error));
  }, intervalMs);
  timer.unref();
  return {
    sweep,
    async close() {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
