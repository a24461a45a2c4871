// Token verification for the other local services (AppSync, tasks), built on aws-jwt-verify's
// generic JwtVerifier (CognitoJwtVerifier only accepts the cognito-idp.<region>.amazonaws.com issuer):
// signature against the pool's JWKS, issuer, expiry, token_use, and aud (ID token) or client_id
// (access token), the checks "Verifying a JSON web token" lists:
// https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
import { JwtVerifier } from 'aws-jwt-verify';
import { assertStringEquals } from 'aws-jwt-verify/assert';
import { CognitoJwtInvalidClientIdError, CognitoJwtInvalidTokenUseError } from 'aws-jwt-verify/error';
import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { decodeJwt } from 'jose';

export interface TokenVerifierOptions {
  readonly issuer: string;
  readonly jwksUri: string;
  readonly clientId: string;
}

export type CognitoClaims = JwtPayload & {
  readonly sub: string;
  readonly token_use: 'id' | 'access';
  readonly 'cognito:groups'?: string[];
};

export interface TokenVerifier {
  verifyIdToken(token: string): Promise<CognitoClaims>;
  verifyAccessToken(token: string): Promise<CognitoClaims>;
  /** Either kind, as AppSync's Cognito authorization accepts both. */
  verify(token: string): Promise<CognitoClaims>;
}

/** aws-jwt-verify's own fetcher speaks only https; the local JWKS is served over http on loopback. */
class HttpFetcher implements Fetcher {
  async fetch(uri: string): Promise<ArrayBuffer> {
    const response = await fetch(uri, { signal: AbortSignal.timeout(3000) });
    if (!response.ok) throw new Error(`JWKS fetch from ${uri} answered ${response.status}`);
    return response.arrayBuffer();
  }
}

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const jwksCache = new SimpleJwksCache({ fetcher: new HttpFetcher() });
  const common = { issuer: options.issuer, jwksUri: options.jwksUri };
  const idVerifier = JwtVerifier.create({
    ...common,
    audience: options.clientId,
    customJwtCheck: ({ payload }) => assertStringEquals('Token use', payload.token_use, 'id', CognitoJwtInvalidTokenUseError),
  }, { jwksCache });
  const accessVerifier = JwtVerifier.create({
    ...common,
    audience: null, // access tokens carry client_id instead of aud
    customJwtCheck: ({ payload }) => {
      assertStringEquals('Token use', payload.token_use, 'access', CognitoJwtInvalidTokenUseError);
      assertStringEquals('Client ID', payload.client_id, options.clientId, CognitoJwtInvalidClientIdError);
    },
  }, { jwksCache });

  const verifyIdToken = async (token: string): Promise<CognitoClaims> => (await idVerifier.verify(token)) as CognitoClaims;
  const verifyAccessToken = async (token: string): Promise<CognitoClaims> => (await accessVerifier.verify(token)) as CognitoClaims;
  return {
    verifyIdToken,
    verifyAccessToken,
    async verify(token) {
      let use: unknown;
      try {
        use = decodeJwt(token).token_use;
      } catch {
        // Let the verifier report the malformed token in its own terms.
        return verifyIdToken(token);
      }
      return use === 'access' ? verifyAccessToken(token) : verifyIdToken(token);
    },
  };
}
