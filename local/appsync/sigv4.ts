// SigV4 with the local credentials: signing the HTTP data source's calls as AppSync's service role
// would, and verifying IAM-authorised GraphQL requests (AWS_IAM mode) by re-signing them.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

export interface LocalCredentials { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string }

export const defaultLocalCredentials: LocalCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

// The hash constructor SignatureV4 expects, over node:crypto.
class Sha256 {
  private readonly hash: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void { this.hash.update(toBuffer(data)); }
  async digest(): Promise<Uint8Array> { return new Uint8Array(this.hash.digest()); }
  reset(): void { throw new Error('Sha256.reset is not supported'); }
}

function toBuffer(data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

export interface SignableRequest {
  method: string;
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  query?: Record<string, string>;
  headers: Record<string, string>;
  body?: string;
}

// One signer per service, region and credentials: a signer keeps the day's derived signing key,
// which otherwise costs four HMACs per request.
const signers = new Map<string, SignatureV4>();

function signerFor(service: string, region: string, credentials: LocalCredentials): SignatureV4 {
  const key = JSON.stringify([service, region, credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken]);
  let signer = signers.get(key);
  if (signer === undefined) {
    signer = new SignatureV4({ service, region, credentials, sha256: Sha256 });
    signers.set(key, signer);
  }
  return signer;
}

export async function signRequest(request: SignableRequest, options: { service: string; region: string; credentials: LocalCredentials; signingDate?: Date }): Promise<SignableRequest> {
  const signer = signerFor(options.service, options.region, options.credentials);
  return (await signer.sign(request, { signingDate: options.signingDate })) as SignableRequest;
}

const authPattern = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/;

export function isSigV4Authorization(value: string): boolean {
  return value.startsWith('AWS4-HMAC-SHA256 ');
}

/**
 * Verifies a SigV4-signed request against the local credentials by signing the same canonical
 * request again. Returns the access key id on success, null otherwise.
 */
export async function verifySignedRequest(request: { method: string; host: string; path: string; query: Record<string, string>; headers: Record<string, string | string[] | undefined>; body: string },
  options: { service: string; region: string; credentials: LocalCredentials }): Promise<string | null> {
  const authorization = String(request.headers.authorization ?? '');
  const match = authPattern.exec(authorization);
  if (match === null) return null;
  const [, accessKeyId, , region, service, signedHeaders, signature] = match;
  if (accessKeyId !== options.credentials.accessKeyId || region !== options.region || service !== options.service) return null;
  const amzDate = String(request.headers['x-amz-date'] ?? '');
  const dateMatch = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (dateMatch === null) return null;
  const signingDate = new Date(Date.UTC(+dateMatch[1], +dateMatch[2] - 1, +dateMatch[3], +dateMatch[4], +dateMatch[5], +dateMatch[6]));
  // As AWS does: a signature more than 15 minutes off is rejected.
  if (Math.abs(Date.now() - signingDate.getTime()) > 15 * 60 * 1000) return null;
  const headers: Record<string, string> = {};
  for (const name of signedHeaders.split(';')) {
    const v = name === 'host' ? request.host : request.headers[name];
    if (v === undefined) return null;
    headers[name] = Array.isArray(v) ? v.join(',') : v;
  }
  const [hostname, port] = request.host.split(':');
  const resigned = await signRequest({
    method: request.method, protocol: 'http:', hostname, port: port ? Number(port) : undefined, path: request.path, query: request.query,
    headers, body: request.body,
  }, { service, region, credentials: { ...options.credentials, sessionToken: undefined }, signingDate });
  const expected = /Signature=([0-9a-f]{64})/.exec(resigned.headers.authorization ?? '')?.[1] ?? '';
  const a = Buffer.from(expected);
  const b = Buffer.from(signature);
  return a.length === b.length && timingSafeEqual(a, b) ? accessKeyId : null;
}
