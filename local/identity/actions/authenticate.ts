// InitiateAuth (USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH / REFRESH_TOKEN), GetTokensFromRefreshToken
// (what Amplify v6 calls to refresh), RespondToAuthChallenge (NEW_PASSWORD_REQUIRED) and RevokeToken
// (Amplify's signOut).
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetTokensFromRefreshToken.html
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RevokeToken.html
import { applyAttributes } from '../attributes.ts';
import { requireClient } from '../context.ts';
import type { Action, IdentityContext } from '../context.ts';
import { ServiceError } from '../../aws/service-error.ts';
import { checkPasswordPolicy, hashPassword, verifyPassword } from '../passwords.ts';
import type { AppClient } from '../pool-config.ts';
import { newSecret } from '../pool-config.ts';
import type { UserRecord } from '../store.ts';
import { sha256 } from '../tokens.ts';
import { rules, validate } from '../validation.ts';

const AUTH_FLOWS = ['USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN', 'CUSTOM_AUTH', 'ADMIN_NO_SRP_AUTH',
  'USER_PASSWORD_AUTH', 'ADMIN_USER_PASSWORD_AUTH', 'USER_AUTH'] as const;
const CHALLENGES = ['SMS_MFA', 'EMAIL_OTP', 'SOFTWARE_TOKEN_MFA', 'SELECT_MFA_TYPE', 'MFA_SETUP', 'PASSWORD_VERIFIER',
  'CUSTOM_CHALLENGE', 'SELECT_CHALLENGE', 'DEVICE_SRP_AUTH', 'DEVICE_PASSWORD_VERIFIER', 'ADMIN_NO_SRP_AUTH',
  'NEW_PASSWORD_REQUIRED', 'SMS_OTP', 'PASSWORD', 'WEB_AUTHN', 'PASSWORD_SRP'] as const;
/** The challenge session lasts 3 minutes, the app client's default AuthSessionValidity. */
const CHALLENGE_LIFETIME_MS = 3 * 60 * 1000;

let decoy: Promise<string> | undefined;
const decoyHash = (): Promise<string> => (decoy ??= hashPassword(newSecret()));

function flowPermission(flow: string): string {
  return flow === 'REFRESH_TOKEN' ? 'ALLOW_REFRESH_TOKEN_AUTH' : `ALLOW_${flow}`;
}

function requireFlow(client: AppClient, flow: string): void {
  if (flow.startsWith('ADMIN_')) throw new ServiceError('InvalidParameterException', 'Initiate Auth method not supported.');
  if (!client.explicitAuthFlows.includes(flowPermission(flow))) {
    throw new ServiceError('InvalidParameterException', `${flow} flow not enabled for this client`);
  }
}

function requireParameter(parameters: Readonly<Record<string, string>>, name: string): string {
  const value = parameters[name];
  if (!value) throw new ServiceError('InvalidParameterException', `Missing required parameter ${name}`);
  return value;
}

async function newPasswordChallenge(ctx: IdentityContext, user: UserRecord): Promise<object> {
  const secret = newSecret();
  await ctx.store.saveUser({ ...user, challenge: { sessionHash: sha256(secret), expiresAt: Date.now() + CHALLENGE_LIFETIME_MS } });
  const { sub: _sub, ...attributes } = user.attributes;
  return {
    ChallengeName: 'NEW_PASSWORD_REQUIRED',
    Session: `${Buffer.from(JSON.stringify({ p: user.userPoolId, u: user.username })).toString('base64url')}.${secret}`,
    ChallengeParameters: { USER_ID_FOR_SRP: user.username, requiredAttributes: '[]', userAttributes: JSON.stringify(attributes) },
  };
}

async function passwordAuth(ctx: IdentityContext, client: AppClient, parameters: Readonly<Record<string, string>>): Promise<object> {
  const username = requireParameter(parameters, 'USERNAME');
  const password = requireParameter(parameters, 'PASSWORD');
  const incorrect = new ServiceError('NotAuthorizedException', 'Incorrect username or password.');
  const user = await ctx.store.getUser(client.userPoolId, username);
  if (!user) {
    // "Managing user existence error responses": ENABLED answers as for a wrong password, and
    // takes as long (one scrypt), so timing does not tell either.
    if (client.preventUserExistenceErrors === 'ENABLED') {
      await verifyPassword(password, await decoyHash());
      throw incorrect;
    }
    throw new ServiceError('UserNotFoundException', 'User does not exist.');
  }
  if (!user.passwordHash || !(await verifyPassword(password, user.passwordHash))) throw incorrect;
  if (!user.enabled) throw new ServiceError('NotAuthorizedException', 'User is disabled.');
  if (user.status === 'UNCONFIRMED') throw new ServiceError('UserNotConfirmedException', 'User is not confirmed.');
  if (user.status === 'FORCE_CHANGE_PASSWORD') return newPasswordChallenge(ctx, user);
  return { AuthenticationResult: await ctx.tokens.signIn(client, user), ChallengeParameters: {} };
}

/** New ID and access tokens for a refresh token's session; the refresh token itself stays (no rotation). */
async function refresh(ctx: IdentityContext, client: AppClient, refreshToken: string): Promise<object> {
  const { poolId, username, session } = await ctx.tokens.redeemRefreshToken(refreshToken, client.clientId);
  const user = await ctx.store.getUser(poolId, username);
  if (!user) throw new ServiceError('NotAuthorizedException', 'Refresh Token has been revoked');
  if (!user.enabled) throw new ServiceError('NotAuthorizedException', 'User is disabled.');
  const { RefreshToken: _kept, ...result } = await ctx.tokens.tokens(client, user, session);
  return result;
}

export const initiateAuth: Action = async (ctx, input) => {
  const req = validate<{ AuthFlow: string; ClientId: string; AuthParameters?: Record<string, string> }>(input, {
    AuthFlow: { type: 'string', required: true, oneOf: AUTH_FLOWS },
    ClientId: rules.clientId,
    AuthParameters: { type: 'stringMap', sensitive: true },
    ClientMetadata: rules.clientMetadata,
  });
  const { client } = await requireClient(ctx, req.ClientId);
  requireFlow(client, req.AuthFlow);
  const parameters = req.AuthParameters ?? {};
  if (req.AuthFlow === 'USER_PASSWORD_AUTH') return passwordAuth(ctx, client, parameters);
  if (req.AuthFlow === 'REFRESH_TOKEN_AUTH' || req.AuthFlow === 'REFRESH_TOKEN') {
    return { AuthenticationResult: await refresh(ctx, client, requireParameter(parameters, 'REFRESH_TOKEN')), ChallengeParameters: {} };
  }
  // Only the flows above are ever enabled on a local client, so requireFlow has refused the rest.
  throw new ServiceError('InvalidParameterException', `${req.AuthFlow} flow not enabled for this client`);
};

export const getTokensFromRefreshToken: Action = async (ctx, input) => {
  const req = validate<{ RefreshToken: string; ClientId: string }>(input, {
    RefreshToken: { type: 'string', required: true, pattern: '[\\S]+', sensitive: true },
    ClientId: rules.clientId,
    ClientSecret: { type: 'string', sensitive: true },
    DeviceKey: { type: 'string' },
    ClientMetadata: rules.clientMetadata,
  });
  const { client } = await requireClient(ctx, req.ClientId);
  requireFlow(client, 'REFRESH_TOKEN_AUTH');
  return { AuthenticationResult: await refresh(ctx, client, req.RefreshToken) };
};

export const respondToAuthChallenge: Action = async (ctx, input) => {
  const req = validate<{ ClientId: string; ChallengeName: string; Session?: string; ChallengeResponses?: Record<string, string> }>(input, {
    ClientId: rules.clientId,
    ChallengeName: { type: 'string', required: true, oneOf: CHALLENGES },
    Session: { type: 'string', min: 20, max: 2048, sensitive: true },
    ChallengeResponses: { type: 'stringMap', sensitive: true },
    ClientMetadata: rules.clientMetadata,
  });
  const { client, pool } = await requireClient(ctx, req.ClientId);
  const expired = new ServiceError('NotAuthorizedException', 'Invalid session for the user, session is expired.');
  if (req.ChallengeName !== 'NEW_PASSWORD_REQUIRED') throw expired; // no other challenge is ever issued locally
  const responses = req.ChallengeResponses ?? {};
  const username = requireParameter(responses, 'USERNAME');
  const newPassword = requireParameter(responses, 'NEW_PASSWORD');
  const [handle = '', secret = ''] = (req.Session ?? '').split('.');
  let ref: { p?: unknown; u?: unknown } = {};
  try {
    ref = JSON.parse(Buffer.from(handle, 'base64url').toString('utf8'));
  } catch {
    throw expired;
  }
  const user = await ctx.store.getUser(pool.id, username);
  if (!user || ref.p !== pool.id || typeof ref.u !== 'string' || ref.u.toLowerCase() !== user.username.toLowerCase()
    || !user.challenge || user.challenge.sessionHash !== sha256(secret) || user.challenge.expiresAt <= Date.now()) {
    throw expired;
  }
  checkPasswordPolicy(newPassword, pool.passwordPolicy);
  const written = Object.entries(responses)
    .filter(([key]) => key.startsWith('userAttributes.'))
    .map(([key, Value]) => ({ Name: key.slice('userAttributes.'.length), Value }));
  const attributes = applyAttributes(pool, user.attributes, written, { creating: false, client });
  const { challenge: _answered, ...rest } = user;
  const confirmed: UserRecord = { ...rest, attributes, passwordHash: await hashPassword(newPassword), status: 'CONFIRMED', updatedAt: Date.now() };
  await ctx.store.saveUser(confirmed);
  return { AuthenticationResult: await ctx.tokens.signIn(client, confirmed), ChallengeParameters: {} };
};

export const revokeToken: Action = async (ctx, input) => {
  const req = validate<{ Token: string; ClientId: string }>(input, {
    Token: { type: 'string', required: true, pattern: '[A-Za-z0-9-_=.]+', sensitive: true },
    ClientId: rules.clientId,
    ClientSecret: { type: 'string', sensitive: true },
    ClientMetadata: rules.clientMetadata,
  });
  const { client } = await requireClient(ctx, req.ClientId);
  await ctx.tokens.revokeRefreshToken(req.Token, client.clientId);
  return {};
};
