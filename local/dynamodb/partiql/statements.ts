// ExecuteStatement, BatchExecuteStatement and ExecuteTransaction: PartiQL statements run as the
// DynamoDB requests they stand for (plan.ts), through the engine, so locks, the change feed,
// usage and transactions are the ones every other request gets.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExecuteStatement.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchExecuteStatement.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ExecuteTransaction.html
import type { DynamoDBEngine, Request, Response } from '../engine.ts';
import { errorName, errors, isDynamoDBError, type AttributeValue, type CancellationReason } from '../errors.ts';
import { parseStatement, PartiqlSyntaxError, type Statement } from './parse.ts';
import { conditionCheckOf, keyOfSelect, plan, type Planned } from './plan.ts';
import type { TableDescription } from '../dynalite.ts';

const MAX_STATEMENT_LENGTH = 8192;
const MAX_BATCH = 25;
const MAX_TRANSACTION = 100;

const duplicate = 'Duplicate primary key exists in table';

interface Prepared {
  readonly statement: Statement;
  readonly table: TableDescription;
  readonly parameters: readonly AttributeValue[];
}

/** Validates the request's members for one statement (`where` names them as AWS does). */
function checkMembers(statement: unknown, parameters: unknown, where: string): void {
  if (typeof statement !== 'string') {
    throw errors.validation(`1 validation error detected: Value null at '${where}statement' failed to satisfy constraint: Member must not be null`);
  }
  if (statement.length < 1 || statement.length > MAX_STATEMENT_LENGTH) {
    const bound = statement.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_STATEMENT_LENGTH}`;
    throw errors.validation(`1 validation error detected: Value '${statement}' at '${where}statement' failed to satisfy constraint: Member must have length ${bound}`);
  }
  if (parameters !== undefined && (!Array.isArray(parameters) || parameters.length === 0)) {
    throw errors.validation(`1 validation error detected: Value '[]' at '${where}parameters' failed to satisfy constraint: Member must have length greater than or equal to 1`);
  }
}

async function prepare(engine: DynamoDBEngine, source: string, parameters: AttributeValue[] | undefined): Promise<Prepared> {
  let parsed;
  try {
    parsed = parseStatement(source);
  } catch (err) {
    if (err instanceof PartiqlSyntaxError) throw Object.assign(errors.validation(err.message), { cause: err });
    throw err;
  }
  if (parsed.parameterCount !== (parameters?.length ?? 0)) {
    throw errors.validation("Number of parameters in request and statement don't match.");
  }
  const table = await engine.table(parsed.statement.table);
  return { statement: parsed.statement, table, parameters: parameters ?? [] };
}

function encodeToken(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString('base64');
}

function decodeToken(token: unknown): Record<string, unknown> | undefined {
  if (token === undefined) return undefined;
  try {
    return JSON.parse(Buffer.from(String(token), 'base64').toString('utf8')) as Record<string, unknown>;
  } catch (err) {
    throw Object.assign(errors.validation('Invalid NextToken'), { cause: err });
  }
}

/** Runs a planned write; an INSERT onto an existing key is DuplicateItemException. */
async function write(engine: DynamoDBEngine, planned: Extract<Planned, { read: false }>, extra: Request = {}): Promise<Response> {
  try {
    const result = await engine.execute(planned.operation, { ...planned.request, ...extra });
    return { Items: planned.returning && result.Attributes ? [result.Attributes] : [] };
  } catch (err) {
    if (planned.insert && isDynamoDBError(err) && errorName(err) === 'ConditionalCheckFailedException') {
      throw Object.assign(errors.duplicateItem(duplicate), { cause: err });
    }
    throw err;
  }
}

export async function executeStatement(engine: DynamoDBEngine, request: Request): Promise<Response> {
  checkMembers(request.Statement, request.Parameters, '');
  const prepared = await prepare(engine, request.Statement as string, request.Parameters as AttributeValue[] | undefined);
  const planned = plan(prepared.statement, prepared.table, prepared.parameters);
  if (!planned.read) {
    const returnOld = request.ReturnValuesOnConditionCheckFailure === undefined ? {} : { ReturnValuesOnConditionCheckFailure: request.ReturnValuesOnConditionCheckFailure };
    return write(engine, planned, returnOld);
  }
  const result = await engine.execute(planned.operation, {
    ...planned.request,
    ...(request.Limit !== undefined && { Limit: request.Limit }),
    ...(request.ConsistentRead !== undefined && { ConsistentRead: request.ConsistentRead }),
    ...(request.NextToken !== undefined && { ExclusiveStartKey: decodeToken(request.NextToken) }),
  });
  return {
    Items: result.Items ?? [],
    ...(result.LastEvaluatedKey !== undefined && { NextToken: encodeToken(result.LastEvaluatedKey), LastEvaluatedKey: result.LastEvaluatedKey }),
  };
}

/** The BatchStatementError code of an exception (API_BatchStatementError.html). */
function batchErrorCode(name: string): string {
  switch (name) {
    case 'ValidationException': return 'ValidationError';
    case 'ConditionalCheckFailedException': return 'ConditionalCheckFailed';
    case 'DuplicateItemException': return 'DuplicateItem';
    case 'ResourceNotFoundException': return 'ResourceNotFound';
    case 'TransactionConflictException': return 'TransactionConflict';
    case 'ItemCollectionSizeLimitExceededException': return 'ItemCollectionSizeLimitExceeded';
    default: return 'InternalServerError';
  }
}

function checkCount(list: unknown, member: string, max: number): unknown[] {
  if (!Array.isArray(list)) throw errors.validation(`1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`);
  if (list.length < 1) throw errors.validation(`1 validation error detected: Value '[]' at '${member}' failed to satisfy constraint: Member must have length greater than or equal to 1`);
  if (list.length > max) throw errors.validation(`1 validation error detected: Value '[${list.length} items]' at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${max}`);
  return list;
}

export async function batchExecuteStatement(engine: DynamoDBEngine, request: Request): Promise<Response> {
  const statements = checkCount(request.Statements, 'statements', MAX_BATCH) as Record<string, unknown>[];
  statements.forEach((s, i) => checkMembers(s?.Statement, s?.Parameters, `statements.${i + 1}.member.`));
  const parsed = statements.map((s) => {
    try {
      return parseStatement(s.Statement as string);
    } catch (err) {
      if (err instanceof PartiqlSyntaxError) throw Object.assign(errors.validation(err.message), { cause: err });
      throw err;
    }
  });
  const reads = parsed.filter((p) => p.statement.kind === 'select').length;
  if (reads !== 0 && reads !== parsed.length) {
    throw errors.validation('The entire batch must consist of either read statements or write statements; you cannot mix both in one batch');
  }
  // Statements run one by one; each answers for itself (an HTTP 200 does not mean all succeeded).
  const Responses: Response[] = [];
  for (const [i, s] of statements.entries()) {
    const TableName = parsed[i].statement.table;
    try {
      const prepared = await prepare(engine, s.Statement as string, s.Parameters as AttributeValue[] | undefined);
      if (prepared.statement.kind === 'select') {
        const { key, projection } = keyOfSelect(prepared.statement, prepared.table, prepared.parameters);
        const { Item } = await engine.execute('GetItem', { TableName, Key: key, ...projection, ...(s.ConsistentRead !== undefined && { ConsistentRead: s.ConsistentRead }) });
        Responses.push({ TableName, ...(Item !== undefined && { Item }) });
      } else {
        const planned = plan(prepared.statement, prepared.table, prepared.parameters) as Extract<Planned, { read: false }>;
        const returnOld = s.ReturnValuesOnConditionCheckFailure === undefined ? {} : { ReturnValuesOnConditionCheckFailure: s.ReturnValuesOnConditionCheckFailure };
        await write(engine, planned, returnOld);
        Responses.push({ TableName });
      }
    } catch (err) {
      if (!isDynamoDBError(err)) throw err;
      const Error = { Code: batchErrorCode(errorName(err)), Message: err.body.message ?? err.body.Message ?? '', ...(err.body.Item !== undefined && { Item: err.body.Item }) };
      Responses.push({ TableName, Error });
    }
  }
  return { Responses };
}

export async function executeTransaction(engine: DynamoDBEngine, request: Request): Promise<Response> {
  const statements = checkCount(request.TransactStatements, 'transactStatements', MAX_TRANSACTION) as Record<string, unknown>[];
  statements.forEach((s, i) => checkMembers(s?.Statement, s?.Parameters, `transactStatements.${i + 1}.member.`));
  const prepared = await Promise.all(statements.map((s) => prepare(engine, s.Statement as string, s.Parameters as AttributeValue[] | undefined)));
  const reads = prepared.filter((p) => p.statement.kind === 'select').length;
  if (reads !== 0 && reads !== prepared.length) {
    throw errors.validation('A transaction must consist of either read statements or write statements; you cannot mix both in one transaction');
  }
  if (reads > 0) {
    const TransactItems = prepared.map((p) => {
      const { key, projection } = keyOfSelect(p.statement as Extract<Statement, { kind: 'select' }>, p.table, p.parameters);
      return { Get: { TableName: p.table.TableName, Key: key, ...projection } };
    });
    const result = await engine.execute('TransactGetItems', { TransactItems });
    return { Responses: result.Responses };
  }
  const planned = prepared.map((p, i) => {
    if (p.statement.kind === 'exists') {
      return { step: { insert: false }, item: { ConditionCheck: conditionCheckOf(p.statement.select, p.table, p.parameters) } };
    }
    const step = plan(p.statement, p.table, p.parameters) as Extract<Planned, { read: false }>;
    const { ReturnValues: _ignored, ...body } = step.request;
    const returnOld = statements[i].ReturnValuesOnConditionCheckFailure;
    const kind = step.operation === 'PutItem' ? 'Put' : step.operation === 'UpdateItem' ? 'Update' : 'Delete';
    return { step, item: { [kind]: { ...body, ...(returnOld !== undefined && { ReturnValuesOnConditionCheckFailure: returnOld }) } } };
  });
  try {
    await engine.execute('TransactWriteItems', {
      TransactItems: planned.map((p) => p.item),
      ...(request.ClientRequestToken !== undefined && { ClientRequestToken: request.ClientRequestToken }),
    });
  } catch (err) {
    // An INSERT whose key exists cancels the transaction with reason DuplicateItem.
    if (isDynamoDBError(err) && errorName(err) === 'TransactionCanceledException') {
      const reasons = (err.body.CancellationReasons as CancellationReason[]).map((reason, i): CancellationReason => (
        planned[i].step.insert && reason.Code === 'ConditionalCheckFailed' ? { Code: 'DuplicateItem', Message: duplicate } : reason));
      throw Object.assign(errors.transactionCanceled(reasons), { cause: err });
    }
    throw err;
  }
  return { Responses: [] };
}
