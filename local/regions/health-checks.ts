// Endpoint health as Route 53 health checks decide it
// (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html):
// an HTTP check every `intervalMs` (Route 53: 30 s, or 10 s "fast"); a check passes when the TCP
// connection opens within 4 s and a 2xx or 3xx status arrives within 2 s after it; the status
// changes only after `failureThreshold` consecutive checks (default 3) say otherwise, in either
// direction; a new check counts as healthy until it has enough data.
import http from 'node:http';

export interface HealthCheckOptions {
  readonly intervalMs?: number;
  readonly failureThreshold?: number;
}

export interface EndpointHealth {
  readonly healthy: boolean;
  /** Consecutive checks that disagree with the current status. */
  readonly streak: number;
  readonly lastCheckedAt?: number;
  readonly changedAt?: number;
}

const CONNECT_MS = 4000;
const ANSWER_MS = 2000;

/** One HTTP health check: true when the endpoint answers 2xx or 3xx in time. */
export function checkOnce(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false }, (response) => {
      clearTimeout(answerTimer);
      response.resume();
      resolve(response.statusCode !== undefined && response.statusCode >= 200 && response.statusCode < 400);
    });
    let answerTimer: NodeJS.Timeout | undefined;
    const connectTimer = setTimeout(() => request.destroy(new Error('connect timeout')), CONNECT_MS);
    request.on('socket', (socket) => socket.once('connect', () => {
      clearTimeout(connectTimer);
      answerTimer = setTimeout(() => request.destroy(new Error('answer timeout')), ANSWER_MS);
    }));
    request.on('error', () => {
      clearTimeout(connectTimer);
      clearTimeout(answerTimer);
      resolve(false);
    });
  });
}

export class HealthChecks {
  private readonly state = new Map<string, { healthy: boolean; streak: number; lastCheckedAt?: number; changedAt?: number }>();
  private readonly timer: NodeJS.Timeout;
  private readonly threshold: number;
  readonly intervalMs: number;

  private readonly targets: Readonly<Record<string, string>>;

  /** `targets`: the URL checked for each name. */
  constructor(targets: Readonly<Record<string, string>>, options: HealthCheckOptions = {}) {
    this.targets = targets;
    this.intervalMs = options.intervalMs ?? 30_000;
    this.threshold = options.failureThreshold ?? 3;
    if (!(this.threshold >= 1 && this.threshold <= 10)) throw new RangeError('the failure threshold is 1 to 10, as Route 53 allows');
    for (const name of Object.keys(targets)) this.state.set(name, { healthy: true, streak: 0 });
    this.timer = setInterval(() => void this.checkAll(), this.intervalMs);
    this.timer.unref();
  }

  isHealthy(name: string): boolean {
    return this.state.get(name)?.healthy ?? false;
  }

  status(): Record<string, EndpointHealth> {
    return Object.fromEntries([...this.state].map(([name, s]) => [name, { ...s }]));
  }

  /** Runs one round of checks now (every interval runs one). */
  async checkAll(): Promise<void> {
    await Promise.all(Object.entries(this.targets).map(async ([name, url]) => {
      const passed = await checkOnce(url);
      const s = this.state.get(name)!;
      s.lastCheckedAt = Date.now();
      s.streak = passed === s.healthy ? 0 : s.streak + 1;
      if (s.streak >= this.threshold) {
        s.healthy = passed;
        s.streak = 0;
        s.changedAt = Date.now();
      }
    }));
  }

  close(): void {
    clearInterval(this.timer);
  }
}
