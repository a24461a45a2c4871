// The DynamoDB actions an AppSync DynamoDB data source's resolvers use, read from their bundled
// APPSYNC_JS code: the `@aws-appsync/utils/dynamodb` helpers (ddb.get, ddb.query, ...) and raw
// request objects (`operation: 'GetItem'`) each name one DynamoDB operation (AppSync developer guide,
// "AWS AppSync JavaScript resolver function reference for DynamoDB"), so a read-only data source's
// role can read and nothing else. TransactWriteItems needs each of its items' actions.

export class ResolverActionsError extends Error {
  override readonly name = 'ResolverActionsError';
}

const HELPERS: Record<string, readonly string[]> = {
  get: ['GetItem'], put: ['PutItem'], update: ['UpdateItem'], remove: ['DeleteItem'],
  query: ['Query'], scan: ['Scan'], sync: ['Scan', 'Query'],
  batchGet: ['BatchGetItem'], batchPut: ['BatchWriteItem'], batchDelete: ['BatchWriteItem'],
  transactGet: ['GetItem'], transactWrite: [],
};
const OPERATIONS: Record<string, readonly string[]> = {
  GetItem: ['GetItem'], PutItem: ['PutItem'], UpdateItem: ['UpdateItem'], DeleteItem: ['DeleteItem'],
  Query: ['Query'], Scan: ['Scan'], Sync: ['Scan', 'Query'], BatchGetItem: ['BatchGetItem'],
  BatchPutItem: ['BatchWriteItem'], BatchDeleteItem: ['BatchWriteItem'], TransactGetItems: ['GetItem'],
  TransactWriteItems: [], ConditionCheck: ['ConditionCheckItem'],
};
/** Items of ddb.transactWrite. */
const TRANSACT_ITEMS: Record<string, string> = { putItem: 'PutItem', updateItem: 'UpdateItem', deleteItem: 'DeleteItem', conditionCheck: 'ConditionCheckItem' };
const DYNAMODB_MODULE = '@aws-appsync/utils/dynamodb';

/** `dynamodb:<Action>` for every DynamoDB operation the bundled resolver code names. */
export function resolverActions(code: string, where: string): Set<string> {
  const actions = new Set<string>();
  const add = (names: readonly string[]) => names.forEach((n) => actions.add(`dynamodb:${n}`));
  const imports = [...code.matchAll(new RegExp(`import\\s+([^;]*?)\\s+from\\s+["']${DYNAMODB_MODULE}["']`, 'g'))];
  for (const [, clause] of imports) {
    const namespace = /^\*\s+as\s+(\w+)$/.exec(clause.trim());
    if (!namespace) throw new ResolverActionsError(`${where}: import ${DYNAMODB_MODULE} as a namespace (import * as ddb), so its calls can be read`);
    for (const [, helper] of code.matchAll(new RegExp(`\\b${namespace[1]}\\.(\\w+)\\(`, 'g'))) {
      const names = HELPERS[helper];
      if (!names) throw new ResolverActionsError(`${where}: ${namespace[1]}.${helper} has no permission mapping in infra/lib/resolver-actions.ts`);
      add(names);
      if (helper === 'transactWrite') {
        for (const [, item] of code.matchAll(/\b(putItem|updateItem|deleteItem|conditionCheck)\s*:/g)) add([TRANSACT_ITEMS[item]]);
      }
    }
  }
  for (const [, operation] of code.matchAll(/\boperation\s*:\s*["'](\w+)["']/g)) {
    const names = OPERATIONS[operation];
    if (names) add(names);
  }
  return actions;
}
