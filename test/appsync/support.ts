// Starts the fixture API on the local AppSync runtime for the tests: in-memory local DynamoDB, a
// JWKS-backed Cognito token verifier (local/identity's) over tokens we sign ourselves, a stub
// Step Functions endpoint that checks SigV4 like AWS, and a Lambda invoker.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPair, exportJWK, SignJWT, type JWK } from 'jose';
import { tables } from '../../infra/tables.ts';
import { createTokenVerifier } from '../../local/identity/verifier.ts';
import { startAppSync, type AppSyncServer, type AppSyncOptions } from '../../local/appsync/server.ts';
import { verifySignedRequest, defaultLocalCredentials } from '../../local/aws/sigv4.ts';
import { startTestDynamoDB, type TestDynamoDB } from '../support/local-dynamodb.ts';
import { fixtureResolverMap } from './fixtures/resolver-map.ts';

export const API_KEY = 'da2-abcdefghijklmnopqrstuvwxyz';
export const REGION = 'us-east-1';
const CLIENT_ID = 'fixture-client';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export interface TokenOptions {
  sub?: string;
  groups?: string[];
  tokenUse?: 'id' | 'access';
  expiresIn?: string | number;
  issuer?: string;
  audience?: string;
  /** Sign with a key that is not in the pool's JWKS (a forged token). */
  forged?: boolean;
}

export interface Fixture {
  readonly app: AppSyncServer;
  readonly ddb: TestDynamoDB;
  readonly sfnRequests: Array<{ target: string; body: unknown; signedBy: string | null }>;
  readonly lambdaCalls: Array<{ task: string; payload: unknown }>;
  token(options?: TokenOptions): Promise<string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response JSON the tests inspect freely
  gql(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export async function startFixture(overrides: Partial<AppSyncOptions> = {}): Promise<Fixture> {
  const ddb = await startTestDynamoDB([tables.Products, tables.Inventory]);
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const forger = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'fixture-key', alg: 'RS256', use: 'sig' };
  const jwksServer = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  const issuer = await listen(jwksServer);

  // Stands in for the Step Functions endpoint: records the call and whether its SigV4 signature
  // verifies with the local credentials for the `states` service.
  const sfnRequests: Fixture['sfnRequests'] = [];
  const sfnServer = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const url = new URL(req.url ?? '/', 'http://x');
        const signedBy = await verifySignedRequest(
          { method: req.method ?? 'POST', host: String(req.headers.host), path: url.pathname, query: {}, headers: req.headers, body },
          { service: 'states', region: REGION, credentials: defaultLocalCredentials },
        );
        const target = String(req.headers['x-amz-target'] ?? '');
        sfnRequests.push({ target, body: JSON.parse(body), signedBy });
        const { executionArn } = JSON.parse(body) as { executionArn: string };
        if (executionArn.endsWith(':missing')) {
          res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
          res.end(JSON.stringify({ __type: 'ExecutionDoesNotExist', message: `Execution Does Not Exist: '${executionArn}'` }));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify({ executionArn, status: 'RUNNING' }));
      })();
    });
  });
  const sfnEndpoint = await listen(sfnServer);

  const lambdaCalls: Fixture['lambdaCalls'] = [];
  const verifier = createTokenVerifier({ issuer, jwksUri: `${issuer}/.well-known/jwks.json`, clientId: CLIENT_ID });
  const app = await startAppSync({
    port: 0,
    resolverMap: fixtureResolverMap,
    repoRoot: process.cwd(),
    dynamodbEndpoint: ddb.endpoint,
    stepFunctionsEndpoint: sfnEndpoint,
    region: REGION,
    apiKey: API_KEY,
    verifyCognitoToken: (token) => verifier.verify(token),
    invokeLambda: async (task, payload) => {
      lambdaCalls.push({ task, payload });
      if ((payload as { message?: string }).message === 'fail') throw Object.assign(new Error('Echo failed on purpose'), { name: 'EchoError' });
      return { task, echoed: payload };
    },
    ...overrides,
  });

  return {
    app, ddb, sfnRequests, lambdaCalls,
    async token(options = {}) {
      const claims: Record<string, unknown> = { token_use: options.tokenUse ?? 'id', 'cognito:username': options.sub ?? 'shopper-1' };
      if (options.groups) claims['cognito:groups'] = options.groups;
      if ((options.tokenUse ?? 'id') === 'access') claims.client_id = CLIENT_ID;
      const jwt = new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'fixture-key' })
        .setSubject(options.sub ?? 'shopper-1')
        .setIssuer(options.issuer ?? issuer)
        .setIssuedAt(Math.floor(Date.now() / 1000) - 60)
        .setExpirationTime(options.expiresIn ?? '1h');
      if ((options.tokenUse ?? 'id') === 'id') jwt.setAudience(options.audience ?? CLIENT_ID);
      return jwt.sign(options.forged ? forger.privateKey : privateKey);
    },
    async gql(query, variables, headers = { 'x-api-key': API_KEY }) {
      const res = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
      return { status: res.status, body: await res.json() };
    },
    async close() {
      await app.close();
      await new Promise<void>((resolve) => jwksServer.close(() => resolve()));
      sfnServer.closeAllConnections();
      await new Promise<void>((resolve) => sfnServer.close(() => resolve()));
      await ddb.close();
    },
  };
}
