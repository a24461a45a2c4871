// Client-side regional failover: what the web app does on AWS without a domain of its own (no
// Route 53 latency records in front of the APIs). It knows every region's endpoint (outputs.json
// `regions`), ranks them nearest first (by measured round trip, or as listed), calls the first
// one not marked failed, and on a region failure (no answer, or a 5xx) marks that region failed for
// a cool-down and tries the next. Plain TypeScript, no DOM: the drill's shoppers use it too.

export interface RegionEndpoint {
  readonly region: string;
  readonly graphqlUrl: string;
  readonly realtimeUrl?: string;
  readonly apiKey?: string;
}

export interface FailoverOptions {
  /** How long a failed region is passed over before it is tried again (default 30 s, one Route 53 check). */
  readonly cooldownMs?: number;
  readonly now?: () => number;
}

export class AllRegionsFailed extends Error {
  override readonly name = 'AllRegionsFailed';
}

/** Whether an error means the region itself did not serve (so another region should be tried). */
export function isRegionFailure(error: unknown): boolean {
  const e = error as { name?: string; type?: string; status?: number; cause?: unknown } | undefined;
  if (e?.type === 'NetworkError' || e?.type === 'RegionUnavailable') return true;
  if (typeof e?.status === 'number') return e.status >= 500;
  // fetch's own failure (connection refused, reset, DNS): a TypeError, or an abort on timeout.
  return e?.name === 'TypeError' || e?.name === 'AbortError' || e?.name === 'TimeoutError';
}

export class RegionFailover {
  private readonly endpoints: readonly RegionEndpoint[];
  private readonly failedUntil = new Map<string, number>();
  private readonly cooldownMs: number;
  private readonly now: () => number;

  /** `endpoints`: nearest first. */
  constructor(endpoints: readonly RegionEndpoint[], options: FailoverOptions = {}) {
    if (endpoints.length === 0) throw new RangeError('at least one regional endpoint is needed');
    this.endpoints = endpoints;
    this.cooldownMs = options.cooldownMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  /** outputs.json's `regions`, nearest first: `nearest` leads, then by round trip (ms) when measured, else as listed. */
  static fromRegions(regions: Readonly<Record<string, Omit<RegionEndpoint, 'region'>>>, nearest?: string, roundTrips: Readonly<Record<string, number>> = {}, options?: FailoverOptions): RegionFailover {
    const listed = Object.entries(regions).map(([region, endpoint], index) => ({ endpoint: { region, ...endpoint }, index }));
    const rank = (region: string) => (region === nearest ? -1 : roundTrips[region] ?? Number.MAX_SAFE_INTEGER);
    listed.sort((a, b) => rank(a.endpoint.region) - rank(b.endpoint.region) || a.index - b.index);
    return new RegionFailover(listed.map((l) => l.endpoint), options);
  }

  /** Regions to try, in order: those not failed nearest first, then the failed ones, soonest back first. */
  ordered(): RegionEndpoint[] {
    const now = this.now();
    const failed = (e: RegionEndpoint) => (this.failedUntil.get(e.region) ?? 0) > now;
    return [
      ...this.endpoints.filter((e) => !failed(e)),
      ...this.endpoints.filter(failed).sort((a, b) => this.failedUntil.get(a.region)! - this.failedUntil.get(b.region)!),
    ];
  }

  current(): RegionEndpoint {
    return this.ordered()[0]!;
  }

  markFailed(region: string): void {
    this.failedUntil.set(region, this.now() + this.cooldownMs);
  }

  /**
   * Runs `attempt` against the current region; on a region failure, marks it failed and runs it
   * against the next, until one serves. Other errors (the API's own answers) are thrown at once.
   */
  async call<T>(attempt: (endpoint: RegionEndpoint) => Promise<T>, regionFailure: (error: unknown) => boolean = isRegionFailure): Promise<T> {
    const failures: unknown[] = [];
    for (const endpoint of this.ordered()) {
      try {
        return await attempt(endpoint);
      } catch (error) {
        if (!regionFailure(error)) throw error;
        this.markFailed(endpoint.region);
        failures.push(error);
      }
    }
    throw new AllRegionsFailed(`no region answered (${this.endpoints.map((e) => e.region).join(', ')})`, { cause: failures.at(-1) });
  }
}
