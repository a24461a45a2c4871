// The AWS JSON 1.1 protocol as Cognito speaks it: POST / with `x-amz-target:
// AWSCognitoIdentityProviderService.<Action>` and a JSON object body; answers in
// application/x-amz-json-1.1, errors as HTTP 400 `{ "__type": "<Name>Exception", "message": "..." }`.
// CORS is open so the storefront and staff console (another loopback origin) can call it, as they call Cognito.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CognitoError } from './errors.ts';

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
export const CONTENT_TYPE = 'application/x-amz-json-1.1';
/** Largest request body read; Cognito's own requests are a few KiB at most. */
const MAX_BODY_BYTES = 256 * 1024;

export const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': '*',
  'access-control-expose-headers': 'x-amzn-requestid, x-amzn-errortype',
  'access-control-max-age': '86400',
};

export interface ParsedRequest {
  readonly action: string;
  readonly input: Record<string, unknown>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new CognitoError('InvalidParameterException', `Request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function parseRequest(req: IncomingMessage): Promise<ParsedRequest> {
  const body = await readBody(req);
  const target = String(req.headers['x-amz-target'] ?? '');
  const action = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
  if (!action) throw new CognitoError('UnknownOperationException', `Unknown operation ${target || '(no x-amz-target)'}`);
  let input: unknown;
  try {
    input = body.trim() === '' ? {} : JSON.parse(body);
  } catch {
    throw new CognitoError('SerializationException', 'Request body is not valid JSON');
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new CognitoError('SerializationException', 'Request body must be a JSON object');
  }
  return { action, input: input as Record<string, unknown> };
}

export function send(res: ServerResponse, status: number, body: unknown, contentType = CONTENT_TYPE): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    ...CORS_HEADERS,
    'content-type': contentType,
    'content-length': Buffer.byteLength(payload),
    'x-amzn-requestid': randomUUID(),
  });
  res.end(payload);
}

export function sendError(res: ServerResponse, error: CognitoError): void {
  res.setHeader('x-amzn-errortype', error.type);
  send(res, error.status, { __type: error.type, message: error.message });
}
