// Time to Live expiry (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TTL.html):
// items whose TTL attribute is a Number (epoch seconds) in the past are deleted in the background,
// with the `dynamodb.amazonaws.com` service principal on their change records, as AWS marks TTL
// deletes. AWS skips items whose expiry is more than five years old; so does this sweeper.
// AWS only promises deletion within days, so the platform's code filters expired items where it reads.
import { runAction, validate } from './dynalite.ts';
import type { DynamoDBEngine } from './engine.ts';
import { errorName, isDynamoDBError, type AttributeMap } from './errors.ts';

const FIVE_YEARS_SECONDS = 5 * 365 * 24 * 60 * 60;

export class TtlSweeper {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  private readonly engine: DynamoDBEngine;
  private readonly intervalMs: number;

  constructor(engine: DynamoDBEngine, intervalMs = 10_000) {
    this.engine = engine;
    this.intervalMs = intervalMs;
  }

  start(): void {
    this.timer = setInterval(() => { void this.sweep().catch((err) => console.error('[dynamodb] TTL sweep failed', err)); }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Deletes every expired item now; returns how many. One sweep runs at a time. */
  sweep(nowMs = Date.now()): Promise<number> {
    this.running ??= this.sweepAll(Math.floor(nowMs / 1000)).finally(() => { this.running = undefined; });
    return this.running;
  }

  private async sweepAll(now: number): Promise<number> {
    let deleted = 0;
    for (const [tableName, attribute] of this.engine.ttl.enabled()) {
      deleted += await this.sweepTable(tableName, attribute, now);
    }
    return deleted;
  }

  private async sweepTable(tableName: string, attribute: string, now: number): Promise<number> {
    const table = await this.engine.table(tableName);
    const expired = {
      ConditionExpression: 'attribute_type(#ttl, :number) AND #ttl < :now AND #ttl >= :oldest',
      ExpressionAttributeNames: { '#ttl': attribute },
      ExpressionAttributeValues: { ':number': { S: 'N' }, ':now': { N: String(now) }, ':oldest': { N: String(now - FIVE_YEARS_SECONDS) } },
    };
    let deleted = 0;
    let startKey: AttributeMap | undefined;
    do {
      const page = await runAction(this.engine.store, 'Scan', validate(this.engine.store, 'Scan', {
        TableName: tableName, FilterExpression: expired.ConditionExpression,
        ExpressionAttributeNames: expired.ExpressionAttributeNames, ExpressionAttributeValues: expired.ExpressionAttributeValues,
        ...(startKey && { ExclusiveStartKey: startKey }),
      }));
      for (const item of page.Items as AttributeMap[]) {
        const key = this.engine.keyOf(table, item)!;
        const release = await this.engine.locks.acquire([this.engine.lockKey(table, key)]);
        try {
          const current = await this.engine.read(table, key);
          // Deleted only if still expired: a write since the scan may have extended it, and that
          // condition failure is the one expected; any other error ends the sweep (start() logs it).
          const data = validate(this.engine.store, 'DeleteItem', { TableName: tableName, Key: key, ...expired });
          const result = await runAction(this.engine.store, 'DeleteItem', data).catch((err: unknown) => {
            if (isDynamoDBError(err) && errorName(err) === 'ConditionalCheckFailedException') return undefined;
            throw err;
          });
          if (result) {
            deleted += 1;
            this.engine.changeFeed.emit(tableName, key, current, undefined, true);
          }
        } finally {
          release();
        }
      }
      startKey = page.LastEvaluatedKey as AttributeMap | undefined;
    } while (startKey);
    return deleted;
  }
}
