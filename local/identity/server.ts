// The local Cognito user pool service: the Cognito Identity Provider JSON protocol on one port,
// plus each pool's JWKS and OpenID configuration under /<userPoolId>/.well-known/ on the same port.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { localTables } from '../../infra/tables.ts';
import { ensureTables } from '../dynamodb/create-tables.ts';
import { listen } from '../http/listen.ts';
import { actions } from './actions/index.ts';
import { ensurePool } from './bootstrap.ts';
import type { IdentityContext } from './context.ts';
import { CognitoError } from './errors.ts';
import { KeyRing } from './keys.ts';
import { CORS_HEADERS, parseRequest, send, sendError } from './protocol.ts';
import { IdentityStore } from './store.ts';
import { TokenIssuer } from './tokens.ts';

export interface IdentityOptions {
  /** 0 picks an ephemeral port. */
  readonly port: number;
  readonly host?: string;
  readonly dynamodbEndpoint: string;
  /** Where the pools' signing keys live (`.local/identity/` under npm start). */
  readonly dataDir: string;
  readonly region: string;
  /** Receives confirmation codes and invitations (locally they are logged, not mailed). */
  readonly log?: (line: string) => void;
}

export interface LocalIdentity {
  readonly endpoint: string;
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  readonly issuer: string;
  readonly jwksUri: string;
  close(): Promise<void>;
}

const WELL_KNOWN = /^\/([\w-]+_[0-9a-zA-Z]+)\/\.well-known\/(jwks\.json|openid-configuration)$/;

export async function startIdentity(options: IdentityOptions): Promise<LocalIdentity> {
  const host = options.host ?? '127.0.0.1';
  await ensureTables(options.dynamodbEndpoint, [localTables.LocalIdentity], options.region);
  const store = new IdentityStore(options.dynamodbEndpoint, options.region);
  const keys = new KeyRing(options.dataDir);
  let base = '';
  const issuerFor = (poolId: string): string => `${base}/${poolId}`;
  const ctx: IdentityContext = { store, tokens: new TokenIssuer(keys, store, issuerFor), log: options.log ?? console.log };

  async function wellKnown(res: ServerResponse, poolId: string, document: string): Promise<void> {
    if (!(await store.getPool(poolId))) {
      send(res, 404, { message: `User pool ${poolId} does not exist.` }, 'application/json');
    } else if (document === 'jwks.json') {
      send(res, 200, await keys.jwks(poolId), 'application/json');
    } else {
      send(res, 200, {
        issuer: issuerFor(poolId),
        jwks_uri: `${issuerFor(poolId)}/.well-known/jwks.json`,
        response_types_supported: ['code', 'token'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        scopes_supported: ['openid', 'email', 'phone', 'profile'],
      }, 'application/json');
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS_HEADERS).end();
      return;
    }
    const known = WELL_KNOWN.exec(path);
    if (req.method === 'GET' && known) return wellKnown(res, known[1], known[2]);
    if (req.method !== 'POST' || path !== '/') {
      send(res, 404, { message: 'Not found' }, 'application/json');
      return;
    }
    try {
      const { action, input } = await parseRequest(req);
      const run = Object.hasOwn(actions, action) ? actions[action] : undefined;
      if (!run) throw new CognitoError('UnknownOperationException', `Unknown operation ${action}`);
      send(res, 200, await run(ctx, input));
    } catch (error) {
      if (error instanceof CognitoError) return sendError(res, error);
      console.error('[identity] internal error', error);
      sendError(res, new CognitoError('InternalErrorException', 'Internal error', 500));
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('[identity] request failed', error);
      if (!res.headersSent) sendError(res, new CognitoError('InternalErrorException', 'Internal error', 500));
    });
  });
  try {
    const port = await listen(server, options.port, host, 'Local identity (Cognito)');
    base = `http://${host}:${port}`;
    const { pool, client } = await ensurePool(store, options.region);
    await keys.forPool(pool.id);
    return {
      endpoint: base,
      userPoolId: pool.id,
      userPoolClientId: client.clientId,
      issuer: issuerFor(pool.id),
      jwksUri: `${issuerFor(pool.id)}/.well-known/jwks.json`,
      close: async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        store.close();
      },
    };
  } catch (error) {
    server.close();
    store.close();
    throw error;
  }
}
