// A raw AWS JSON protocol request, signed as the SDK signs it (SigV4 with the README's local
// credentials), for tests that send bodies the SDK never would (malformed JSON, unknown actions).
import { defaultLocalCredentials, signRequest, type LocalCredentials } from '../../local/aws/sigv4.ts';

export interface RawRequest {
  readonly endpoint: string;
  /** The SigV4 signing name: dynamodb, states, events, cognito-idp. */
  readonly service: string;
  readonly target?: string;
  readonly body: string;
  readonly contentType: string;
  readonly region?: string;
  readonly credentials?: LocalCredentials;
}

export async function signedFetch(request: RawRequest): Promise<Response> {
  const url = new URL(request.endpoint);
  const headers: Record<string, string> = { host: url.host, 'content-type': request.contentType, ...(request.target && { 'x-amz-target': request.target }) };
  const signed = await signRequest({
    method: 'POST', protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: '/', headers, body: request.body,
  }, { service: request.service, region: request.region ?? 'us-east-1', credentials: request.credentials ?? defaultLocalCredentials });
  const { host: _host, ...sendHeaders } = signed.headers;
  return fetch(url, { method: 'POST', headers: sendHeaders, body: request.body });
}
