// Least-privilege DynamoDB statements for a region's replica of a global table: named actions only
// (never dynamodb:*), on the table and on each of its indexes by name (never index/*).
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { tables, type TableDefinition, type TableId } from '../tables.ts';
import { tableArn } from '../names.ts';

export const READ_ACTIONS = [
  'dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan',
  'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable',
] as const;

export const WRITE_ACTIONS = [
  'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem',
] as const;

/** The table's ARN and its indexes' ARNs in one region. */
export function tableResourceArns(table: TableDefinition, region: string, account: string): string[] {
  const arn = tableArn(region, account, table.tableName);
  return [arn, ...table.globalIndexes.map((index) => `${arn}/index/${index.indexName}`)];
}

export interface TableAccess {
  readonly read: readonly TableId[];
  readonly write: readonly TableId[];
}

/** One statement for reads (tables read or written) and one for writes, or none when empty. */
export function tableStatements(access: TableAccess, region: string, account: string): PolicyStatement[] {
  const readIds = [...new Set([...access.read, ...access.write])];
  const writeIds = [...new Set(access.write)];
  const statements: PolicyStatement[] = [];
  if (readIds.length > 0) {
    statements.push(new PolicyStatement({
      sid: 'ReadTables',
      actions: [...READ_ACTIONS],
      resources: readIds.flatMap((id) => tableResourceArns(tables[id], region, account)),
    }));
  }
  if (writeIds.length > 0) {
    statements.push(new PolicyStatement({
      sid: 'WriteTables',
      actions: [...WRITE_ACTIONS],
      // Writes go to the base table only; DynamoDB maintains the indexes.
      resources: writeIds.map((id) => tableArn(region, account, tables[id].tableName)),
    }));
  }
  return statements;
}
