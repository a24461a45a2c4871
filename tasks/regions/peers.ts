// The other regions a task may reach, nearest first. On AWS the SDK reaches another region's
// replica of a global table by its region name alone; locally each region is a platform of its own
// whose endpoints the launcher lists in LOCAL_PEER_REGIONS (API.md §8).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';

export interface PeerEndpoints {
  readonly graphqlUrl?: string;
  readonly dynamodbEndpoint?: string;
  readonly stepFunctionsEndpoint?: string;
  readonly cognitoEndpoint?: string;
  readonly eventsEndpoint?: string;
}

export class PeerConfigurationError extends Error {
  override readonly name = 'PeerConfigurationError';
}

/**
 * The nearest other continent first, by measured inter-region round trips (cloudping-style
 * averages, README "Losing a region"): us-east-1 to eu-west-1 about 80 ms, us-east-1 to
 * ap-southeast-1 about 217 ms, eu-west-1 to ap-southeast-1 about 238 ms. Regions not listed come
 * after, by name.
 */
const nearness: Readonly<Record<string, readonly string[]>> = {
  'us-east-1': ['eu-west-1', 'ap-southeast-1'],
  'eu-west-1': ['us-east-1', 'ap-southeast-1'],
  'ap-southeast-1': ['us-east-1', 'eu-west-1'],
};

/** LOCAL_PEER_REGIONS, or nothing on AWS and in a single-region `npm start`. */
export function localPeers(env: NodeJS.ProcessEnv = process.env): Readonly<Record<string, PeerEndpoints>> | undefined {
  const raw = env.LOCAL_PEER_REGIONS;
  if (raw === undefined || raw === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as Record<string, PeerEndpoints>;
  } catch (error) {
    throw new PeerConfigurationError('LOCAL_PEER_REGIONS must be a JSON object of region names to endpoints', { cause: error });
  }
}

/**
 * The regions other than `home`, nearest first: PEER_REGIONS (comma-separated, set by the CDK
 * app on AWS) when given, else the local peers; none when neither is set.
 */
export function otherRegions(home: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const listed = env.PEER_REGIONS?.split(',').map((r) => r.trim()).filter((r) => r !== '')
    ?? Object.keys(localPeers(env) ?? {});
  const others = [...new Set(listed)].filter((r) => r !== home);
  const preference = nearness[home] ?? [];
  const rank = (r: string) => (preference.includes(r) ? preference.indexOf(r) : preference.length);
  return others.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

const clients = new Map<string, DynamoDBClient>();
const documents = new Map<string, DynamoDBDocumentClient>();

/**
 * The client on another region's replica, failing fast: an unreachable peer must cost the caller a
 * bounded wait (connection 250 ms, answer 600 ms, one attempt), not the SDK's retries. One per
 * region, shared by its document client.
 */
export function peerDynamoClient(region: string, env: NodeJS.ProcessEnv = process.env): DynamoDBClient {
  const known = clients.get(region);
  if (known !== undefined) return known;
  const peers = localPeers(env);
  const endpoint = peers?.[region]?.dynamodbEndpoint;
  if (peers !== undefined && endpoint === undefined) throw new PeerConfigurationError(`LOCAL_PEER_REGIONS names no DynamoDB endpoint for ${region}`);
  const client = new DynamoDBClient({
    region,
    ...(endpoint !== undefined && { endpoint }),
    maxAttempts: 1,
    // throwOnRequestTimeout: without it Smithy only logs a warning when the answer is late and
    // keeps waiting, so a region that accepts connections but does not answer held the checkout.
    requestHandler: new NodeHttpHandler({ connectionTimeout: 250, requestTimeout: 600, throwOnRequestTimeout: true }),
  });
  clients.set(region, client);
  return client;
}

/** A document client over the region's peer client (whole items: the order's claim and its copy). */
export function peerDocumentClient(region: string, env: NodeJS.ProcessEnv = process.env): DynamoDBDocumentClient {
  const known = documents.get(region);
  if (known !== undefined) return known;
  const client = DynamoDBDocumentClient.from(peerDynamoClient(region, env), { marshallOptions: { removeUndefinedValues: true } });
  documents.set(region, client);
  return client;
}

/** Forgets the peer clients (a host that changes LOCAL_PEER_REGIONS, or a test). */
export function forgetPeerClients(): void {
  for (const client of clients.values()) client.destroy();
  clients.clear();
  documents.clear();
}
