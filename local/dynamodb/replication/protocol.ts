// The replication channel between local replicas, on each region's DynamoDB endpoint: on AWS it is
// internal to DynamoDB; locally it is the AWS JSON protocol with a target prefix of its own,
// SigV4-signed with the local credentials like every other call. ApplyChanges takes a peer's
// changes; DescribeReplication tells what this replica owes its peers and the lag it measured.
import { jsonProtocol, type JsonProtocol } from '../../aws/json-protocol.ts';
import { ServiceError } from '../../aws/service-error.ts';
import type { LocalCredentials } from '../../aws/sigv4.ts';
import { isDynamoDBError } from '../errors.ts';
import type { ReplicatedChange } from './change.ts';
import { REPLICATION_PREFIX } from './outbox.ts';
import type { Replicator } from './replicator.ts';

export { REPLICATION_PREFIX };

function changesOf(input: Record<string, unknown>): ReplicatedChange[] {
  const changes = input.changes;
  const valid = Array.isArray(changes) && changes.every((c: Partial<ReplicatedChange>) =>
    typeof c === 'object' && c !== null && typeof c.table === 'string' && typeof c.keys === 'object' && c.keys !== null
    && typeof c.clock?.at === 'number' && typeof c.clock.region === 'string');
  if (!valid) throw new ServiceError('ValidationException', 'changes must be a list of { table, keys, newImage?, clock: { at, region } }');
  return changes as ReplicatedChange[];
}

export function replicationProtocol(replicator: Replicator, region: string, credentials?: LocalCredentials): JsonProtocol {
  return jsonProtocol({
    signingName: 'dynamodb', targetPrefix: REPLICATION_PREFIX, version: '1.0', region, credentials, logName: 'dynamodb-replication',
    // A store's own errors (a table not created yet, at start) go back as DynamoDB answers them; the
    // peer keeps the changes and sends them again.
    asServiceError: (thrown) => (isDynamoDBError(thrown) ? new ServiceError(thrown.body.__type, String(thrown.body.message ?? ''), thrown.statusCode) : undefined),
    actions: {
      ApplyChanges: (input) => replicator.apply(changesOf(input)),
      DescribeReplication: async () => replicator.state(),
    },
  });
}
