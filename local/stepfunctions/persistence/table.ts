// The local Step Functions engine's own table (AWS runs Step Functions itself, so the app deploys
// no such table): executions, histories, task tokens and timers, in the single-table design
// dynamodb-store.ts documents. TTL drops what has expired.
import type { TableSchema } from '../../../infra/tables.ts';

export const stepFunctionsTable = {
  tableName: 'local-stepfunctions',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  globalIndexes: [{ indexName: 'gsi1', partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' } }],
  ttlAttribute: 'expiresAt',
} as const satisfies TableSchema;
