// The signed-in user's own calls, authorised by an access token: GetUser, UpdateUserAttributes, GlobalSignOut.
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetUser.html
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateUserAttributes.html
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GlobalSignOut.html
import { applyAttributes, attributeList } from '../attributes.ts';
import { requireClient } from '../context.ts';
import type { Action, IdentityContext } from '../context.ts';
import { ServiceError } from '../../aws/service-error.ts';
import type { AppClient, UserPool } from '../pool-config.ts';
import type { UserRecord } from '../store.ts';
import { rules, validate } from '../validation.ts';
import type { AttributeInput } from '../validation.ts';

async function currentUser(ctx: IdentityContext, accessToken: string): Promise<{ user: UserRecord; client: AppClient; pool: UserPool }> {
  const { poolId, username, clientId } = await ctx.tokens.verifyAccessToken(accessToken);
  const { client, pool } = await requireClient(ctx, clientId);
  const user = await ctx.store.getUser(poolId, username);
  if (!user) throw new ServiceError('UserNotFoundException', 'User does not exist.');
  if (!user.enabled) throw new ServiceError('NotAuthorizedException', 'User is disabled.');
  return { user, client, pool };
}

export const getUser: Action = async (ctx, input) => {
  const req = validate<{ AccessToken: string }>(input, { AccessToken: rules.accessToken });
  const { user, client } = await currentUser(ctx, req.AccessToken);
  return { Username: user.username, UserAttributes: attributeList(user.attributes, client.readAttributes) };
};

export const updateUserAttributes: Action = async (ctx, input) => {
  const req = validate<{ AccessToken: string; UserAttributes: AttributeInput[] }>(input, {
    AccessToken: rules.accessToken,
    UserAttributes: { type: 'attributes', required: true },
    ClientMetadata: rules.clientMetadata,
  });
  const { user, client, pool } = await currentUser(ctx, req.AccessToken);
  const attributes = applyAttributes(pool, user.attributes, req.UserAttributes, { creating: false, client });
  await ctx.store.saveUser({ ...user, attributes, updatedAt: Date.now() });
  return { CodeDeliveryDetailsList: [] };
};

export const globalSignOut: Action = async (ctx, input) => {
  const req = validate<{ AccessToken: string }>(input, { AccessToken: rules.accessToken });
  const { user } = await currentUser(ctx, req.AccessToken);
  await ctx.store.deleteSessions(user.userPoolId, user.username);
  return {};
};
