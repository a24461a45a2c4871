// The app configures itself from /outputs.json: the local runtime serves .local/outputs.json there,
// and on AWS the same file is deployed next to the app from the stack outputs.
import { Amplify } from 'aws-amplify';
import { RegionFailover, type RegionEndpoint } from './region-failover.ts';

export interface Outputs {
  region: string; graphqlUrl: string; realtimeUrl?: string; apiKey: string;
  cognitoEndpoint?: string; userPoolId: string; userPoolClientId: string;
  /** Every region's API (several regions): the app calls the nearest and fails over by itself. */
  regions?: Record<string, { graphqlUrl: string; realtimeUrl?: string; apiKey?: string }>;
}

export async function loadOutputs(url = '/outputs.json'): Promise<Outputs> {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`could not load ${url} (HTTP ${response.status})`);
  const outputs = (await response.json()) as Partial<Outputs>;
  for (const key of ['region', 'graphqlUrl', 'apiKey', 'userPoolId', 'userPoolClientId'] as const) {
    if (typeof outputs[key] !== 'string') throw new Error(`${url} has no ${key}`);
  }
  return outputs as Outputs;
}

let configured: Outputs | undefined;
let failover: RegionFailover | undefined;
let apiRegion: string | undefined;

/** The regional failover when outputs.json lists several regions (region-failover.ts). */
export function regionalFailover(): RegionFailover | undefined {
  return failover;
}

/** Points the API at `endpoint`'s region; true if that changed it. */
export function useRegion(endpoint: RegionEndpoint): boolean {
  if (!configured || endpoint.region === apiRegion) return false;
  apiRegion = endpoint.region;
  configure({ ...configured, region: endpoint.region, graphqlUrl: endpoint.graphqlUrl, apiKey: endpoint.apiKey ?? configured.apiKey });
  return true;
}

export function configureAmplify(outputs: Outputs): void {
  configured = outputs;
  failover = outputs.regions && Object.keys(outputs.regions).length > 1 ? RegionFailover.fromRegions(outputs.regions, outputs.region) : undefined;
  apiRegion = undefined;
  if (failover) useRegion(failover.current());
  else configure(outputs);
}

function configure(outputs: Outputs): void {
  Amplify.configure({
    Auth: {
      Cognito: {
        userPoolId: outputs.userPoolId,
        userPoolClientId: outputs.userPoolClientId,
        // Only set locally: the Cognito-compatible identity service instead of cognito-idp.<region>.
        ...(outputs.cognitoEndpoint ? { userPoolEndpoint: outputs.cognitoEndpoint } : {}),
      },
    },
    API: { GraphQL: { endpoint: outputs.graphqlUrl, region: outputs.region, defaultAuthMode: 'userPool', apiKey: outputs.apiKey } },
  });
}
