// The DynamoDB store's replication settings when this platform is one of several local regions:
// its peers' endpoints from LOCAL_PEER_REGIONS (set by the launcher), the lag from
// LOCAL_REPLICATION_LAG_MS (default 1,000 ms: global tables typically replicate within a second),
// and the tables that are global tables: the platform's own, and the user pool's, which Cognito's
// multi-Region replication keeps in every region (local/identity stores a pool in that table).
// Step Functions' executions stay regional, as on AWS.
import { localTables, tables } from '../../infra/tables.ts';
import { localPeers } from '../../tasks/regions/peers.ts';
import type { ReplicationOptions } from '../dynamodb/replication/replicator.ts';

export class ReplicationConfigError extends Error {
  override readonly name = 'ReplicationConfigError';
}

export const defaultReplicationLagMs = 1000;

export function replicationFromEnv(env: NodeJS.ProcessEnv = process.env): ReplicationOptions | undefined {
  const peers = localPeers(env);
  if (peers === undefined) return undefined;
  const raw = env.LOCAL_REPLICATION_LAG_MS;
  const lagMs = raw === undefined || raw === '' ? defaultReplicationLagMs : Number(raw);
  if (!Number.isFinite(lagMs) || lagMs < 0) throw new ReplicationConfigError(`LOCAL_REPLICATION_LAG_MS must be a number of milliseconds >= 0, got "${raw}"`);
  const endpoints: Record<string, string> = {};
  for (const [region, peer] of Object.entries(peers)) {
    if (peer.dynamodbEndpoint === undefined) throw new ReplicationConfigError(`LOCAL_PEER_REGIONS names no DynamoDB endpoint for ${region}`);
    endpoints[region] = peer.dynamodbEndpoint;
  }
  return {
    peers: endpoints, lagMs,
    tables: [...Object.values(tables).map((t) => t.tableName), localTables.LocalIdentity.tableName],
  };
}
