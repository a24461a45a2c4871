// Which copy of the user pool each region's AppSync authoriser verifies tokens against. Cognito
// multi-Region replication gives the pool (same ID) to the primary region and to ONE replica region
// ("each user directory can have at most one secondary replica", Cognito developer guide,
// "Multi-Region replication for user pools": https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-multi-region.html).
// So the primary's and the replica's APIs use their own region's copy; a third region has no copy of
// its own and uses the replica's, not the primary's: losing the primary's continent (the customer's
// stated disaster) then leaves every surviving API verifying tokens. Tokens carry the pool's one
// multi-Region issuer (IssuerConfiguration UPDATED, whose JWKS every copy serves), so a token issued
// by either copy verifies in every region.
import type { DeploymentConfig } from '../config.ts';

export function userPoolRegion(region: string, config: Pick<DeploymentConfig, 'primaryRegion' | 'failoverRegion'>): string {
  return region === config.primaryRegion ? config.primaryRegion : config.failoverRegion;
}
