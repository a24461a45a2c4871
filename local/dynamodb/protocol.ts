// The DynamoDB JSON protocol (`x-amz-target: DynamoDB_20120810.<Op>`, application/x-amz-json-1.0)
// as a local service on the shared AWS JSON protocol layer (local/aws/json-protocol.ts): what the
// endpoint answers, whether the request came over HTTP or through the in-process transport. Every
// operation is authorised with IAM, so every request must be signed; the errors and texts follow
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html. Every
// answer carries a request id and the body's CRC32, as DynamoDB's do (the SDK checks `x-amz-crc32`).
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { jsonProtocol, type JsonProtocol } from '../aws/json-protocol.ts';
import { ServiceError } from '../aws/service-error.ts';
import type { LocalCredentials } from '../aws/sigv4.ts';
import type { DynamoDBEngine } from './engine.ts';
import { isDynamoDBError, type DynamoDBError } from './errors.ts';
import type { LocalAnswer, LocalRequest, LocalService } from '../http/exchange.ts';
import { REPLICATION_PREFIX, replicationProtocol } from './replication/protocol.ts';
import type { Replicator } from './replication/replicator.ts';

export const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

function requestId(): string {
  return randomBytes(39).toString('base64').toUpperCase().replace(/[+/]/g, '0');
}

const checksum = (body: string) => ({ 'x-amz-crc32': String(crc32(body)) });

/** The answer to a body over MAX_REQUEST_BYTES (never parsed). */
export const tooLarge = (): LocalAnswer => ({ status: 413, headers: { 'x-amzn-requestid': requestId(), ...checksum('') }, body: '' });

const asServiceError = ({ statusCode, body: { __type, message, ...fields } }: DynamoDBError): ServiceError =>
  new ServiceError(__type, String(message ?? fields.Message ?? ''), statusCode, fields);

export function dynamodbProtocol(engine: DynamoDBEngine | undefined, region: string, credentials?: LocalCredentials): JsonProtocol {
  const execute = (operation: string) => (input: Record<string, unknown>) => engine!.execute(operation, input);
  return jsonProtocol({
    signingName: 'dynamodb', targetPrefix: 'DynamoDB_20120810', version: '1.0', region, credentials,
    logName: 'dynamodb', frameworkErrorNamespace: 'com.amazon.coral.service#',
    messages: { missingToken: 'Request is missing Authentication Token', notJson: 'Start of structure or map found where not expected.' },
    requestId, bodyHeaders: checksum,
    actions: engine === undefined ? {} : Object.fromEntries(engine.operations().map((operation) => [operation, execute(operation)])),
    asServiceError: (thrown) => (isDynamoDBError(thrown) ? asServiceError(thrown) : undefined),
  });
}

/** An error as DynamoDB answers it (for the host of the DynamoDB thread, which relays errors). */
export const failureAnswer = (failure: DynamoDBError): LocalAnswer => dynamodbProtocol(undefined, '').failure(asServiceError(failure));

export function dynamodbService(engine: DynamoDBEngine, region: string, credentials?: LocalCredentials, replicator?: Replicator): LocalService {
  const protocol = dynamodbProtocol(engine, region, credentials);
  const replication = replicator && replicationProtocol(replicator, region, credentials);
  return async (request: LocalRequest) => {
    if (request.method === 'GET') return { status: 200, headers: { 'content-type': 'text/plain', 'x-amzn-requestid': requestId() }, body: `healthy: dynamodb.${region}.amazonaws.com ` };
    if (Buffer.byteLength(request.body) > MAX_REQUEST_BYTES) return tooLarge();
    if (replication && request.headers['x-amz-target']?.startsWith(`${REPLICATION_PREFIX}.`)) return replication.service(request);
    return protocol.service(request);
  };
}
