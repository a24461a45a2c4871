// The local AppSync endpoint: GraphQL over HTTP at POST /graphql, real-time subscriptions at
// /graphql/realtime, EvaluateCode at POST /v1/dataplane-evaluatecode, extra routes mounted by the
// platform, and the web app's static files at `/`, all on one port.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ResolverMap } from '../../schema/resolver-map.ts';
import { tableEnvironment } from '../../infra/tables.ts';
import { loadApi } from './api.ts';
import { authenticate, type AuthMode, type Caller, type CognitoTokenVerifier } from './auth.ts';
import { Executor, validationErrors, type AppSyncResponse, type GraphQLRequest } from './executor.ts';
import { SubscriptionHub } from './subscriptions.ts';
import { createRealtimeServer } from './realtime.ts';
import { evaluateCode, EvaluateCodeBadRequest } from './evaluate-code.ts';
import { serveStatic } from './static-files.ts';
import { defaultLocalCredentials, verifySignedRequest, type LocalCredentials } from '../aws/sigv4.ts';
import type { LambdaInvoker } from './datasources/lambda.ts';
import { listen } from '../http/listen.ts';
import type { LocalTransport } from '../aws/local-transport.ts';
import { sdkCall, type DynamoDBCall } from '../dynamodb/direct-call.ts';

export interface ExtraRoute {
  readonly method: string;
  readonly path: string;
  /** `body` is the raw request body (already read, size-limited). */
  readonly handler: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void | Promise<void>;
}

export interface AppSyncOptions {
  readonly port: number;
  readonly host?: string;
  readonly resolverMap: ResolverMap;
  /** Directory the resolver map's paths are relative to. */
  readonly repoRoot: string;
  readonly dynamodbEndpoint: string;
  readonly stepFunctionsEndpoint?: string;
  /** How HTTP data sources reach the platform's own endpoints (default: over HTTP). */
  readonly transport?: LocalTransport;
  /** How DynamoDB data sources reach the endpoint (default: an SDK client over HTTP). */
  readonly dynamodbCall?: DynamoDBCall;
  readonly region: string;
  readonly accountId?: string;
  /** The API key (see loadOrCreateApiKey); null disables API key auth. */
  readonly apiKey: string | null;
  readonly verifyCognitoToken?: CognitoTokenVerifier;
  readonly invokeLambda?: LambdaInvoker;
  /** The API's default authorization mode; fields without auth directives allow only this one. */
  readonly defaultAuthMode?: AuthMode;
  /** Credentials for SigV4 (IAM callers, HTTP data sources, EvaluateCode). */
  readonly credentials?: LocalCredentials;
  /** ctx.env for resolvers; defaults to the table-name variables of infra/tables.ts. */
  readonly env?: Record<string, string>;
  readonly staticDir?: string;
  readonly extraRoutes?: readonly ExtraRoute[];
  readonly maxBodyBytes?: number;
  readonly keepAliveIntervalMs?: number;
  /** Where internal failures are reported (message only; request bodies and credentials are never logged). */
  readonly log?: (line: string) => void;
}

export interface AppSyncServer {
  readonly url: string;
  readonly realtimeUrl: string;
  readonly port: number;
  /** Runs an operation in-process as an IAM caller (the platform's publishOrderUpdate) with subscription fan-out. */
  executeAsIam(request: GraphQLRequest): Promise<AppSyncResponse>;
  /** Sends a value to the subscriptions of `mutationField`, as if that mutation had returned it. */
  publish(mutationField: string, value: unknown): Promise<number>;
  /** Open real-time connections and active subscriptions (for health checks and tests). */
  stats(): { connections: number; subscriptions: number };
  close(): Promise<void>;
}

const unauthorizedBody = { errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.' }] };

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLarge());
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const corsHeaders = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'content-type, authorization, x-api-key, x-amz-date, x-amz-security-token, x-amz-user-agent',
  'access-control-allow-methods': 'POST, GET, OPTIONS',
};

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'x-amzn-requestid': randomUUID(), ...corsHeaders, ...headers });
  res.end(text);
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(',') : v;
  return out;
}

export async function startAppSync(options: AppSyncOptions): Promise<AppSyncServer> {
  const host = options.host ?? '127.0.0.1';
  const credentials = options.credentials ?? defaultLocalCredentials;
  const accountId = options.accountId ?? '000000000000';
  const env = options.env ?? tableEnvironment();
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const client = options.dynamodbCall ? undefined : new DynamoDBClient({ endpoint: options.dynamodbEndpoint, region: options.region, credentials, maxAttempts: 1 });
  const dynamodb = options.dynamodbCall ?? sdkCall(client!);
  const api = loadApi(options.resolverMap, options.repoRoot, {
    dynamodb, stepFunctionsEndpoint: options.stepFunctionsEndpoint, transport: options.transport, region: options.region, credentials, invokeLambda: options.invokeLambda, env,
  }, options.defaultAuthMode ?? 'AMAZON_COGNITO_USER_POOLS');
  const executor = new Executor(api, env);
  const hub = new SubscriptionHub(executor, api.subscriptionsByMutation);
  const authConfig = { apiKey: options.apiKey, verifyCognitoToken: options.verifyCognitoToken, accountId };

  const authenticateSigned = (headers: Record<string, string>, signedPath: string, body: string, sourceIp: string,
    method = 'POST', query: Record<string, string> = {}) =>
    authenticate(headers, authConfig, () => verifySignedRequest(
      { method, host: headers.host ?? '', path: signedPath, query, headers, body },
      { service: 'appsync', region: options.region, credentials },
    ), sourceIp);

  /** Executes, then fans mutation results out to subscribers and applies invalidations. */
  async function run(request: GraphQLRequest, caller: Caller, headers: Record<string, unknown>): Promise<{ response: AppSyncResponse; responseHeaders: Record<string, string> }> {
    const prepared = executor.prepare(request);
    if (Array.isArray(prepared)) return { response: validationErrors(prepared), responseHeaders: {} };
    const ok = prepared as Exclude<typeof prepared, readonly unknown[]>;
    if (ok.operation.operation === 'subscription') {
      return { response: { data: null, errors: [{ path: null, locations: null, errorType: 'UnsupportedOperation', message: `Subscriptions are served over the real-time endpoint (${realtimePath})` }] }, responseHeaders: {} };
    }
    const outcome = await executor.run(ok, request.variables, caller, headers, { kind: 'execute' });
    for (const m of outcome.mutations) await hub.publish(m.fieldName, m.value);
    for (const inv of outcome.invalidations) hub.invalidate(inv.subscriptionField, inv.payload);
    return { response: outcome.response, responseHeaders: outcome.responseHeaders };
  }

  async function handleGraphQL(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const headers = flatHeaders(req);
    const caller = await authenticateSigned(headers, '/graphql', body.toString('utf8'), req.socket.remoteAddress ?? '127.0.0.1');
    if (caller === null) return sendJson(res, 401, unauthorizedBody);
    let request: GraphQLRequest;
    try {
      request = JSON.parse(body.toString('utf8')) as GraphQLRequest;
    } catch {
      return sendJson(res, 400, { errors: [{ errorType: 'MalformedHttpRequestException', message: 'The request body is not valid JSON.' }] });
    }
    return answerGraphQL(res, request, caller, headers);
  }

  // AppSync serves GET too, the request in the query string (`query`, `variables` as JSON,
  // `operationName`), as the AppSync team describes its HTTP behaviour in
  // https://github.com/graphql/graphql-over-http/issues/81; a browser is never sent the web app.
  async function handleGraphQLGet(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const headers = flatHeaders(req);
    const url = new URL(req.url ?? '/', 'http://x');
    const query = Object.fromEntries(url.searchParams);
    const caller = await authenticateSigned(headers, '/graphql', '', req.socket.remoteAddress ?? '127.0.0.1', 'GET', query);
    if (caller === null) return sendJson(res, 401, unauthorizedBody);
    if (query.query === undefined || query.query === '') {
      return sendJson(res, 400, { errors: [{ errorType: 'MalformedHttpRequestException', message: 'Unable to parse GraphQL query.' }] });
    }
    let variables: unknown;
    try {
      variables = query.variables === undefined || query.variables === '' ? undefined : JSON.parse(query.variables);
    } catch {
      return sendJson(res, 400, { errors: [{ errorType: 'MalformedHttpRequestException', message: '"variables" is not valid JSON.' }] });
    }
    return answerGraphQL(res, { query: query.query, variables: variables as GraphQLRequest['variables'], operationName: query.operationName ?? null }, caller, headers);
  }

  async function answerGraphQL(res: ServerResponse, request: GraphQLRequest, caller: Caller, headers: Record<string, string>): Promise<void> {
    if (request === null || typeof request !== 'object' || typeof request.query !== 'string') {
      return sendJson(res, 400, { errors: [{ errorType: 'MalformedHttpRequestException', message: 'The request body must be a JSON object with a "query" string.' }] });
    }
    if (request.variables !== undefined && request.variables !== null && (typeof request.variables !== 'object' || Array.isArray(request.variables))) {
      return sendJson(res, 400, { errors: [{ errorType: 'MalformedHttpRequestException', message: '"variables" must be a JSON object.' }] });
    }
    const { response, responseHeaders } = await run(request, caller, headers);
    sendJson(res, 200, response, responseHeaders);
  }

  async function handleEvaluateCode(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const signer = await verifySignedRequest(
      { method: 'POST', host: String(req.headers.host ?? ''), path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body: body.toString('utf8') },
      { service: 'appsync', region: options.region, credentials },
    );
    if (signer === null) return sendJson(res, 403, { message: 'The request signature we calculated does not match the signature you provided.' }, { 'x-amzn-errortype': 'UnauthorizedException' });
    try {
      sendJson(res, 200, evaluateCode(JSON.parse(body.toString('utf8'))));
    } catch (err) {
      if (err instanceof EvaluateCodeBadRequest || err instanceof SyntaxError) return sendJson(res, 400, { message: err.message }, { 'x-amzn-errortype': 'BadRequestException' });
      throw err;
    }
  }

  const realtimePath = '/graphql/realtime';
  const routes = new Map<string, ExtraRoute['handler']>([
    ['POST /graphql', handleGraphQL],
    ['GET /graphql', (req, res) => handleGraphQLGet(req, res)],
    ['POST /v1/dataplane-evaluatecode', handleEvaluateCode],
  ]);
  for (const r of options.extraRoutes ?? []) routes.set(`${r.method.toUpperCase()} ${r.path}`, r.handler);

  const server = createServer((req, res) => {
    void (async () => {
      const pathname = new URL(req.url ?? '/', 'http://x').pathname;
      if (req.method === 'OPTIONS') {
        res.writeHead(204, corsHeaders);
        res.end();
        return;
      }
      const handler = routes.get(`${req.method} ${pathname}`);
      if (handler !== undefined) {
        const body = await readBody(req, maxBodyBytes);
        await handler(req, res, body);
        return;
      }
      if (options.staticDir !== undefined && (await serveStatic(options.staticDir, req, res))) return;
      sendJson(res, 404, { errors: [{ errorType: 'NotFoundException', message: `No route for ${req.method} ${pathname}` }] });
    })().catch((err: unknown) => {
      if (res.headersSent) return res.destroy();
      if (err instanceof BodyTooLarge) return sendJson(res, 413, { errors: [{ errorType: 'PayloadTooLargeException', message: `The request body exceeds ${maxBodyBytes} bytes.` }] });
      options.log?.(`internal failure on ${req.method} ${new URL(req.url ?? '/', 'http://x').pathname}: ${(err as Error).message}`);
      // Never a stack trace to the client.
      sendJson(res, 500, { errors: [{ errorType: 'InternalFailure', message: 'An internal error occurred.' }] });
    });
  });
  server.keepAliveTimeout = 65_000;

  const wss = createRealtimeServer({
    executor, hub, authenticate: authenticateSigned, connectionTimeoutMs: 300_000, keepAliveIntervalMs: options.keepAliveIntervalMs ?? 60_000,
  });
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== realtimePath) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const port = await listen(server, options.port, host, 'AppSync (GraphQL)').catch((err: unknown) => {
    wss.close();
    client?.destroy();
    throw err;
  });
  const iamCaller: Caller = {
    mode: 'AWS_IAM', authType: 'IAM Authorization', groups: [],
    identity: {
      accountId, cognitoIdentityPoolId: null as unknown as string, cognitoIdentityId: null as unknown as string, sourceIp: ['127.0.0.1'],
      username: credentials.accessKeyId, userArn: `arn:aws:iam::${accountId}:user/${credentials.accessKeyId}`,
      cognitoIdentityAuthType: null as unknown as string, cognitoIdentityAuthProvider: null as unknown as string,
    },
  };
  return {
    url: `http://${host}:${port}/graphql`,
    realtimeUrl: `ws://${host}:${port}${realtimePath}`,
    port,
    executeAsIam: async (request) => (await run(request, iamCaller, {})).response,
    publish: (mutationField, value) => hub.publish(mutationField, value),
    stats: () => ({ connections: wss.clients.size, subscriptions: hub.size }),
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      client?.destroy();
    },
  };
}
