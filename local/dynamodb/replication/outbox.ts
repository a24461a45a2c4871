// What one replica still owes one peer: changes in write order, each sent once its replication lag
// has passed, in batches; a peer that does not answer keeps them, and gets them, in order, once it
// is back (global tables resume replication to a Region that recovers). The queue lives in this
// region's process: a region killed loses what it had not yet sent, as a Region lost for good does.
import { signRequest, defaultLocalCredentials } from '../../aws/sigv4.ts';
import type { ReplicatedChange } from './change.ts';

export const REPLICATION_PREFIX = 'LocalGlobalTablesReplication';
export const REPLICATION_TARGET = `${REPLICATION_PREFIX}.ApplyChanges`;
const BATCH = 200;
const RETRY_MS = 500;

export interface OutboxState {
  readonly pending: number;
  /** Age of the oldest change not yet delivered, ms (0 when none). */
  readonly oldestPendingMs: number;
  readonly delivered: number;
  readonly failures: number;
  readonly lastError?: string;
}

export class Outbox {
  private readonly queue: ReplicatedChange[] = [];
  private delivered = 0;
  private failures = 0;
  private lastError?: string;
  private retryAfter = 0;
  private sending = false;

  private readonly peer: string;
  private readonly endpoint: string;
  private readonly lagMs: number;

  constructor(peer: string, endpoint: string, lagMs: number) {
    this.peer = peer;
    this.endpoint = endpoint;
    this.lagMs = lagMs;
  }

  add(change: ReplicatedChange): void {
    this.queue.push(change);
  }

  state(now = Date.now()): OutboxState {
    return {
      pending: this.queue.length, oldestPendingMs: this.queue.length === 0 ? 0 : now - this.queue[0]!.clock.at,
      delivered: this.delivered, failures: this.failures, ...(this.lastError && { lastError: this.lastError }),
    };
  }

  /** Sends what is due; one send at a time, so changes arrive in write order. */
  async flush(now = Date.now()): Promise<void> {
    if (this.sending || now < this.retryAfter) return;
    let due = 0;
    while (due < this.queue.length && due < BATCH && this.queue[due]!.clock.at + this.lagMs <= now) due += 1;
    if (due === 0) return;
    this.sending = true;
    try {
      await this.send(this.queue.slice(0, due));
      this.queue.splice(0, due);
      this.delivered += due;
      this.lastError = undefined;
    } catch (err) {
      this.failures += 1;
      this.lastError = (err as Error).message;
      this.retryAfter = Date.now() + RETRY_MS;
    } finally {
      this.sending = false;
    }
  }

  private async send(changes: readonly ReplicatedChange[]): Promise<void> {
    const url = new URL(this.endpoint);
    const body = JSON.stringify({ changes });
    const signed = await signRequest({
      method: 'POST', protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: '/',
      headers: { host: url.host, 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': REPLICATION_TARGET }, body,
    }, { service: 'dynamodb', region: this.peer, credentials: defaultLocalCredentials });
    const { host: _host, ...headers } = signed.headers;
    const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`${this.peer} answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
    await response.arrayBuffer();
  }
}
