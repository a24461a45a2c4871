// The DynamoDB JSON protocol (`x-amz-target: DynamoDB_20120810.<Op>`, application/x-amz-json-1.0)
// as a local service: what the endpoint answers, whether the request came over HTTP or through the
// in-process transport. Every answer carries a request id and the body's CRC32, as DynamoDB's do
// (the SDK checks `x-amz-crc32`).
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { DynamoDBEngine } from './engine.ts';
import { asDynamoDBError, errors, type DynamoDBError } from './errors.ts';
import type { LocalAnswer, LocalRequest, LocalService } from '../http/exchange.ts';

export const MAX_REQUEST_BYTES = 16 * 1024 * 1024;
const TARGET_PREFIX = 'DynamoDB_20120810.';
const CONTENT_TYPE = 'application/x-amz-json-1.0';

function requestId(): string {
  return randomBytes(39).toString('base64').toUpperCase().replace(/[+/]/g, '0');
}

function answer(status: number, body: string, contentType?: string): LocalAnswer {
  return {
    status,
    headers: { 'x-amzn-RequestId': requestId(), 'x-amz-crc32': String(crc32(body)), ...(contentType && { 'Content-Type': contentType }) },
    body,
  };
}

/** The answer to a body over MAX_REQUEST_BYTES (never parsed). */
export const tooLarge = (): LocalAnswer => answer(413, '');

/** An error as DynamoDB answers it. */
export const failureAnswer = (failure: DynamoDBError): LocalAnswer => answer(failure.statusCode, JSON.stringify(failure.body), CONTENT_TYPE);

export function dynamodbService(engine: DynamoDBEngine): LocalService {
  return async (request: LocalRequest) => {
    if (request.method === 'GET') return answer(200, 'healthy: dynamodb.us-east-1.amazonaws.com ', 'text/plain');
    try {
      if (Buffer.byteLength(request.body) > MAX_REQUEST_BYTES) return tooLarge();
      const operation = request.headers['x-amz-target'] ?? '';
      if (request.method !== 'POST' || !operation.startsWith(TARGET_PREFIX)) throw errors.unknownOperation();
      if (!(request.headers.authorization ?? '').startsWith('AWS4-')) throw errors.missingAuthentication();
      let parsed: unknown;
      try {
        parsed = JSON.parse(request.body);
      } catch {
        throw errors.serialization();
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw errors.serialization();
      const result = await engine.execute(operation.slice(TARGET_PREFIX.length), parsed as Record<string, unknown>);
      return answer(200, JSON.stringify(result), CONTENT_TYPE);
    } catch (err) {
      return failureAnswer(asDynamoDBError(err, 'request'));
    }
  };
}
