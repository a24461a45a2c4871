// The parts of dynalite (Apache-2.0) that the local endpoint builds on: its LevelDB store, its
// request validations and its single-table actions, called in-process (no HTTP hop). dynalite
// lacks transactions and TTL; those live beside this file and reuse its condition evaluator.
import { existsSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { keepExpressionParses } from './expression-cache.ts';
import { Journal, type JournaledLevel } from './journal.ts';
import type { AttributeMap, DynamoDBError } from './errors.ts';

const require = createRequire(import.meta.url);

export interface KeySchemaElement { AttributeName: string; KeyType: 'HASH' | 'RANGE' }
export interface TableDescription {
  TableName: string;
  TableStatus: string;
  KeySchema: KeySchemaElement[];
  AttributeDefinitions: { AttributeName: string; AttributeType: string }[];
  [key: string]: unknown;
}

type Callback<T> = (err: (Error & Partial<DynamoDBError>) | null | undefined, value?: T) => void;

interface ItemDb {
  get(key: string, cb: Callback<AttributeMap>): void;
}

interface TableDb {
  /** What dynalite writes into TableArn (it reads them from the environment; the engine sets them). */
  awsRegion: string;
  awsAccountId: string;
  put(key: string, value: unknown, cb?: (err?: Error) => void): unknown;
  del(key: string, cb?: (err?: Error) => void): unknown;
}

export interface DynaliteStore {
  options: { maxItemSize: number };
  /** Set when the store is journalled to a directory (see openStore). */
  journal?: Journal;
  tableDb: TableDb;
  getTable(name: string, checkStatus: boolean | Callback<TableDescription>, cb?: Callback<TableDescription>): void;
  getItemDb(name: string): ItemDb;
  lifecycleManager?: { gracefulClose(cb: (err?: Error) => void): void };
  db: JournaledLevel & { open(): Promise<void>; close(cb: (err?: Error) => void): void };
}

interface Validation {
  types: Record<string, unknown>;
  custom?: (data: Record<string, unknown>, store: DynaliteStore) => string | undefined;
}

type Action = (store: DynaliteStore, data: Record<string, unknown>, cb: Callback<Record<string, unknown>>) => void;

const dbModule = require('dynalite/db') as {
  create(options: Record<string, unknown>): DynaliteStore;
  createKey(item: AttributeMap, table: TableDescription): string;
  checkConditional(data: Record<string, unknown>, existing: AttributeMap | undefined): (Error & DynamoDBError) | null | undefined;
  validateKey(key: AttributeMap, table: TableDescription): (Error & DynamoDBError) | null | undefined;
};
const validations = require('dynalite/validations') as {
  checkTypes(data: unknown, types: Record<string, unknown>): Record<string, unknown>;
  checkValidations(data: Record<string, unknown>, types: Record<string, unknown>, custom: Validation['custom'], store: DynaliteStore): void;
  toLowerFirst(name: string): string;
};

keepExpressionParses();

/** The operations dynalite implements itself, validated and executed by it. */
export const dynaliteOperations = [
  'BatchGetItem', 'BatchWriteItem', 'CreateTable', 'DeleteItem', 'DeleteTable', 'DescribeTable', 'GetItem',
  'ListTables', 'PutItem', 'Query', 'Scan', 'TagResource', 'UntagResource', 'ListTagsOfResource', 'UpdateItem',
  'UpdateTable',
] as const;
export type DynaliteOperation = (typeof dynaliteOperations)[number];

const actions = new Map<string, Action>();
const actionValidations = new Map<string, Validation>();
for (const operation of dynaliteOperations) {
  const name = validations.toLowerFirst(operation);
  actions.set(operation, require(`dynalite/actions/${name}`) as Action);
  actionValidations.set(operation, require(`dynalite/validations/${name}`) as Validation);
}

// Tables become ACTIVE at once: the platform creates them at start and uses them immediately.
const storeOptions = { createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 };

export interface StoreLocation {
  /** The journal's directory (journal.ts); omitted: memory only. */
  readonly dir?: string;
  /** A LevelDB store of an earlier version, copied into a new journal once and then set aside. */
  readonly legacyLevelDb?: string;
}

/** dynalite's in-memory store, journalled to `dir` so it survives restarts and kill -9. */
export async function openStore(location: StoreLocation = {}): Promise<DynaliteStore> {
  const store = dbModule.create({ ...storeOptions });
  cacheTableDescriptions(store);
  if (location.dir) {
    await store.db.open();
    const legacy = location.legacyLevelDb;
    store.journal = await Journal.open(location.dir, store.db, {
      seed: legacy && existsSync(path.join(legacy, 'CURRENT')) ? () => readLegacyLevelDb(legacy) : undefined,
    });
    // Set aside only once its data is in a snapshot: a start cut short before that copies it again.
    if (legacy && existsSync(path.join(legacy, 'CURRENT'))) renameSync(legacy, `${legacy}.migrated`);
  }
  return store;
}

/** Every entry of an earlier version's LevelDB store. */
async function readLegacyLevelDb(dir: string): Promise<{ type: 'put'; key: Uint8Array; value: Uint8Array }[]> {
  const old = dbModule.create({ path: dir, ...storeOptions });
  const entries: { type: 'put'; key: Uint8Array; value: Uint8Array }[] = [];
  for await (const [key, value] of old.db.iterator({ keyEncoding: 'buffer', valueEncoding: 'buffer' })) entries.push({ type: 'put', key, value });
  await closeStore(old);
  return entries;
}

/**
 * dynalite reads a table's description from LevelDB on every request (and the engine asks once more
 * for the key schema), each an asynchronous LevelDB read on the thread pool. A description changes
 * only through the table sublevel's put and del (CreateTable, UpdateTable, DeleteTable), so ACTIVE
 * descriptions are kept in memory and dropped whenever one is written. A read that overlaps a write
 * is not kept (the generation moves at the write's start and end), so a stale description never is.
 * Data-plane actions (which never change the description) share the kept object; management actions
 * (`checkStatus` false: DescribeTable, UpdateTable, DeleteTable, which may change it before writing
 * it back) get their own copy.
 */
const keptTables = new WeakMap<DynaliteStore, Map<string, TableDescription>>();

function cacheTableDescriptions(store: DynaliteStore): void {
  const cache = new Map<string, TableDescription>();
  keptTables.set(store, cache);
  let generation = 0;
  const forget = (key: string) => {
    cache.delete(key);
    generation += 1;
  };
  const { tableDb } = store;
  const put = tableDb.put.bind(tableDb);
  const del = tableDb.del.bind(tableDb);
  tableDb.put = (key, value, cb) => {
    forget(key);
    return put(key, value, (err) => { forget(key); cb?.(err); });
  };
  tableDb.del = (key, cb) => {
    forget(key);
    return del(key, (err) => { forget(key); cb?.(err); });
  };
  const read = store.getTable.bind(store);
  store.getTable = (name, checkStatusOrCb, maybeCb) => {
    const cb = (typeof checkStatusOrCb === 'function' ? checkStatusOrCb : maybeCb)!;
    const dataPlane = checkStatusOrCb !== false;
    const kept = cache.get(name);
    if (kept) {
      queueMicrotask(() => cb(null, dataPlane ? kept : structuredClone(kept)));
      return;
    }
    const startedAt = generation;
    read(name, dataPlane, (err, table) => {
      if (!err && table?.TableStatus === 'ACTIVE' && startedAt === generation) cache.set(name, structuredClone(table));
      cb(err, table);
    });
  };
}

/** Type-checks and validates a request the way dynalite (after AWS) does; returns the parsed request. */
export function validate(store: DynaliteStore, operation: DynaliteOperation, request: unknown): Record<string, unknown> {
  const validation = actionValidations.get(operation)!;
  const data = validations.checkTypes(request, validation.types);
  validations.checkValidations(data, validation.types, validation.custom, store);
  return data;
}

/** Runs a validated request through dynalite's action. */
export function runAction(store: DynaliteStore, operation: DynaliteOperation, data: Record<string, unknown>): Promise<Record<string, unknown>> {
  const action = actions.get(operation)!;
  return new Promise((resolve, reject) => {
    action(store, data, (err, result) => (err ? reject(err) : resolve(result ?? {})));
  });
}

/** A table's description (the engine only reads it: the kept one is shared). */
export function getTable(store: DynaliteStore, name: string): Promise<TableDescription> {
  const kept = keptTables.get(store)?.get(name);
  if (kept) return Promise.resolve(kept);
  return new Promise((resolve, reject) => {
    store.getTable(name, false, (err, table) => (err ? reject(err) : resolve(table!)));
  });
}

/** Reads an item's stored image directly (no capacity accounting, no projection). */
export function readItem(store: DynaliteStore, table: TableDescription, key: AttributeMap): Promise<AttributeMap | undefined> {
  const storeKey = dbModule.createKey(key, table);
  return new Promise((resolve, reject) => {
    store.getItemDb(table.TableName).get(storeKey, (err, item) => {
      if (err && err.name !== 'NotFoundError') reject(err);
      else resolve(err ? undefined : item);
    });
  });
}

/** dynalite's own condition evaluator, on a request parsed by `validate`. */
export function checkConditional(data: Record<string, unknown>, existing: AttributeMap | undefined): (Error & DynamoDBError) | null | undefined {
  return dbModule.checkConditional(data, existing);
}

export function validateKey(key: AttributeMap, table: TableDescription): (Error & DynamoDBError) | null | undefined {
  return dbModule.validateKey(key, table);
}

export async function closeStore(store: DynaliteStore): Promise<void> {
  await store.journal?.close();
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => (err ? reject(err) : resolve());
    if (store.lifecycleManager) store.lifecycleManager.gracefulClose(done);
    else store.db.close(done);
  });
}
