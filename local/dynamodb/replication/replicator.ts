// Global tables with multi-Region eventual consistency, between local regions' DynamoDB stores, as
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html
// describes them: every write to a replicated table (deletes and TTL expiries too) is sent to every
// other replica asynchronously, item by item (a transaction's items travel separately), about a
// second later (the lag is configurable); a replica applies a change only if it is the later write
// of that item (last writer wins by write time); and what a replica applies from a peer is not sent
// on, so nothing bounces back. Fed by the store's change feed (change-feed.ts).
import { runAction, validate } from '../dynalite.ts';
import type { ChangeRecord } from '../change-feed.ts';
import type { DynamoDBEngine } from '../engine.ts';
import type { ReplicatedChange } from './change.ts';
import { isLater, ItemClocks } from './item-clocks.ts';
import { LagStats, type LagSummary } from './lag-stats.ts';
import { Outbox, type OutboxState } from './outbox.ts';

export interface ReplicationOptions {
  /** Every other replica's DynamoDB endpoint, by region. */
  readonly peers: Readonly<Record<string, string>>;
  /** The tables that are global tables (the others stay regional). */
  readonly tables: readonly string[];
  /** How long a change waits before it is sent (AWS: typically within a second). */
  readonly lagMs: number;
}

export interface ReplicationState {
  readonly region: string;
  readonly lagMs: number;
  /** What this replica still owes each peer. */
  readonly outgoing: Readonly<Record<string, OutboxState>>;
  /** What this replica applied from each peer, the changes that lost to a later write, and the lag measured. */
  readonly incoming: Readonly<Record<string, { readonly applied: number; readonly superseded: number; readonly lag: LagSummary }>>;
}

interface Incoming { applied: number; superseded: number; readonly lag: LagStats }

export class Replicator {
  private readonly clocks = new ItemClocks();
  private readonly outboxes: Map<string, Outbox>;
  private readonly incoming = new Map<string, Incoming>();
  private readonly tables: Set<string>;
  private readonly unsubscribe: () => void;
  private readonly timer: NodeJS.Timeout;

  private readonly engine: DynamoDBEngine;
  private readonly region: string;
  private readonly options: ReplicationOptions;

  constructor(engine: DynamoDBEngine, region: string, options: ReplicationOptions) {
    this.engine = engine;
    this.region = region;
    this.options = options;
    this.tables = new Set(options.tables);
    this.outboxes = new Map(Object.entries(options.peers).map(([peer, endpoint]) => [peer, new Outbox(peer, endpoint, options.lagMs)]));
    this.unsubscribe = engine.changeFeed.subscribe((record, source) => {
      if (source.replicatedFrom === undefined) this.written(record);
    });
    this.timer = setInterval(() => {
      for (const outbox of this.outboxes.values()) void outbox.flush();
    }, Math.max(10, Math.min(100, options.lagMs / 4)));
  }

  /** A local write (called under the item's lock, right after it committed): stamped and queued. */
  private written(record: ChangeRecord): void {
    if (!this.tables.has(record.tableName)) return;
    const clock = { at: Date.now(), region: this.region };
    this.clocks.set(this.itemKey(record.tableName, record.dynamodb.Keys), clock);
    const change: ReplicatedChange = {
      table: record.tableName, keys: record.dynamodb.Keys, clock,
      ...(record.dynamodb.NewImage && { newImage: record.dynamodb.NewImage }),
    };
    for (const outbox of this.outboxes.values()) outbox.add(change);
  }

  /** Changes from a peer, applied in order, each only if it is the later write of its item. */
  async apply(changes: readonly ReplicatedChange[]): Promise<{ applied: number; superseded: number }> {
    let applied = 0;
    let superseded = 0;
    for (const change of changes) {
      const table = await this.engine.table(change.table);
      const key = this.engine.keyOf(table, change.keys);
      if (key === undefined) throw new TypeError(`a replicated change to ${change.table} lacks its key`);
      const itemKey = this.itemKey(change.table, key);
      const stats = this.incomingFrom(change.clock.region);
      const release = await this.engine.locks.acquire([this.engine.lockKey(table, key)]);
      try {
        if (!isLater(change.clock, this.clocks.get(itemKey))) {
          superseded += 1;
          stats.superseded += 1;
          continue;
        }
        const oldImage = await this.engine.read(table, key);
        if (change.newImage !== undefined) {
          await runAction(this.engine.store, 'PutItem', validate(this.engine.store, 'PutItem', { TableName: change.table, Item: change.newImage }));
        } else {
          await runAction(this.engine.store, 'DeleteItem', validate(this.engine.store, 'DeleteItem', { TableName: change.table, Key: key }));
        }
        this.clocks.set(itemKey, change.clock);
        this.engine.changeFeed.emit(change.table, key, oldImage, change.newImage, false, change.clock.region);
        applied += 1;
        stats.applied += 1;
        stats.lag.record(Date.now() - change.clock.at);
      } finally {
        release();
      }
    }
    return { applied, superseded };
  }

  state(): ReplicationState {
    const now = Date.now();
    return {
      region: this.region, lagMs: this.options.lagMs,
      outgoing: Object.fromEntries([...this.outboxes].map(([peer, outbox]) => [peer, outbox.state(now)])),
      incoming: Object.fromEntries([...this.incoming].map(([peer, { applied, superseded, lag }]) => [peer, { applied, superseded, lag: lag.summary() }])),
    };
  }

  close(): void {
    clearInterval(this.timer);
    this.unsubscribe();
  }

  private incomingFrom(region: string): Incoming {
    let stats = this.incoming.get(region);
    if (stats === undefined) {
      stats = { applied: 0, superseded: 0, lag: new LagStats() };
      this.incoming.set(region, stats);
    }
    return stats;
  }

  private itemKey(tableName: string, keys: Record<string, unknown>): string {
    return `${tableName}\u0000${JSON.stringify(Object.keys(keys).sort().map((name) => keys[name]))}`;
  }
}
