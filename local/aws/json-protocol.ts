// The AWS JSON protocol (versions 1.0 and 1.1) as one local service: `POST /` with
// `x-amz-target: <prefix>.<Action>` and a JSON object body, answered in
// `application/x-amz-json-<version>` with a request id; errors as `{ "__type", "message" }`
// (https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html, ...-1_1-protocol.html).
// Every action AWS authorises with IAM must carry a SigV4 signature with the local credentials,
// refused as AWS refuses it (MissingAuthenticationTokenException, UnrecognizedClientException,
// InvalidSignatureException); `publicActions` (Cognito's sign-up and sign-in, ...) need none.
// DynamoDB, Step Functions, EventBridge and Cognito are built on it; so is any new stand-in
// (a service definition, its actions, done).
import { randomUUID } from 'node:crypto';
import type { LocalAnswer, LocalRequest, LocalService } from '../http/exchange.ts';
import { ServiceError } from './service-error.ts';
import { checkSignature, defaultLocalCredentials, type LocalCredentials } from './sigv4.ts';

export type JsonProtocolVersion = '1.0' | '1.1';

export type JsonAction = (input: Record<string, unknown>) => Promise<unknown>;

export interface JsonServiceDefinition {
  /** The SigV4 signing name: `dynamodb`, `states`, `events`, `cognito-idp`, `secretsmanager`. */
  readonly signingName: string;
  /** What precedes the action in `x-amz-target`, without the dot: `AWSEvents`. */
  readonly targetPrefix: string;
  readonly version: JsonProtocolVersion;
  readonly region: string;
  /** The one access key the endpoint knows (README: `local` / `local`). */
  readonly credentials?: LocalCredentials;
  /** The actions, by name; an action throws a ServiceError for a client error. */
  readonly actions: Readonly<Record<string, JsonAction>>;
  /** Actions AWS serves without a signature. */
  readonly publicActions?: ReadonlySet<string>;
  /**
   * Namespace of the errors the protocol layer itself raises (unknown operation, bad JSON, the
   * signature errors), as the service prints it: DynamoDB `com.amazon.coral.service#`.
   */
  readonly frameworkErrorNamespace?: string;
  /** An empty body reads as `{}` (DynamoDB refuses it as not JSON). */
  readonly emptyBodyIsObject?: boolean;
  /** Headers on every answer (CORS for a browser client). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Headers computed from each answer's body (DynamoDB's `x-amz-crc32`). */
  readonly bodyHeaders?: (body: string) => Record<string, string>;
  readonly requestId?: () => string;
  /** Turns what an action threw (not a ServiceError) into one; default: logged, InternalFailure. */
  readonly asServiceError?: (thrown: unknown) => ServiceError | undefined;
  /** The name the log uses. */
  readonly logName: string;
  /** The service's name for an unexpected failure (HTTP 500): `InternalFailure` unless it has its own. */
  readonly internalErrorName?: string;
  /** The service's own texts for the protocol layer's errors, where AWS documents them. */
  readonly messages?: Partial<Record<'missingToken' | 'notJson', string>>;
}

export interface JsonProtocol {
  readonly service: LocalService;
  /** The answer to an error, as the service gives it (for callers that relay errors themselves). */
  failure(error: ServiceError): LocalAnswer;
}

/** The signature errors' texts, as AWS's JSON services answer them (HTTP 400). */
export const signatureMessages = {
  missing: 'Missing Authentication Token',
  unrecognized: 'The security token included in the request is invalid.',
  invalid: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
} as const;

export function contentTypeOf(version: JsonProtocolVersion): string {
  return `application/x-amz-json-${version}`;
}

/** The AWS JSON protocol over a service definition, for node:http and the in-process transport. */
export function jsonProtocolService(definition: JsonServiceDefinition): LocalService {
  return jsonProtocol(definition).service;
}

export function jsonProtocol(definition: JsonServiceDefinition): JsonProtocol {
  const contentType = contentTypeOf(definition.version);
  const credentials = definition.credentials ?? defaultLocalCredentials;
  const namespace = definition.frameworkErrorNamespace ?? '';
  const prefix = `${definition.targetPrefix}.`;
  const newRequestId = definition.requestId ?? randomUUID;

  const answer = (status: number, body: string, extra: Record<string, string> = {}): LocalAnswer => ({
    status,
    headers: {
      ...definition.headers,
      'content-type': contentType,
      'x-amzn-requestid': newRequestId(),
      // The service's clock, which the SDK corrects its signing time by (node:http's own Date
      // header is cached and would not show a clock the process was told to move).
      date: new Date().toUTCString(),
      ...definition.bodyHeaders?.(body),
      ...extra,
    },
    body,
  });
  const failure = (error: ServiceError): LocalAnswer => {
    // JSON 1.1 services also name the error in a header; the 1.0 ones (DynamoDB, Step Functions) do not.
    const header = definition.version === '1.1' ? { 'x-amzn-errortype': error.type.slice(error.type.indexOf('#') + 1) } : undefined;
    // A field `Message` replaces `message` (AWS capitalises it on a few errors).
    const message = 'Message' in error.fields ? {} : { message: error.message };
    return answer(error.status, JSON.stringify({ __type: error.type, ...message, ...error.fields }), header);
  };
  const framework = (name: string, message: string) => new ServiceError(`${namespace}${name}`, message);

  async function authenticate(request: LocalRequest, action: string): Promise<void> {
    if (definition.publicActions?.has(action)) return;
    const [path, search = ''] = request.path.split('?');
    const check = await checkSignature({
      method: request.method, host: request.headers.host ?? '', path, query: Object.fromEntries(new URLSearchParams(search)),
      headers: request.headers, body: request.body,
    }, { service: definition.signingName, region: definition.region, credentials });
    if (check.outcome === 'missing') throw framework('MissingAuthenticationTokenException', definition.messages?.missingToken ?? signatureMessages.missing);
    if (check.outcome === 'unrecognized') throw framework('UnrecognizedClientException', signatureMessages.unrecognized);
    if (check.outcome === 'invalid') throw framework('InvalidSignatureException', check.why.startsWith('Signature expired') || check.why.startsWith('Credential') ? check.why : signatureMessages.invalid);
  }

  function parse(body: string): Record<string, unknown> {
    if (definition.emptyBodyIsObject && body.trim() === '') return {};
    let input: unknown;
    try {
      input = JSON.parse(body);
    } catch {
      throw framework('SerializationException', definition.messages?.notJson ?? 'Request body is not valid JSON');
    }
    if (input === null || typeof input !== 'object' || Array.isArray(input)) throw framework('SerializationException', 'Request body must be a JSON object');
    return input as Record<string, unknown>;
  }

  const service: LocalService = async (request) => {
    try {
      const target = request.headers['x-amz-target'] ?? '';
      const action = target.startsWith(prefix) ? target.slice(prefix.length) : '';
      const run = Object.hasOwn(definition.actions, action) ? definition.actions[action] : undefined;
      if (request.method !== 'POST' || request.path.split('?')[0] !== '/' || run === undefined) {
        throw framework('UnknownOperationException', `Unknown operation ${target || '(no x-amz-target)'}`);
      }
      await authenticate(request, action);
      const output = await run(parse(request.body));
      return answer(200, JSON.stringify(output ?? {}));
    } catch (thrown) {
      if (thrown instanceof ServiceError) return failure(thrown);
      const mapped = definition.asServiceError?.(thrown);
      if (mapped !== undefined) return failure(mapped);
      console.error(`[${definition.logName}] internal error`, thrown);
      return failure(new ServiceError(`${namespace}${definition.internalErrorName ?? 'InternalFailure'}`, 'The request processing has failed because of an unknown error, exception or failure.', 500));
    }
  };
  return { service, failure };
}
