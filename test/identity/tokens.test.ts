// Tokens verify as Cognito's do, with aws-jwt-verify against the local JWKS: signature, issuer,
// audience / client_id, token_use, expiry ("Verifying a JSON web token",
// https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html);
// claims as "Understanding the identity (ID) token" and "Understanding the access token" list them.
import { jest } from '@jest/globals';
import {
  AdminCreateUserCommand, AdminSetUserPasswordCommand, ConfirmSignUpCommand, GetUserCommand, InitiateAuthCommand, SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AuthenticationResultType } from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import {
  CognitoJwtInvalidClientIdError, CognitoJwtInvalidTokenUseError, JwtExpiredError, JwtInvalidAudienceError, JwtInvalidIssuerError,
  JwtInvalidSignatureError, JwtParseError, KidNotFoundInJwksError,
} from 'aws-jwt-verify/error';
import { createTokenVerifier } from '../../local/identity/verifier.ts';
import type { TokenVerifier } from '../../local/identity/verifier.ts';
import { GOOD_PASSWORD, startTestIdentity } from './local-identity.ts';
import type { TestIdentity } from './local-identity.ts';

let t: TestIdentity;
let other: TestIdentity;
let verifier: TokenVerifier;
let tokens: AuthenticationResultType;

async function signInAs(env: TestIdentity, username: string): Promise<AuthenticationResultType> {
  const { AuthenticationResult } = await env.cognito.send(new InitiateAuthCommand({
    ClientId: env.identity.userPoolClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: GOOD_PASSWORD },
  }));
  return AuthenticationResult!;
}

async function createUser(env: TestIdentity, username: string): Promise<void> {
  const UserPoolId = env.identity.userPoolId;
  await env.cognito.send(new AdminCreateUserCommand({
    UserPoolId, Username: username, MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }, { Name: 'birthdate', Value: '1985-04-12' }, { Name: 'custom:country', Value: 'US' },
      { Name: 'address', Value: '1 Main St, Richmond, VA 23219, US' }],
  }));
  await env.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId, Username: username, Password: GOOD_PASSWORD, Permanent: true }));
}

beforeAll(async () => {
  [t, other] = await Promise.all([startTestIdentity(), startTestIdentity()]);
  verifier = createTokenVerifier({ issuer: t.identity.issuer, jwksUri: t.identity.jwksUri, clientId: t.identity.userPoolClientId });
  await Promise.all([createUser(t, 'gina'), createUser(other, 'gina')]);
  tokens = await signInAs(t, 'gina');
});
afterAll(async () => {
  jest.useRealTimers();
  await Promise.all([t.close(), other.close()]);
});

describe('JWKS and OpenID configuration', () => {
  it('serves the pool\'s two RS256 public keys and an OpenID configuration naming the issuer', async () => {
    expect(t.identity.issuer).toBe(`${t.identity.endpoint}/${t.identity.userPoolId}`);
    const jwks = await (await fetch(t.identity.jwksUri)).json() as { keys: Record<string, string>[] };
    expect(jwks.keys).toHaveLength(2);
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB' });
      expect(key).not.toHaveProperty('d'); // never the private part
    }
    const config = await (await fetch(`${t.identity.issuer}/.well-known/openid-configuration`)).json();
    expect(config).toMatchObject({ issuer: t.identity.issuer, jwks_uri: t.identity.jwksUri, id_token_signing_alg_values_supported: ['RS256'] });
    expect((await fetch(`${t.identity.endpoint}/us-east-1_nopool000/.well-known/jwks.json`)).status).toBe(404);
  });

  it('signs ID and access tokens with different keys, both in the JWKS', async () => {
    const jwks = await (await fetch(t.identity.jwksUri)).json() as { keys: { kid: string }[] };
    const idKid = decodeProtectedHeader(tokens.IdToken!).kid;
    const accessKid = decodeProtectedHeader(tokens.AccessToken!).kid;
    expect(idKid).not.toBe(accessKid);
    expect(jwks.keys.map((k) => k.kid).sort()).toEqual([idKid, accessKid].sort());
  });
});

describe('claims', () => {
  it('ID token: sub, iss, aud, token_use, auth_time, exp, cognito:username, standard and custom attributes', async () => {
    const claims = await verifier.verifyIdToken(tokens.IdToken!);
    expect(claims).toMatchObject({
      iss: t.identity.issuer, aud: t.identity.userPoolClientId, token_use: 'id', 'cognito:username': 'gina',
      email: 'gina@example.com', birthdate: '1985-04-12', 'custom:country': 'US', address: { formatted: '1 Main St, Richmond, VA 23219, US' },
    });
    expect(claims.sub).toMatch(/^[0-9a-f-]{36}$/);
    for (const name of ['auth_time', 'iat', 'exp']) expect(typeof claims[name]).toBe('number');
    for (const name of ['jti', 'origin_jti', 'event_id']) expect(typeof claims[name]).toBe('string');
  });

  it('access token: client_id, token_use, scope, username, no aud and no profile attributes', async () => {
    const claims = await verifier.verifyAccessToken(tokens.AccessToken!);
    expect(claims).toMatchObject({ client_id: t.identity.userPoolClientId, token_use: 'access', scope: 'aws.cognito.signin.user.admin', username: 'gina' });
    expect(claims).not.toHaveProperty('aud');
    expect(claims).not.toHaveProperty('birthdate');
    expect(claims.sub).toBe(decodeJwt(tokens.IdToken!).sub);
  });

  it('verify() takes either kind, as AppSync does', async () => {
    expect((await verifier.verify(tokens.IdToken!)).token_use).toBe('id');
    expect((await verifier.verify(tokens.AccessToken!)).token_use).toBe('access');
  });
});

describe('refused tokens', () => {
  it('an access token where an ID token is expected, and the reverse (token_use)', async () => {
    await expect(verifier.verifyIdToken(tokens.AccessToken!)).rejects.toThrow(JwtInvalidAudienceError); // no aud on access tokens
    const noAudience = createTokenVerifier({ issuer: t.identity.issuer, jwksUri: t.identity.jwksUri, clientId: t.identity.userPoolClientId });
    await expect(noAudience.verifyAccessToken(tokens.IdToken!)).rejects.toThrow(CognitoJwtInvalidTokenUseError);
  });

  it('a token for another app client (audience / client_id)', async () => {
    const wrongClient = createTokenVerifier({ issuer: t.identity.issuer, jwksUri: t.identity.jwksUri, clientId: 'someotherclient' });
    await expect(wrongClient.verifyIdToken(tokens.IdToken!)).rejects.toThrow(JwtInvalidAudienceError);
    await expect(wrongClient.verifyAccessToken(tokens.AccessToken!)).rejects.toThrow(CognitoJwtInvalidClientIdError);
  });

  it('a foreign token: from another pool (issuer), or re-issued under this issuer with another key (signature)', async () => {
    const foreign = await signInAs(other, 'gina');
    await expect(verifier.verifyIdToken(foreign.IdToken!)).rejects.toThrow(KidNotFoundInJwksError); // its key is not in our JWKS
    const elsewhere = createTokenVerifier({ issuer: other.identity.issuer, jwksUri: t.identity.jwksUri, clientId: t.identity.userPoolClientId });
    await expect(elsewhere.verifyIdToken(tokens.IdToken!)).rejects.toThrow(JwtInvalidIssuerError);
    await expect(t.cognito.send(new GetUserCommand({ AccessToken: foreign.AccessToken! })))
      .rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid Access Token' });

    const { privateKey } = await generateKeyPair('RS256');
    const kid = decodeProtectedHeader(tokens.IdToken!).kid!;
    const forged = await new SignJWT({ ...decodeJwt(tokens.IdToken!), 'cognito:groups': ['finance'] })
      .setProtectedHeader({ alg: 'RS256', kid }).sign(privateKey);
    await expect(verifier.verifyIdToken(forged)).rejects.toThrow(JwtInvalidSignatureError);
    const unknownKid = await new SignJWT(decodeJwt(tokens.IdToken!)).setProtectedHeader({ alg: 'RS256', kid: 'not-ours' }).sign(privateKey);
    // aws-jwt-verify refetches the JWKS once per unknown kid, then backs off: a fresh verifier per case.
    const fresh = createTokenVerifier({ issuer: t.identity.issuer, jwksUri: t.identity.jwksUri, clientId: t.identity.userPoolClientId });
    await expect(fresh.verifyIdToken(unknownKid)).rejects.toThrow(KidNotFoundInJwksError);
  });

  it('a tampered payload keeping the original signature, an unsigned token, and garbage', async () => {
    const [header, , signature] = tokens.IdToken!.split('.');
    const payload = Buffer.from(JSON.stringify({ ...decodeJwt(tokens.IdToken!), 'cognito:groups': ['finance'] })).toString('base64url');
    await expect(verifier.verifyIdToken(`${header}.${payload}.${signature}`)).rejects.toThrow(JwtInvalidSignatureError);
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    await expect(verifier.verifyIdToken(none)).rejects.toThrow();
    await expect(verifier.verify('not-a-jwt')).rejects.toThrow(JwtParseError);
    await expect(t.cognito.send(new GetUserCommand({ AccessToken: `${tokens.AccessToken!.split('.').slice(0, 2).join('.')}.AAAA` })))
      .rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid Access Token' });
  });

  it('an expired token, past the app client\'s lifetime (verifier and GetUser), and an expired confirmation code', async () => {
    await t.cognito.send(new SignUpCommand({ ClientId: t.identity.userPoolClientId, Username: 'late', Password: GOOD_PASSWORD, UserAttributes: [{ Name: 'email', Value: 'late@example.com' }] }));
    // Only Date is faked, so sockets and timers keep working.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] });
    try {
      jest.setSystemTime(Date.now() + 61 * 60 * 1000);
      await expect(verifier.verifyIdToken(tokens.IdToken!)).rejects.toThrow(JwtExpiredError);
      await expect(verifier.verifyAccessToken(tokens.AccessToken!)).rejects.toThrow(JwtExpiredError);
      await expect(t.cognito.send(new GetUserCommand({ AccessToken: tokens.AccessToken! })))
        .rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Access Token has expired' });
      // The refresh token (30 days) still gets fresh tokens, which verify.
      const refreshed = await t.cognito.send(new InitiateAuthCommand({ ClientId: t.identity.userPoolClientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! } }));
      expect((await verifier.verifyIdToken(refreshed.AuthenticationResult!.IdToken!))['cognito:username']).toBe('gina');

      jest.setSystemTime(Date.now() + 24 * 60 * 60 * 1000);
      await expect(t.cognito.send(new ConfirmSignUpCommand({ ClientId: t.identity.userPoolClientId, Username: 'late', ConfirmationCode: t.codeFor('late') })))
        .rejects.toMatchObject({ name: 'ExpiredCodeException' });
    } finally {
      jest.useRealTimers();
    }
  });
});
