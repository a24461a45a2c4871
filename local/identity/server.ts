// The local Cognito user pool service: the Cognito Identity Provider JSON protocol on one port,
// plus each pool's JWKS and OpenID configuration under /<userPoolId>/.well-known/ on the same port.
import { createServer } from 'node:http';
import { localTables } from '../../infra/tables.ts';
import { ServiceError } from '../aws/service-error.ts';
import type { LocalCredentials } from '../aws/sigv4.ts';
import { lockDataDir } from '../data-dir-lock.ts';
import { ensureTables } from '../dynamodb/create-tables.ts';
import { httpAdapter, type LocalAnswer, type LocalService } from '../http/exchange.ts';
import { listen } from '../http/listen.ts';
import { actions } from './actions/index.ts';
import { ensurePool } from './bootstrap.ts';
import { replicatedPool, secondaryActions, type IdentityReplication } from './replica.ts';
import type { IdentityContext } from './context.ts';
import { KeyRing } from './keys.ts';
import { CORS_HEADERS, identityProtocol, MAX_BODY_BYTES } from './protocol.ts';
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
  /** The access key IAM-authorised actions are signed with (default: the README's `local` / `local`). */
  readonly credentials?: LocalCredentials;
  /** One region of a multi-Region user pool (replica.ts); omitted: a single-region pool. */
  readonly replication?: IdentityReplication;
}

export interface LocalIdentity {
  readonly endpoint: string;
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  readonly issuer: string;
  readonly jwksUri: string;
  /** The endpoint's request handling, for the in-process transport. */
  readonly service: LocalService;
  close(): Promise<void>;
}

const WELL_KNOWN = /^\/([\w-]+_[0-9a-zA-Z]+)\/\.well-known\/(jwks\.json|openid-configuration)$/;

export async function startIdentity(options: IdentityOptions): Promise<LocalIdentity> {
  const host = options.host ?? '127.0.0.1';
  await ensureTables(options.dynamodbEndpoint, [localTables.LocalIdentity], options.region);
  // The signing keys are made once and kept: two processes making them at once would sign with keys
  // the other does not publish.
  const lock = lockDataDir(options.dataDir);
  const store = new IdentityStore(options.dynamodbEndpoint, options.region);
  // A secondary signs with the primary's keys (copied with the pool), never keys of its own.
  const keys = new KeyRing(options.dataDir, { create: options.replication?.role !== 'secondary' });
  let base = '';
  const issuerFor = (poolId: string): string => `${options.replication?.issuerBase ?? base}/${poolId}`;
  const ctx: IdentityContext = { store, tokens: new TokenIssuer(keys, store, issuerFor), log: options.log ?? console.log };

  const json = (status: number, body: unknown): LocalAnswer =>
    ({ status, headers: { ...CORS_HEADERS, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  async function wellKnown(poolId: string, document: string): Promise<LocalAnswer> {
    if (!(await store.getPool(poolId))) return json(404, { message: `User pool ${poolId} does not exist.` });
    if (document === 'jwks.json') return json(200, await keys.jwks(poolId));
    return json(200, {
      issuer: issuerFor(poolId),
      jwks_uri: `${base}/${poolId}/.well-known/jwks.json`,
      response_types_supported: ['code', 'token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid', 'email', 'phone', 'profile'],
    });
  }

  const secondary = options.replication?.role === 'secondary' ? options.replication : undefined;
  const protocol = identityProtocol(ctx, options.region, options.credentials, secondary && secondaryActions(actions, secondary.primaryRegion));
  // The JSON protocol at `POST /`; each pool's JWKS and OpenID configuration beside it; CORS preflights.
  const service: LocalService = async (request) => {
    const path = request.path.split('?')[0];
    if (request.method === 'OPTIONS') return { status: 204, headers: CORS_HEADERS, body: '' };
    const known = WELL_KNOWN.exec(path);
    if (request.method === 'GET' && known) return wellKnown(known[1], known[2]);
    if (request.method !== 'POST' || path !== '/') return json(404, { message: 'Not found' });
    return protocol.service(request);
  };

  const server = createServer(httpAdapter(service, {
    maxBodyBytes: MAX_BODY_BYTES,
    tooLarge: () => protocol.failure(new ServiceError('InvalidParameterException', `Request body is larger than ${MAX_BODY_BYTES} bytes`)),
  }));
  try {
    const port = await listen(server, options.port, host, 'Local identity (Cognito)');
    base = `http://${host}:${port}`;
    const ownJwks = (poolId: string) => `${base}/${poolId}/.well-known/jwks.json`;
    const { pool, client } = secondary ? await replicatedPool(store, secondary.primaryRegion) : await ensurePool(store, options.region);
    await keys.forPool(pool.id);
    return {
      endpoint: base,
      userPoolId: pool.id,
      userPoolClientId: client.clientId,
      issuer: issuerFor(pool.id),
      // Each region verifies against its own replica's keys (the same keys in every region).
      jwksUri: ownJwks(pool.id),
      service,
      close: async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        store.close();
        lock.release();
      },
    };
  } catch (error) {
    server.close();
    store.close();
    lock.release();
    throw error;
  }
}
