// Creates tables (infra/tables.ts, local/tables.ts) on a DynamoDB endpoint, with their indexes and TTL.
// Idempotent: tables that exist are left as they are.
import {
  CreateTableCommand, DescribeTimeToLiveCommand, DynamoDBClient, ListTablesCommand, UpdateTimeToLiveCommand,
  type KeySchemaElement,
} from '@aws-sdk/client-dynamodb';
import type { KeyAttribute, TableSchema } from '../../infra/tables.ts';
import { localClientConfig } from '../aws/client-config.ts';

function keySchema(partitionKey: KeyAttribute, sortKey?: KeyAttribute): KeySchemaElement[] {
  return [{ AttributeName: partitionKey.name, KeyType: 'HASH' }, ...(sortKey ? [{ AttributeName: sortKey.name, KeyType: 'RANGE' as const }] : [])];
}

export async function ensureTables(endpoint: string, definitions: readonly TableSchema[], region = 'us-east-1'): Promise<void> {
  const client = new DynamoDBClient(localClientConfig(endpoint, region));
  try {
    const existing = new Set<string>();
    let start: string | undefined;
    do {
      const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
      for (const name of page.TableNames ?? []) existing.add(name);
      start = page.LastEvaluatedTableName;
    } while (start);

    for (const table of definitions) {
      if (!existing.has(table.tableName)) await client.send(new CreateTableCommand(createTableInput(table)));
      if (table.ttlAttribute) {
        const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: table.tableName }));
        if (ttl.TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') {
          await client.send(new UpdateTimeToLiveCommand({
            TableName: table.tableName, TimeToLiveSpecification: { Enabled: true, AttributeName: table.ttlAttribute },
          }));
        }
      }
    }
  } finally {
    client.destroy();
  }
}

function createTableInput(table: TableSchema) {
  const attributes = new Map<string, KeyAttribute>();
  for (const key of [table.partitionKey, table.sortKey, ...table.globalIndexes.flatMap((i) => [i.partitionKey, i.sortKey])]) {
    if (key) attributes.set(key.name, key);
  }
  return {
    TableName: table.tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    KeySchema: keySchema(table.partitionKey, table.sortKey),
    AttributeDefinitions: [...attributes.values()].map((a) => ({ AttributeName: a.name, AttributeType: a.type })),
    ...(table.globalIndexes.length > 0 && {
      GlobalSecondaryIndexes: table.globalIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: keySchema(index.partitionKey, index.sortKey),
        Projection: { ProjectionType: 'ALL' as const },
      })),
    }),
    ...(table.stream && { StreamSpecification: { StreamEnabled: true, StreamViewType: table.stream } }),
  };
}
