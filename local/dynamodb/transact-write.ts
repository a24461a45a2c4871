// TransactWriteItems with AWS's documented semantics
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html):
// up to 100 Put/Update/Delete/ConditionCheck actions, all or nothing, no two on one item,
// TransactionCanceledException with one CancellationReason per action in request order, and
// ClientRequestToken idempotency for 10 minutes.
//
// Every item's lock is held for the whole transaction. dynalite judges each condition against
// the current image; if all hold, the writes are applied, and if one still fails (an update that
// does not fit the item), the applied ones are restored from their old images.
import { createHash } from 'node:crypto';
import { checkConditional, runAction, validate, validateKey, type DynaliteOperation, type TableDescription } from './dynalite.ts';
import type { DynamoDBEngine, Request, Response } from './engine.ts';
import { errors, isDynamoDBError, type AttributeMap, type CancellationReason } from './errors.ts';

const MAX_ACTIONS = 100;
const TOKEN_LIFETIME_MS = 10 * 60 * 1000;

type Kind = 'Put' | 'Update' | 'Delete' | 'ConditionCheck';
const operationOf: Record<Kind, DynaliteOperation> = {
  Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem',
  // A condition check is parsed like a conditional delete, and only its condition is evaluated.
  ConditionCheck: 'DeleteItem',
};

interface Action {
  kind: Kind;
  data: Record<string, unknown>;
  table: TableDescription;
  key: AttributeMap;
  returnOnFailure: boolean;
}

/**
 * ClientRequestTokens seen in the last 10 minutes, with a digest of the request they came with, and
 * those whose transaction is still running: a repeat then is TransactionInProgressException
 * ("the transaction with the given request token is already in progress", API_TransactWriteItems.html).
 */
export class TransactionTokens {
  private readonly seen = new Map<string, { digest: string; expiresAt: number }>();
  private readonly running = new Set<string>();

  /** 'new' marks the token running until `finish`; 'replay' answers as the first request. */
  begin(token: string, digest: string): 'new' | 'replay' {
    if (this.running.has(token)) throw errors.transactionInProgress();
    const seen = this.check(token, digest);
    if (seen === 'new') this.running.add(token);
    return seen;
  }

  finish(token: string, digest: string, committed: boolean): void {
    this.running.delete(token);
    if (committed) this.remember(token, digest);
  }

  private check(token: string, digest: string): 'new' | 'replay' {
    // Entries are kept in the order they expire (same lifetime, inserted in time order), so the
    // expired ones are at the front.
    const now = Date.now();
    for (const [t, entry] of this.seen) {
      if (entry.expiresAt > now) break;
      this.seen.delete(t);
    }
    const entry = this.seen.get(token);
    if (!entry) return 'new';
    if (entry.digest !== digest) throw errors.idempotentParameterMismatch();
    return 'replay';
  }

  private remember(token: string, digest: string): void {
    this.seen.delete(token);
    this.seen.set(token, { digest, expiresAt: Date.now() + TOKEN_LIFETIME_MS });
  }
}

export async function transactWriteItems(engine: DynamoDBEngine, tokens: TransactionTokens, request: Request): Promise<Response> {
  const items = request.TransactItems;
  if (!Array.isArray(items) || items.length === 0) {
    throw errors.validation("1 validation error detected: Value null at 'transactItems' failed to satisfy constraint: Member must not be null");
  }
  if (items.length > MAX_ACTIONS) {
    throw errors.validation(`1 validation error detected: Value '[${items.length} items]' at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to ${MAX_ACTIONS}`);
  }
  const token = request.ClientRequestToken;
  if (token !== undefined && (typeof token !== 'string' || token.length < 1 || token.length > 36)) {
    throw errors.validation("1 validation error detected: Value at 'clientRequestToken' failed to satisfy constraint: Member must have length less than or equal to 36");
  }
  const digest = createHash('sha256').update(canonicalJson(items)).digest('hex');
  if (typeof token !== 'string') return apply(engine, items);
  if (tokens.begin(token, digest) === 'replay') return {};
  let committed = false;
  try {
    const response = await apply(engine, items);
    committed = true;
    return response;
  } finally {
    tokens.finish(token, digest, committed);
  }
}

async function apply(engine: DynamoDBEngine, items: unknown[]): Promise<Response> {
  const actions = await Promise.all(items.map((item, index) => parseAction(engine, item, index)));
  const lockKeys = actions.map((a) => engine.lockKey(a.table, a.key));
  if (new Set(lockKeys).size !== lockKeys.length) {
    throw errors.validation('Transaction request cannot include multiple operations on one item');
  }

  const release = await engine.locks.acquire(lockKeys);
  try {
    const oldImages = await Promise.all(actions.map((a) => engine.read(a.table, a.key)));
    const reasons: CancellationReason[] = actions.map((action, i) => {
      const failed = checkConditional(action.data, oldImages[i]);
      if (!failed) return { Code: 'None' };
      return { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed',
        ...(action.returnOnFailure && oldImages[i] && { Item: oldImages[i] }) };
    });
    if (reasons.some((r) => r.Code !== 'None')) throw errors.transactionCanceled(reasons);

    // One journal record for the whole transaction: all or nothing across a crash too.
    const journal = engine.store.journal;
    await (journal ? journal.group(() => applyAll(engine, actions, oldImages)) : applyAll(engine, actions, oldImages));
    if (engine.changeFeed.active) {
      for (const [i, action] of actions.entries()) {
        if (action.kind === 'ConditionCheck') continue;
        engine.changeFeed.emit(action.table.TableName, action.key, oldImages[i], await engine.read(action.table, action.key));
      }
    }
    return {};
  } finally {
    release();
  }
}

/**
 * JSON with every object's keys sorted: "the same parameters" are the same members and values,
 * whatever order a client wrote an item's attributes or an action's members in (a JSON object
 * is unordered; the SDKs write a map in insertion order).
 */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

async function parseAction(engine: DynamoDBEngine, item: unknown, index: number): Promise<Action> {
  const entries = item && typeof item === 'object' ? Object.entries(item).filter(([, v]) => v != null) : [];
  if (entries.length !== 1 || !(entries[0][0] in operationOf)) {
    throw errors.validation(`TransactItems can only contain one of Check, Put, Update or Delete (item ${index + 1})`);
  }
  const [kind, body] = entries[0] as [Kind, Record<string, unknown>];
  if (kind === 'ConditionCheck' && typeof body.ConditionExpression !== 'string') {
    throw errors.validation("1 validation error detected: Value null at 'transactItems." + (index + 1) + ".member.conditionCheck.conditionExpression' failed to satisfy constraint: Member must not be null");
  }
  const returnOnFailure = body.ReturnValuesOnConditionCheckFailure === 'ALL_OLD';
  const data = validate(engine.store, operationOf[kind], { ...body, ReturnValuesOnConditionCheckFailure: undefined });
  const table = await engine.table(data.TableName);
  const key = engine.keyOf(table, kind === 'Put' ? data.Item : data.Key);
  if (!key || (kind !== 'Put' && validateKey(data.Key as AttributeMap, table))) {
    throw errors.validation('The provided key element does not match the schema');
  }
  return { kind, data, table, key, returnOnFailure };
}

/** Applies every write; if one fails, restores the ones applied and cancels the transaction. */
async function applyAll(engine: DynamoDBEngine, actions: Action[], oldImages: (AttributeMap | undefined)[]): Promise<void> {
  const applied: number[] = [];
  for (const [i, action] of actions.entries()) {
    if (action.kind === 'ConditionCheck') continue;
    try {
      await runAction(engine.store, operationOf[action.kind], action.data);
      applied.push(i);
    } catch (err) {
      for (const j of applied.reverse()) await restore(engine, actions[j], oldImages[j]);
      if (!isDynamoDBError(err)) throw err;
      throw errors.transactionCanceled(actions.map((_, k) => (k === i
        ? { Code: 'ValidationError', Message: err.body.message ?? err.message }
        : { Code: 'None' })));
    }
  }
}

async function restore(engine: DynamoDBEngine, action: Action, oldImage: AttributeMap | undefined): Promise<void> {
  const TableName = action.table.TableName;
  if (oldImage) await runAction(engine.store, 'PutItem', validate(engine.store, 'PutItem', { TableName, Item: oldImage }));
  else await runAction(engine.store, 'DeleteItem', validate(engine.store, 'DeleteItem', { TableName, Key: action.key }));
}
