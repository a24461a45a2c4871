// Configuration for AWS SDK clients that talk to the local runtime's endpoints. The local services
// check SigV4 against one access key, `local` / `local` (README); it grants nothing on AWS.
// Inside the platform, clients pass its in-process transport; outside (tests, scripts) they use HTTP.
import type { LocalTransport } from './local-transport.ts';

export function localClientConfig(endpoint: string, region = 'us-east-1', transport?: LocalTransport) {
  return {
    endpoint,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    ...(transport && { requestHandler: transport }),
  };
}
