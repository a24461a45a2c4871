// The app configures itself from /outputs.json: the local runtime serves .local/outputs.json there,
// and on AWS the same file is deployed next to the app from the stack outputs.
import { Amplify } from 'aws-amplify';

export interface Outputs {
  region: string; graphqlUrl: string; realtimeUrl?: string; apiKey: string;
  cognitoEndpoint?: string; userPoolId: string; userPoolClientId: string;
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

export function configureAmplify(outputs: Outputs): void {
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
