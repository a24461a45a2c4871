// Declares a local region lost (issue 16, API.md §8): starts the Evacuation runbook in a surviving
// region's Step Functions, as an operator (or an alarm) does on AWS, and waits for it. Used by
// `npm run region -- evacuate <name>` and by the front door's /_drill/region/<name>/evacuate.
import { runRunbook, type RegionEndpoints } from './runbook.ts';

export type SurvivorEndpoints = RegionEndpoints;

export interface Evacuation {
  readonly lostRegion: string;
  readonly survivor: string;
  readonly executionArn: string;
  readonly status: string;
  readonly error?: string;
  readonly cause?: string;
}

export class EvacuationError extends Error {
  override readonly name = 'EvacuationError';
}

/** Runs the runbook in `survivor` and resolves when it has finished (or `timeoutMs` passed). */
export async function evacuate(lostRegion: string, survivor: SurvivorEndpoints, timeoutMs = 120_000): Promise<Evacuation> {
  if (lostRegion === survivor.region) throw new EvacuationError(`${lostRegion} cannot evacuate itself; name a surviving region`);
  const { executionArn, status, error, cause } = await runRunbook('Evacuation', `evacuate-${lostRegion}-${Date.now()}`, { lostRegion }, survivor, timeoutMs);
  return { lostRegion, survivor: survivor.region, executionArn, status, error, cause };
}
