// Least-privilege DynamoDB statements for a region's replica of a global table: exactly the actions
// the code uses (infra/lib/code-actions.ts for tasks, infra/lib/resolver-actions.ts for data
// sources), never dynamodb:*; reads on every table the code reads or writes, writes only on the
// tables it writes; indexes by name (never index/*) and only for the actions that read an index.
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { tables, type TableDefinition, type TableId } from '../tables.ts';
import { tableArn } from '../names.ts';

export const READ_ACTIONS: ReadonlySet<string> = new Set([
  'dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan',
  'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable',
]);

/** The only actions that read a global secondary index. */
const INDEX_ACTIONS: ReadonlySet<string> = new Set(['dynamodb:Query', 'dynamodb:Scan']);

/** The table's ARN and its indexes' ARNs in one region. */
export function tableResourceArns(table: TableDefinition, region: string, account: string): string[] {
  const arn = tableArn(region, account, table.tableName);
  return [arn, ...indexArns(table, region, account)];
}

function indexArns(table: TableDefinition, region: string, account: string): string[] {
  const arn = tableArn(region, account, table.tableName);
  return table.globalIndexes.map((index) => `${arn}/index/${index.indexName}`);
}

export interface TableAccess {
  readonly read: readonly TableId[];
  readonly write: readonly TableId[];
}

/**
 * Statements granting `actions` (DynamoDB actions the code calls): its reads on every table read or
 * written (Query/Scan also on their indexes), its writes on the written tables. None when empty.
 */
export function tableStatements(access: TableAccess, actions: ReadonlySet<string>, region: string, account: string): PolicyStatement[] {
  const readIds = [...new Set([...access.read, ...access.write])];
  const writeIds = [...new Set(access.write)];
  const reads = [...actions].filter((a) => READ_ACTIONS.has(a)).sort();
  const writes = [...actions].filter((a) => !READ_ACTIONS.has(a)).sort();
  const indexReads = reads.filter((a) => INDEX_ACTIONS.has(a));
  const statements: PolicyStatement[] = [];
  if (readIds.length > 0 && reads.length > 0) {
    statements.push(new PolicyStatement({
      sid: 'ReadTables', actions: reads,
      resources: readIds.map((id) => tableArn(region, account, tables[id].tableName)),
    }));
    const indexes = readIds.flatMap((id) => indexArns(tables[id], region, account));
    if (indexReads.length > 0 && indexes.length > 0) {
      statements.push(new PolicyStatement({ sid: 'ReadIndexes', actions: indexReads, resources: indexes }));
    }
  }
  if (writeIds.length > 0 && writes.length > 0) {
    statements.push(new PolicyStatement({
      sid: 'WriteTables', actions: writes,
      // Writes go to the base table only; DynamoDB maintains the indexes.
      resources: writeIds.map((id) => tableArn(region, account, tables[id].tableName)),
    }));
  }
  return statements;
}
