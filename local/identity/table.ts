// The local identity service's own table (AWS runs Cognito itself, so the app deploys no such
// table): pools, app clients, users, groups and sessions, in the single-table design store.ts
// documents. TTL drops expired sessions.
import type { TableSchema } from '../../infra/tables.ts';

export const identityTable = {
  tableName: 'local-identity',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  globalIndexes: [{ indexName: 'gsi1', partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' } }],
  ttlAttribute: 'expiresAt',
} as const satisfies TableSchema;
