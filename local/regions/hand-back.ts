// Declares a lost local region returned (API.md §8): every region that adopted its stock
// allocation rows during an evacuation runs the HandBack runbook (workflows/hand-back.asl.json),
// as an operator does on AWS, and hands the rows back; rows an adopted order still holds stock on
// are kept, for a later run. Used by `npm run region -- return <name>` and by the front door's
// /_drill/region/<name>/return.
import type { HandedBackRow, KeptRow } from '../../tasks/regions/hand-back-stock.ts';
import { runRunbook, type RegionEndpoints } from './runbook.ts';

export interface HandBack {
  readonly returnedRegion: string;
  readonly adopter: string;
  readonly executionArn: string;
  readonly status: string;
  readonly handedBack: readonly HandedBackRow[];
  readonly kept: readonly KeptRow[];
  readonly contested: readonly string[];
  readonly error?: string;
  readonly cause?: string;
}

export class HandBackError extends Error {
  override readonly name = 'HandBackError';
}

/** Runs the HandBack runbook in `adopter` and resolves when it has finished (or `timeoutMs` passed). */
export async function handBack(returnedRegion: string, adopter: RegionEndpoints, timeoutMs = 60_000): Promise<HandBack> {
  if (returnedRegion === adopter.region) throw new HandBackError(`${returnedRegion} cannot hand stock back to itself; name a region that adopted it`);
  const run = await runRunbook('HandBack', `hand-back-${returnedRegion}-${Date.now()}`, { returnedRegion }, adopter, timeoutMs);
  const stock = run.status === 'SUCCEEDED'
    ? (JSON.parse(run.output ?? '{}') as { stock?: Pick<HandBack, 'handedBack' | 'kept' | 'contested'> }).stock
    : undefined;
  return {
    returnedRegion, adopter: adopter.region, executionArn: run.executionArn, status: run.status,
    handedBack: stock?.handedBack ?? [], kept: stock?.kept ?? [], contested: stock?.contested ?? [],
    error: run.error, cause: run.cause,
  };
}

/**
 * The hand-back in every one of `adopters` (a region hands back only the rows it owns, so each may
 * hold some); a region that cannot run it is reported with the reason, and the others still run.
 */
export async function handBackEverywhere(returnedRegion: string, adopters: readonly RegionEndpoints[]): Promise<(HandBack | { readonly adopter: string; readonly failed: string })[]> {
  return Promise.all(adopters.filter((a) => a.region !== returnedRegion).map((adopter) => handBack(returnedRegion, adopter)
    .catch((error: Error) => ({ adopter: adopter.region, failed: error.message }))));
}
