// SigV4 with the local credentials: signing (the AppSync HTTP data source's calls, as AppSync's
// service role would) and checking signatures (every local AWS endpoint, AppSync's AWS_IAM mode) by
// signing the same request again.
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

function signerFor(service: string, region: string, credentials: LocalCredentials, applyChecksum = true): SignatureV4 {
  const key = JSON.stringify([service, region, credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken, applyChecksum]);
  let signer = signers.get(key);
  if (signer === undefined) {
    signer = new SignatureV4({ service, region, credentials, sha256: Sha256, applyChecksum });
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

/** A request as a server sees it, to check its signature. */
export interface ReceivedRequest {
  readonly method: string;
  readonly host: string;
  /** The path without the query. */
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/**
 * What a signature check found: `signed` with the caller's access key, or why not, in the three
 * ways AWS tells them apart: no signature at all (MissingAuthenticationToken), an access key it
 * does not know (UnrecognizedClient), a signature that does not match the request, its scope or
 * the time (InvalidSignature).
 */
export type SignatureCheck =
  | { readonly outcome: 'signed'; readonly accessKeyId: string }
  | { readonly outcome: 'missing' | 'unrecognized' }
  | { readonly outcome: 'invalid'; readonly why: string };

/** AWS refuses a signature dated more than 15 minutes from its own clock. */
const maxSkewMs = 15 * 60 * 1000;

/**
 * Checks a SigV4-signed request against the local credentials by signing the same canonical
 * request again with @smithy/signature-v4 (the SDK's own signer).
 */
export async function checkSignature(request: ReceivedRequest, options: { service: string; region: string; credentials: LocalCredentials }): Promise<SignatureCheck> {
  const authorization = String(request.headers.authorization ?? '');
  if (authorization === '') return { outcome: 'missing' };
  const match = authPattern.exec(authorization);
  if (match === null) return { outcome: 'invalid', why: 'the Authorization header is not a SigV4 signature' };
  const [, accessKeyId, scopeDate, region, service, signedHeaders, signature] = match;
  if (accessKeyId !== options.credentials.accessKeyId) return { outcome: 'unrecognized' };
  if (region !== options.region) return { outcome: 'invalid', why: `Credential should be scoped to a valid region, not '${region}'` };
  if (service !== options.service) return { outcome: 'invalid', why: `Credential should be scoped to correct service: '${options.service}'` };
  const amzDate = String(request.headers['x-amz-date'] ?? '');
  const dateMatch = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (dateMatch === null || !amzDate.startsWith(scopeDate)) return { outcome: 'invalid', why: 'the request date is missing or does not match the credential scope' };
  const signingDate = new Date(Date.UTC(+dateMatch[1], +dateMatch[2] - 1, +dateMatch[3], +dateMatch[4], +dateMatch[5], +dateMatch[6]));
  if (Math.abs(Date.now() - signingDate.getTime()) > maxSkewMs) return { outcome: 'invalid', why: `Signature expired: ${amzDate} is more than 15 minutes from the server's time` };
  // The signer takes a given payload hash on trust, so the hash must be the body's.
  const payloadHash = request.headers['x-amz-content-sha256'];
  if (payloadHash !== undefined && payloadHash !== createHash('sha256').update(request.body, 'utf8').digest('hex')) {
    return { outcome: 'invalid', why: 'the x-amz-content-sha256 header is not the hash of the body' };
  }
  const headers: Record<string, string> = {};
  for (const name of signedHeaders.split(';')) {
    const v = name === 'host' ? request.host : request.headers[name];
    if (v === undefined) return { outcome: 'invalid', why: `the signed header ${name} is missing` };
    headers[name] = Array.isArray(v) ? v.join(',') : v;
  }
  const [hostname, port] = request.host.split(':');
  // Signed again over exactly the headers the caller signed: without `applyChecksum` the signer
  // adds no x-amz-content-sha256 of its own (botocore, the AWS CLI's signer, sends none).
  const signer = signerFor(service, region, { ...options.credentials, sessionToken: undefined }, false);
  const resigned = await signer.sign({
    method: request.method, protocol: 'http:', hostname, port: port ? Number(port) : undefined, path: request.path, query: request.query,
    headers, body: request.body,
  }, { signingDate }) as SignableRequest;
  const expected = /Signature=([0-9a-f]{64})/.exec(resigned.headers.authorization ?? '')?.[1] ?? '';
  const a = Buffer.from(expected);
  const b = Buffer.from(signature);
  return a.length === b.length && timingSafeEqual(a, b)
    ? { outcome: 'signed', accessKeyId }
    : { outcome: 'invalid', why: 'the signature does not match the request' };
}

/** The access key id of a correctly signed request, null otherwise (AppSync's AWS_IAM mode). */
export async function verifySignedRequest(request: ReceivedRequest, options: { service: string; region: string; credentials: LocalCredentials }): Promise<string | null> {
  const check = await checkSignature(request, options);
  return check.outcome === 'signed' ? check.accessKeyId : null;
}
