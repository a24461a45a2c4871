// Configuration for AWS SDK clients that talk to the local runtime's endpoints. The local services
// accept any SigV4 signature, so fixed placeholder credentials are used; they grant nothing on AWS.
export function localClientConfig(endpoint: string, region = 'us-east-1') {
  return {
    endpoint,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
}
