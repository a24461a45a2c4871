// The parts of dynalite (Apache-2.0) that the local endpoint builds on: its LevelDB store, its
// request validations and its single-table actions, called in-process (no HTTP hop). dynalite
// lacks transactions and TTL; those live beside this file and reuse its condition evaluator.
import { createRequire } from 'node:module';
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

export interface DynaliteStore {
  options: { maxItemSize: number };
  getTable(name: string, checkStatus: boolean, cb: Callback<TableDescription>): void;
  getItemDb(name: string): ItemDb;
  lifecycleManager?: { gracefulClose(cb: (err?: Error) => void): void };
  db: { close(cb: (err?: Error) => void): void };
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

export function createStore(path: string | undefined): DynaliteStore {
  // Tables become ACTIVE at once: the platform creates them at start and uses them immediately.
  return dbModule.create({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
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

export function getTable(store: DynaliteStore, name: string): Promise<TableDescription> {
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

export function closeStore(store: DynaliteStore): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => (err ? reject(err) : resolve());
    if (store.lifecycleManager) store.lifecycleManager.gracefulClose(done);
    else store.db.close(done);
  });
}
