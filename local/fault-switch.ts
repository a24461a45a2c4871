// The drill switches of a sandbox provider (API.md §7): an outage under which every call fails, and a
// fault rate under which that share of calls fails, chosen by a seeded generator so that a drill run
// twice with the same seed fails the same calls. One switch per provider (local Stripe, the carrier).
import { seededGenerator } from './seeded-random.ts';

export interface FaultRate {
  /** Share of calls that fail, 0 (off) to 1. */
  readonly failRate: number;
  readonly seed: number;
}

export interface FaultSwitchState {
  readonly outage: boolean;
  readonly faults: FaultRate;
}

/** Why a call is refused: the outage, or the fault rate; `draw` is a second seeded number in [0, 1). */
export type Fault = { readonly reason: 'outage' } | { readonly reason: 'fault'; readonly draw: number };

export class FaultSwitch {
  #outage = false;
  #faults: FaultRate = { failRate: 0, seed: 0 };
  #next: () => number = seededGenerator(0);

  setOutage(on: boolean): void {
    this.#outage = on;
  }

  /** Sets the fault rate and restarts the generator from the seed, so a drill repeats exactly. */
  setFaults(faults: FaultRate): void {
    this.#faults = parseFaultRate(faults);
    this.#next = seededGenerator(this.#faults.seed);
  }

  state(): FaultSwitchState {
    return { outage: this.#outage, faults: this.#faults };
  }

  /** Decides one call: undefined lets it through. Each call under a fault rate draws from the generator. */
  check(): Fault | undefined {
    if (this.#outage) return { reason: 'outage' };
    if (this.#faults.failRate <= 0) return undefined;
    const roll = this.#next();
    const draw = this.#next();
    return roll < this.#faults.failRate ? { reason: 'fault', draw } : undefined;
  }
}

export class FaultSwitchInputError extends Error {
  override readonly name = 'FaultSwitchInputError';
}

/** Checks a fault rate from a drill's request body: `{"failRate": 0..1, "seed": integer}`. */
export function parseFaultRate(input: unknown): FaultRate {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new FaultSwitchInputError('Body must be {"failRate": <0..1>, "seed": <integer>}');
  }
  const { failRate, seed = 0 } = input as { failRate?: unknown; seed?: unknown };
  if (typeof failRate !== 'number' || !Number.isFinite(failRate) || failRate < 0 || failRate > 1) {
    throw new FaultSwitchInputError('failRate must be a number from 0 (off) to 1');
  }
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) throw new FaultSwitchInputError('seed must be an integer');
  return { failRate, seed };
}

/** Checks an outage switch body: `{"on": true|false}`. */
export function parseOutage(input: unknown): boolean {
  const on = typeof input === 'object' && input !== null ? (input as { on?: unknown }).on : undefined;
  if (typeof on !== 'boolean') throw new FaultSwitchInputError('Body must be {"on": true} or {"on": false}');
  return on;
}
