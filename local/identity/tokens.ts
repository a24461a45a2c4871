// ID, access and refresh tokens with Cognito's claims. ID and access tokens are RS256 JWTs signed
// with the pool's keys; claims follow "Understanding the identity (ID) token" and "Understanding the
// access token" (docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html,
// ...-using-the-access-token.html). The refresh token is opaque: it names the pool, user and sign-in
// session, plus a secret whose hash the session keeps, so GlobalSignOut can revoke it.
import { createHash, randomUUID } from 'node:crypto';
import { decodeJwt, errors as joseErrors, importJWK, jwtVerify, SignJWT } from 'jose';
import type { JWTPayload } from 'jose';
import { ServiceError } from '../aws/service-error.ts';
import type { KeyRing, SigningKey } from './keys.ts';
import { newSecret } from './pool-config.ts';
import type { AppClient } from './pool-config.ts';
import type { GroupRecord, IdentityStore, UserRecord } from './store.ts';

export interface AuthenticationResult {
  readonly AccessToken: string;
  readonly IdToken: string;
  readonly RefreshToken?: string;
  readonly ExpiresIn: number;
  readonly TokenType: 'Bearer';
}

export interface Session {
  readonly originJti: string;
  readonly authTime: number;
}

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('base64url');

/** Claim values as Cognito renders them: verification flags as booleans, updated_at as a number, address as an object. */
function claimValue(name: string, value: string): unknown {
  if (name === 'email_verified' || name === 'phone_number_verified') return value === 'true';
  if (name === 'updated_at') return Number(value);
  if (name === 'address') return { formatted: value };
  return value;
}

async function sign(payload: JWTPayload, key: SigningKey): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ kid: key.kid, alg: 'RS256' }).sign(key.privateKey);
}

interface RefreshTokenParts {
  readonly poolId: string;
  readonly username: string;
  readonly originJti: string;
  readonly secret: string;
}

function parseRefreshToken(token: string): RefreshTokenParts | undefined {
  const [handle, secret, extra] = token.split('.');
  if (!handle || !secret || extra !== undefined) return undefined;
  try {
    const ref = JSON.parse(Buffer.from(handle, 'base64url').toString('utf8')) as { p?: unknown; u?: unknown; o?: unknown };
    if (typeof ref.p !== 'string' || typeof ref.u !== 'string' || typeof ref.o !== 'string') return undefined;
    return { poolId: ref.p, username: ref.u, originJti: ref.o, secret };
  } catch {
    return undefined;
  }
}

export class TokenIssuer {
  readonly #keys: KeyRing;
  readonly #store: IdentityStore;
  readonly #issuerFor: (poolId: string) => string;

  constructor(keys: KeyRing, store: IdentityStore, issuerFor: (poolId: string) => string) {
    this.#keys = keys;
    this.#store = store;
    this.#issuerFor = issuerFor;
  }

  issuer(poolId: string): string {
    return this.#issuerFor(poolId);
  }

  /** A new sign-in: a session with a refresh token, plus ID and access tokens. */
  async signIn(client: AppClient, user: UserRecord): Promise<AuthenticationResult> {
    const now = Math.floor(Date.now() / 1000);
    const session: Session = { originJti: randomUUID(), authTime: now };
    const secret = newSecret();
    await this.#store.putSession(user.userPoolId, user.username, {
      originJti: session.originJti,
      clientId: client.clientId,
      secretHash: sha256(secret),
      authTime: now,
      expiresAt: now + client.refreshTokenValidity,
    });
    const handle = Buffer.from(JSON.stringify({ p: user.userPoolId, u: user.username, o: session.originJti })).toString('base64url');
    return { ...(await this.tokens(client, user, session)), RefreshToken: `${handle}.${secret}` };
  }

  /** ID and access tokens for an existing session (sign-in or refresh). */
  async tokens(client: AppClient, user: UserRecord, session: Session): Promise<AuthenticationResult> {
    const keys = await this.#keys.forPool(user.userPoolId);
    const groups: GroupRecord[] = await this.#store.groupsOf(user.userPoolId, user.username);
    const now = Math.floor(Date.now() / 1000);
    const common = {
      sub: user.attributes.sub,
      ...(groups.length > 0 ? { 'cognito:groups': groups.map((g) => g.groupName) } : {}),
      iss: this.#issuerFor(user.userPoolId),
      origin_jti: session.originJti,
      event_id: randomUUID(),
      auth_time: session.authTime,
      iat: now,
      jti: randomUUID(),
    };
    const readable = Object.entries(user.attributes).filter(([name]) => name !== 'sub' && client.readAttributes.includes(name));
    const idToken = await sign({
      ...common,
      ...Object.fromEntries(readable.map(([name, value]) => [name, claimValue(name, value)])),
      'cognito:username': user.username,
      aud: client.clientId,
      token_use: 'id',
      exp: now + client.idTokenValidity,
    }, keys.id);
    const accessToken = await sign({
      ...common,
      client_id: client.clientId,
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      exp: now + client.accessTokenValidity,
      username: user.username,
    }, keys.access);
    return { AccessToken: accessToken, IdToken: idToken, ExpiresIn: client.accessTokenValidity, TokenType: 'Bearer' };
  }

  /** Resolves a refresh token to its live session, or NotAuthorizedException as Cognito answers. */
  async redeemRefreshToken(refreshToken: string, clientId: string): Promise<{ poolId: string; username: string; session: Session }> {
    const invalid = new ServiceError('NotAuthorizedException', 'Invalid Refresh Token');
    const ref = parseRefreshToken(refreshToken);
    if (!ref) throw invalid;
    const stored = await this.#store.getSession(ref.poolId, ref.username, ref.originJti, Math.floor(Date.now() / 1000));
    if (!stored) throw new ServiceError('NotAuthorizedException', 'Refresh Token has been revoked');
    if (stored.secretHash !== sha256(ref.secret) || stored.clientId !== clientId) throw invalid;
    return { poolId: ref.poolId, username: ref.username, session: { originJti: stored.originJti, authTime: stored.authTime } };
  }

  /** Ends the refresh token's session (and so its access tokens); an unknown or revoked one is already gone. */
  async revokeRefreshToken(refreshToken: string, clientId: string): Promise<void> {
    const ref = parseRefreshToken(refreshToken);
    if (!ref) throw new ServiceError('UnsupportedTokenTypeException', 'The token provided is not a refresh token.');
    const stored = await this.#store.getSession(ref.poolId, ref.username, ref.originJti, Math.floor(Date.now() / 1000));
    if (!stored) return;
    if (stored.secretHash !== sha256(ref.secret) || stored.clientId !== clientId) {
      throw new ServiceError('UnauthorizedException', 'The client is not authorized to revoke this token.', 401);
    }
    await this.#store.deleteSession(ref.poolId, ref.username, ref.originJti);
  }

  /**
   * Verifies an access token for the user-pool API (GetUser, GlobalSignOut, UpdateUserAttributes):
   * signature with this pool's access key, issuer, token_use, expiry, and a session not signed out.
   */
  async verifyAccessToken(token: string): Promise<{ poolId: string; username: string; clientId: string }> {
    const invalid = new ServiceError('NotAuthorizedException', 'Invalid Access Token');
    let claims: JWTPayload;
    try {
      claims = decodeJwt(token);
    } catch {
      throw invalid;
    }
    const poolId = typeof claims.iss === 'string' ? claims.iss.slice(claims.iss.lastIndexOf('/') + 1) : '';
    if (!poolId || claims.iss !== this.#issuerFor(poolId) || !(await this.#store.getPool(poolId))) throw invalid;
    const keys = await this.#keys.forPool(poolId);
    try {
      const publicKey = await importJWK(keys.access.publicJwk, 'RS256');
      ({ payload: claims } = await jwtVerify(token, publicKey, { issuer: claims.iss, algorithms: ['RS256'] }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw new ServiceError('NotAuthorizedException', 'Access Token has expired');
      throw invalid;
    }
    const { token_use: use, username, client_id: clientId, origin_jti: originJti } = claims;
    if (use !== 'access' || typeof username !== 'string' || typeof clientId !== 'string' || typeof originJti !== 'string') throw invalid;
    if (!(await this.#store.getSession(poolId, username, originJti, Math.floor(Date.now() / 1000)))) {
      throw new ServiceError('NotAuthorizedException', 'Access Token has been revoked');
    }
    return { poolId, username, clientId };
  }
}
