// The user pool's part in several local regions (Cognito multi-Region replication,
// local/identity/replica.ts): the launcher names the primary region in LOCAL_PRIMARY_REGION; the
// one issuer is the primary's endpoint, so a token from any region names the same issuer.
import { localPeers } from '../../tasks/regions/peers.ts';
import type { LocalConfig } from '../config.ts';
import type { IdentityReplication } from '../identity/replica.ts';

export function identityReplicationFromEnv(config: LocalConfig, env: NodeJS.ProcessEnv = process.env): IdentityReplication | undefined {
  const primaryRegion = env.LOCAL_PRIMARY_REGION;
  const peers = localPeers(env);
  if (primaryRegion === undefined || primaryRegion === '' || peers === undefined) return undefined;
  if (primaryRegion === config.region) return { role: 'primary', primaryRegion, issuerBase: `http://${config.host}:${config.cognitoPort}` };
  const issuerBase = peers[primaryRegion]?.cognitoEndpoint;
  if (issuerBase === undefined) throw new Error(`LOCAL_PEER_REGIONS names no Cognito endpoint for the primary region ${primaryRegion}`);
  return { role: 'secondary', primaryRegion, issuerBase };
}
