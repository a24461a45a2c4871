// Starts an in-memory local DynamoDB endpoint on an ephemeral loopback port, with tables created.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TableSchema } from '../../infra/tables.ts';
import { localClientConfig } from '../../local/aws/client-config.ts';
import { ensureTables } from '../../local/dynamodb/create-tables.ts';
import { startDynamoDB, type LocalDynamoDB } from '../../local/dynamodb/server.ts';
import { allTables } from '../../local/tables.ts';

export interface TestDynamoDB {
  readonly endpoint: string;
  readonly server: LocalDynamoDB;
  readonly client: DynamoDBClient;
  readonly doc: DynamoDBDocumentClient;
  close(): Promise<void>;
}

/** `region` is the region the endpoint serves: requests must be signed for it (SigV4's scope). */
export async function startTestDynamoDB(definitions: readonly TableSchema[] = allTables, dataDir?: string, region = 'us-east-1'): Promise<TestDynamoDB> {
  const server = await startDynamoDB({ port: 0, dataDir, region });
  await ensureTables(server.endpoint, definitions, region);
  const client = new DynamoDBClient(localClientConfig(server.endpoint, region));
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return {
    endpoint: server.endpoint, server, client, doc,
    async close() {
      client.destroy();
      await server.close();
    },
  };
}
