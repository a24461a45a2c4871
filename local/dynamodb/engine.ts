// The local DynamoDB engine: dynalite's actions behind per-item locks, plus what dynalite lacks
// (transactions, TTL) and a change feed of every committed write.
import { ChangeFeed } from './change-feed.ts';
import { describeContinuousBackups, updateContinuousBackups } from './continuous-backups.ts';
import {
  closeStore, openStore, dynaliteOperations, getTable, readItem, runAction, validate,
  type DynaliteOperation, type DynaliteStore, type TableDescription,
} from './dynalite.ts';
import { errors, errorName, isDynamoDBError, type AttributeMap } from './errors.ts';
import { ItemLocks } from './item-locks.ts';
import { batchExecuteStatement, executeStatement, executeTransaction } from './partiql/statements.ts';
import { transactGetItems } from './transact-get.ts';
import { resolveTableArns, type TableArnScope } from './table-arn.ts';
import { createTable, deleteTable, describeContributorInsights, describeTable, updateTable } from './table-management.ts';
import { TransactionTokens, transactWriteItems } from './transact-write.ts';
import { TtlSettings } from './ttl-settings.ts';
import { UsageCounter } from './usage.ts';

export type Request = Record<string, unknown>;
export type Response = Record<string, unknown>;

export interface EngineOptions {
  /** Journal directory (journal.ts); omitted: in memory. */
  readonly path?: string;
  /** The LevelDB store of an earlier version, migrated into the journal on first open. */
  readonly legacyLevelDbPath?: string;
  /** Where TTL settings are kept; omitted: in memory. */
  readonly ttlSettingsFile?: string;
  readonly region: string;
}

const passThrough = new Set<string>(dynaliteOperations);

export class DynamoDBEngine {
  readonly store: DynaliteStore;
  readonly locks = new ItemLocks();
  readonly changeFeed: ChangeFeed;
  readonly ttl: TtlSettings;
  /** Reads and writes per table, as DynamoDB bills them (usage.ts). */
  readonly usage = new UsageCounter();
  private readonly tokens = new TransactionTokens();
  private readonly arnScope: TableArnScope;

  private constructor(store: DynaliteStore, options: EngineOptions) {
    this.store = store;
    // Tables' ARNs name the endpoint's region (dynalite would read AWS_REGION from the environment).
    store.tableDb.awsRegion = options.region;
    this.arnScope = { region: options.region, accountId: store.tableDb.awsAccountId };
    this.changeFeed = new ChangeFeed(options.region);
    this.ttl = new TtlSettings(options.ttlSettingsFile);
  }

  /** An engine over its store, loaded from the journal (and an earlier LevelDB store, once). */
  static async open(options: EngineOptions): Promise<DynamoDBEngine> {
    return new DynamoDBEngine(await openStore({ dir: options.path, legacyLevelDb: options.legacyLevelDbPath }), options);
  }

  /** The DynamoDB API operations `execute` serves. */
  operations(): string[] {
    return [...new Set([...dynaliteOperations, 'TransactWriteItems', 'TransactGetItems', 'UpdateTimeToLive', 'DescribeTimeToLive',
      'ExecuteStatement', 'BatchExecuteStatement', 'ExecuteTransaction', 'DescribeContributorInsights',
      'UpdateContinuousBackups', 'DescribeContinuousBackups'])];
  }

  /** Executes one DynamoDB API operation; rejects with a DynamoDBError shaped as AWS answers. */
  async execute(operation: string, request: Request): Promise<Response> {
    let response: Response | undefined;
    let named = request;
    try {
      const resolved = resolveTableArns(request, this.arnScope);
      named = resolved.request;
      response = await this.dispatch(operation, named);
      return resolved.answer(response);
    } finally {
      this.usage.record(operation, named, response);
    }
  }

  private async dispatch(operation: string, request: Request): Promise<Response> {
    switch (operation) {
      case 'GetItem': return this.getItem(request);
      case 'PutItem': return this.writeItem('PutItem', request, 'Item');
      case 'UpdateItem': return this.writeItem('UpdateItem', request, 'Key');
      case 'DeleteItem': return this.writeItem('DeleteItem', request, 'Key');
      case 'BatchWriteItem': return this.batchWriteItem(request);
      case 'CreateTable': return createTable(this.store, request);
      case 'DescribeTable': return describeTable(this.store, request);
      case 'UpdateTable': return updateTable(this.store, request);
      case 'DeleteTable': return this.deleteTable(request);
      case 'DescribeContributorInsights': return describeContributorInsights(this.store, request);
      case 'UpdateContinuousBackups': return updateContinuousBackups(this.store, request);
      case 'DescribeContinuousBackups': return describeContinuousBackups(this.store, request);
      case 'TransactWriteItems': return transactWriteItems(this, this.tokens, request);
      case 'TransactGetItems': return transactGetItems(this, request);
      case 'UpdateTimeToLive': return this.ttl.update(await this.table(request.TableName), request);
      case 'DescribeTimeToLive': return this.ttl.describe(await this.table(request.TableName));
      case 'ExecuteStatement': return executeStatement(this, request);
      case 'BatchExecuteStatement': return batchExecuteStatement(this, request);
      case 'ExecuteTransaction': return executeTransaction(this, request);
      default:
        if (!passThrough.has(operation)) throw errors.unknownOperation();
        return runAction(this.store, operation as DynaliteOperation, validate(this.store, operation as DynaliteOperation, request));
    }
  }

  /**
   * The table's description, or ResourceNotFoundException worded as data-plane operations word it
   * ("Requested resource not found"; only the table actions add ": Table: <name> not found").
   */
  async table(name: unknown): Promise<TableDescription> {
    if (typeof name !== 'string' || name === '') {
      throw errors.validation("1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null");
    }
    try {
      return await getTable(this.store, name);
    } catch (err) {
      if (isDynamoDBError(err) && errorName(err) === 'ResourceNotFoundException') throw Object.assign(errors.resourceNotFound(), { cause: err });
      throw err;
    }
  }

  /** The item's key attributes, or undefined when the item lacks one (dynalite then reports it). */
  keyOf(table: TableDescription, item: unknown): AttributeMap | undefined {
    if (item === null || typeof item !== 'object') return undefined;
    const key: AttributeMap = {};
    for (const { AttributeName } of table.KeySchema) {
      const value = (item as AttributeMap)[AttributeName];
      if (value === undefined || value === null || typeof value !== 'object') return undefined;
      key[AttributeName] = value;
    }
    return key;
  }

  lockKey(table: TableDescription, key: AttributeMap): string {
    return `${table.TableName}\u0000${JSON.stringify(table.KeySchema.map(({ AttributeName }) => key[AttributeName]))}`;
  }

  read(table: TableDescription, key: AttributeMap): Promise<AttributeMap | undefined> {
    return readItem(this.store, table, key);
  }

  async close(): Promise<void> {
    await closeStore(this.store);
  }

  private async getItem(request: Request): Promise<Response> {
    const data = validate(this.store, 'GetItem', request);
    const table = await this.table(data.TableName);
    const key = this.keyOf(table, data.Key);
    if (!key) return runAction(this.store, 'GetItem', data);
    const release = await this.locks.acquire([this.lockKey(table, key)]);
    try {
      return await runAction(this.store, 'GetItem', data);
    } finally {
      release();
    }
  }

  /** PutItem, UpdateItem and DeleteItem under the item's lock, feeding the change feed. */
  private async writeItem(operation: 'PutItem' | 'UpdateItem' | 'DeleteItem', request: Request, keySource: 'Item' | 'Key'): Promise<Response> {
    const returnOnFailure = request.ReturnValuesOnConditionCheckFailure;
    const data = validate(this.store, operation, { ...request, ReturnValuesOnConditionCheckFailure: undefined });
    const table = await this.table(data.TableName);
    const key = this.keyOf(table, data[keySource]);
    if (!key) return runAction(this.store, operation, data);
    const release = await this.locks.acquire([this.lockKey(table, key)]);
    try {
      const observe = this.changeFeed.active || returnOnFailure === 'ALL_OLD';
      const oldImage = observe ? await this.read(table, key) : undefined;
      let result: Response;
      try {
        result = await runAction(this.store, operation, data);
      } catch (err) {
        // ReturnValuesOnConditionCheckFailure: the failed item comes back with the exception.
        if (isDynamoDBError(err) && errorName(err) === 'ConditionalCheckFailedException' && returnOnFailure === 'ALL_OLD' && oldImage) {
          err.body.Item = oldImage;
        }
        throw err;
      }
      if (this.changeFeed.active) {
        this.changeFeed.emit(table.TableName, key, oldImage, await this.read(table, key));
      }
      return result;
    } finally {
      release();
    }
  }

  private async batchWriteItem(request: Request): Promise<Response> {
    const data = validate(this.store, 'BatchWriteItem', request);
    const requestItems = data.RequestItems as Record<string, { PutRequest?: { Item: AttributeMap }; DeleteRequest?: { Key: AttributeMap } }[]>;
    const touched: { table: TableDescription; key: AttributeMap }[] = [];
    for (const [tableName, writes] of Object.entries(requestItems)) {
      const table = await this.table(tableName);
      for (const write of writes) {
        const key = this.keyOf(table, write.PutRequest?.Item ?? write.DeleteRequest?.Key);
        if (key) touched.push({ table, key });
      }
    }
    const release = await this.locks.acquire(touched.map(({ table, key }) => this.lockKey(table, key)));
    try {
      const observe = this.changeFeed.active;
      const oldImages = observe ? await Promise.all(touched.map(({ table, key }) => this.read(table, key))) : [];
      const result = await runAction(this.store, 'BatchWriteItem', data);
      if (observe) {
        for (const [i, { table, key }] of touched.entries()) {
          this.changeFeed.emit(table.TableName, key, oldImages[i], await this.read(table, key));
        }
      }
      return result;
    } finally {
      release();
    }
  }

  private async deleteTable(request: Request): Promise<Response> {
    const result = await deleteTable(this.store, request);
    await this.ttl.forget(String(request.TableName));
    return result;
  }
}
