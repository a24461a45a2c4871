// What each table was asked to do, counted per table as DynamoDB bills it: reads and writes per
// item, strongly consistent reads and transactional items apart (they cost twice). A failed
// conditional write is counted: AWS charges a write for it all the same. Counting is a few map
// increments per request; the cost model (`npm run cost:measure`) reads a snapshot of it.

export interface TableUsage {
  /** Read requests (GetItem, Query, Scan, each BatchGetItem table) and the items they read. */
  readCalls: number;
  readItems: number;
  /** Items read with ConsistentRead (a read unit each instead of half of one). */
  consistentReadItems: number;
  /** Items written by PutItem, UpdateItem, DeleteItem and BatchWriteItem. */
  writeItems: number;
  /** Items of TransactWriteItems (condition checks included) and TransactGetItems: two units each. */
  transactionalWriteItems: number;
  transactionalReadItems: number;
  /** Requests per API operation. */
  operations: Record<string, number>;
}

type Request = Record<string, unknown>;
type Response = Record<string, unknown> | undefined;

const empty = (): TableUsage => ({
  readCalls: 0, readItems: 0, consistentReadItems: 0, writeItems: 0, transactionalWriteItems: 0, transactionalReadItems: 0, operations: {},
});

export class UsageCounter {
  private tables = new Map<string, TableUsage>();

  record(operation: string, request: Request, response: Response): void {
    switch (operation) {
      case 'GetItem':
        this.read(request.TableName, operation, 1, request.ConsistentRead === true);
        return;
      case 'Query':
      case 'Scan':
        this.read(request.TableName, operation, Number(response?.ScannedCount ?? response?.Count ?? 0), request.ConsistentRead === true);
        return;
      case 'BatchGetItem':
        for (const [table, items] of Object.entries((response?.Responses ?? {}) as Record<string, unknown[]>)) {
          const keys = (request.RequestItems as Record<string, { ConsistentRead?: boolean }> | undefined)?.[table];
          this.read(table, operation, items.length, keys?.ConsistentRead === true);
        }
        return;
      case 'PutItem':
      case 'UpdateItem':
      case 'DeleteItem':
        this.table(request.TableName, operation).writeItems += 1;
        return;
      case 'BatchWriteItem':
        for (const [table, writes] of Object.entries((request.RequestItems ?? {}) as Record<string, unknown[]>)) {
          this.table(table, operation).writeItems += writes.length;
        }
        return;
      case 'TransactWriteItems':
        for (const item of (request.TransactItems ?? []) as Record<string, { TableName?: unknown }>[]) {
          const action = Object.values(item)[0];
          this.table(action?.TableName, operation).transactionalWriteItems += 1;
        }
        return;
      case 'TransactGetItems':
        for (const item of (request.TransactItems ?? []) as { Get?: { TableName?: unknown } }[]) {
          this.table(item.Get?.TableName, operation).transactionalReadItems += 1;
        }
        return;
      default:
        // Control-plane calls (CreateTable, DescribeTable, ...) are not billed per request.
    }
  }

  /** A copy of the counts so far. */
  snapshot(): Record<string, TableUsage> {
    return structuredClone(Object.fromEntries(this.tables));
  }

  private read(tableName: unknown, operation: string, items: number, consistent: boolean): void {
    const usage = this.table(tableName, operation);
    usage.readCalls += 1;
    usage.readItems += items;
    if (consistent) usage.consistentReadItems += items;
  }

  private table(name: unknown, operation: string): TableUsage {
    const key = typeof name === 'string' ? name : '(none)';
    let usage = this.tables.get(key);
    if (!usage) {
      usage = empty();
      this.tables.set(key, usage);
    }
    usage.operations[operation] = (usage.operations[operation] ?? 0) + 1;
    return usage;
  }
}
