// Replication lag as a replica measures it: for each change applied, the time from its write in
// the origin region to its apply here. The last 1,000 are kept for percentiles.
export interface LagSummary {
  readonly count: number;
  readonly lastMs?: number;
  readonly p50Ms?: number;
  readonly p99Ms?: number;
  readonly maxMs?: number;
}

export class LagStats {
  private readonly recent: number[] = [];
  private count = 0;
  private max = 0;
  private last?: number;

  record(lagMs: number): void {
    this.count += 1;
    this.last = lagMs;
    this.max = Math.max(this.max, lagMs);
    this.recent.push(lagMs);
    if (this.recent.length > 1000) this.recent.shift();
  }

  summary(): LagSummary {
    if (this.count === 0) return { count: 0 };
    const sorted = [...this.recent].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    return { count: this.count, lastMs: this.last, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: this.max };
  }
}
