// What the local Stripe holds, durable under `<dataDir>/stripe/`: an append-only journal, one JSON
// line per committed request (its objects and its idempotency record together), fsynced before the
// request is answered, so an answer the caller saw survives a kill -9. Opening replays the journal
// (a torn last line is a request that was never answered and is dropped), then rewrites it compactly
// without idempotency keys past Stripe's 24 hours.
import { mkdirSync } from 'node:fs';
import { open, readFile, rename, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { lockDataDir, type DataDirLock } from '../data-dir-lock.ts';
import type { Charge, PaymentIntent, Refund, StoredPaymentMethod } from './objects.ts';

/** A saved response for an idempotency key (https://docs.stripe.com/api/idempotent_requests). */
export interface IdempotencyRecord {
  readonly key: string;
  readonly method: string;
  readonly path: string;
  /** The request's parameters, canonical, to refuse a reuse with different ones. */
  readonly params: string;
  readonly status: number;
  readonly body: string;
  readonly requestId: string;
  /** Milliseconds since the epoch. */
  readonly created: number;
}

export interface Change {
  readonly intents?: readonly PaymentIntent[];
  readonly charges?: readonly Charge[];
  readonly refunds?: readonly Refund[];
  readonly paymentMethods?: readonly StoredPaymentMethod[];
  readonly idempotency?: IdempotencyRecord;
}

/** Stripe prunes keys once they are at least 24 hours old. */
export const idempotencyKeyLifetimeMs = 24 * 60 * 60 * 1000;

export class StripeStore {
  readonly intents = new Map<string, PaymentIntent>();
  readonly charges = new Map<string, Charge>();
  readonly refunds = new Map<string, Refund>();
  readonly paymentMethods = new Map<string, StoredPaymentMethod>();
  readonly #idempotency = new Map<string, IdempotencyRecord>();
  #file: FileHandle | undefined;
  /** Lines committed but not yet written, each with its waiting request. */
  #pending: { readonly line: string; readonly done: (err?: Error) => void }[] = [];
  #flushing: Promise<void> | undefined;
  /** A failed write: memory may be ahead of the disk, so nothing more is answered until a restart replays it. */
  #failed: Error | undefined;
  readonly #journal: string;
  /** One process at a time appends to the journal (a standalone server and a platform on one data dir). */
  readonly #lock: DataDirLock;

  private constructor(journal: string, lock: DataDirLock) {
    this.#journal = journal;
    this.#lock = lock;
  }

  static async open(dataDir: string): Promise<StripeStore> {
    const dir = path.join(dataDir, 'stripe');
    mkdirSync(dir, { recursive: true });
    const store = new StripeStore(path.join(dir, 'journal.jsonl'), lockDataDir(dir));
    try {
      await store.#replay();
      await store.#compact();
      store.#file = await open(store.#journal, 'a');
    } catch (err) {
      store.#lock.release();
      throw err;
    }
    return store;
  }

  async #replay(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.#journal, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    const lines = text.split('\n');
    // The last element is '' after a complete final line; anything else there is a torn write.
    const complete = lines.slice(0, -1);
    complete.forEach((line, index) => {
      let change: Change;
      try {
        change = JSON.parse(line) as Change;
      } catch (err) {
        throw new Error(`${this.#journal} line ${index + 1} is not JSON; the local Stripe data is damaged`, { cause: err });
      }
      this.#apply(change);
    });
  }

  async #compact(): Promise<void> {
    const now = Date.now();
    const lines: string[] = [];
    for (const paymentMethod of this.paymentMethods.values()) lines.push(JSON.stringify({ paymentMethods: [paymentMethod] }));
    for (const intent of this.intents.values()) lines.push(JSON.stringify({ intents: [intent] }));
    for (const charge of this.charges.values()) lines.push(JSON.stringify({ charges: [charge] }));
    for (const refund of this.refunds.values()) lines.push(JSON.stringify({ refunds: [refund] }));
    for (const record of this.#idempotency.values()) {
      if (now - record.created < idempotencyKeyLifetimeMs) lines.push(JSON.stringify({ idempotency: record }));
      else this.#idempotency.delete(record.key);
    }
    const temporary = `${this.#journal}.tmp`;
    const file = await open(temporary, 'w');
    try {
      await file.writeFile(lines.map((line) => `${line}\n`).join(''));
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, this.#journal);
  }

  #apply(change: Change): void {
    for (const paymentMethod of change.paymentMethods ?? []) this.paymentMethods.set(paymentMethod.object.id, paymentMethod);
    for (const intent of change.intents ?? []) this.intents.set(intent.id, intent);
    for (const charge of change.charges ?? []) this.charges.set(charge.id, charge);
    for (const refund of change.refunds ?? []) this.refunds.set(refund.id, refund);
    if (change.idempotency) this.#idempotency.set(change.idempotency.key, change.idempotency);
  }

  /** A copy of a PaymentIntent to change and commit; the stored one changes only by commit. */
  intent(id: string): PaymentIntent | undefined {
    const intent = this.intents.get(id);
    return intent && structuredClone(intent);
  }

  charge(id: string): Charge | undefined {
    const charge = this.charges.get(id);
    return charge && structuredClone(charge);
  }

  idempotencyRecord(key: string, now = Date.now()): IdempotencyRecord | undefined {
    const record = this.#idempotency.get(key);
    if (record && now - record.created >= idempotencyKeyLifetimeMs) {
      this.#idempotency.delete(key);
      return undefined;
    }
    return record;
  }

  /**
   * Applies a change at once (so later requests see it) and resolves once it is on disk. Lines go
   * out in commit order; those committed while a write is under way go together in the next one
   * (one fsync for the group), so a request that waits for its own line also waits for every
   * earlier one.
   */
  commit(change: Change): Promise<void> {
    if (!this.#file) return Promise.reject(new Error('the local Stripe store is closed'));
    if (this.#failed) return Promise.reject(this.#failed);
    this.#apply(structuredClone(change));
    const line = `${JSON.stringify(change)}\n`;
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ line, done: (err) => (err ? reject(err) : resolve()) });
      this.#flushSoon();
    });
  }

  #flushSoon(): void {
    if (this.#flushing || this.#pending.length === 0) return;
    this.#flushing = this.#flush().finally(() => {
      this.#flushing = undefined;
      this.#flushSoon();
    });
  }

  async #flush(): Promise<void> {
    const batch = this.#pending.splice(0);
    try {
      if (this.#failed || !this.#file) throw this.#failed ?? new Error('the local Stripe store is closed');
      await this.#file.appendFile(batch.map((entry) => entry.line).join(''));
      await this.#file.datasync();
      for (const entry of batch) entry.done();
    } catch (err) {
      this.#failed ??= new Error(`writing ${this.#journal} failed; restart the local Stripe to replay what is on disk`, { cause: err });
      for (const entry of batch) entry.done(this.#failed);
    }
  }

  /** Resolves once every commit made so far is on disk (reads answer nothing that is not). */
  async settled(): Promise<void> {
    while (this.#flushing) await this.#flushing;
    if (this.#failed) throw this.#failed;
  }

  async close(): Promise<void> {
    await this.settled().catch(() => undefined);
    await this.#file?.close();
    this.#file = undefined;
    this.#lock.release();
  }
}
