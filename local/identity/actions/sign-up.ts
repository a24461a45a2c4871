// SignUp, ConfirmSignUp and AdminConfirmSignUp.
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SignUp.html
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ConfirmSignUp.html
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminConfirmSignUp.html
import { randomInt, randomUUID } from 'node:crypto';
import { applyAttributes, maskEmail } from '../attributes.ts';
import { requireClient, requirePool, requireUser } from '../context.ts';
import type { Action, IdentityContext } from '../context.ts';
import { ServiceError } from '../../aws/service-error.ts';
import { checkPasswordPolicy, hashPassword } from '../passwords.ts';
import type { UserRecord } from '../store.ts';
import { sha256 } from '../tokens.ts';
import { rules, validate } from '../validation.ts';
import type { AttributeInput } from '../validation.ts';

/** Confirmation codes are valid for 24 hours. */
const CODE_LIFETIME_MS = 24 * 60 * 60 * 1000;

export const signUp: Action = async (ctx, input) => {
  const req = validate<{ ClientId: string; Username: string; Password: string; UserAttributes?: AttributeInput[] }>(input, {
    ClientId: rules.clientId,
    Username: rules.username,
    Password: rules.password,
    UserAttributes: rules.attributes,
    ValidationData: rules.attributes,
    ClientMetadata: rules.clientMetadata,
  });
  const { client, pool } = await requireClient(ctx, req.ClientId);
  const attributes = applyAttributes(pool, { sub: randomUUID() }, req.UserAttributes ?? [], { creating: true, client });
  checkPasswordPolicy(req.Password, pool.passwordPolicy);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const now = Date.now();
  const user: UserRecord = {
    userPoolId: pool.id,
    username: req.Username,
    attributes,
    passwordHash: await hashPassword(req.Password),
    status: 'UNCONFIRMED',
    enabled: true,
    createdAt: now,
    updatedAt: now,
    confirmation: { codeHash: sha256(code), expiresAt: now + CODE_LIFETIME_MS },
  };
  if (!(await ctx.store.createUser(user))) throw new ServiceError('UsernameExistsException', 'User already exists');
  const email = pool.autoVerifiedAttributes.includes('email') ? attributes.email : undefined;
  // Locally the code is "delivered" to the log instead of a mailbox.
  ctx.log(`[identity] confirmation code for ${req.Username}: ${code}`);
  return {
    UserConfirmed: false,
    UserSub: attributes.sub,
    ...(email ? { CodeDeliveryDetails: { Destination: maskEmail(email), DeliveryMedium: 'EMAIL', AttributeName: 'email' } } : {}),
  };
};

async function confirm(ctx: IdentityContext, user: UserRecord, verified: boolean): Promise<void> {
  if (user.status !== 'UNCONFIRMED') {
    throw new ServiceError('NotAuthorizedException', `User cannot be confirmed. Current status is ${user.status}`);
  }
  const { confirmation: _used, ...rest } = user;
  await ctx.store.saveUser({
    ...rest,
    status: 'CONFIRMED',
    attributes: verified && user.attributes.email ? { ...user.attributes, email_verified: 'true' } : user.attributes,
    updatedAt: Date.now(),
  });
}

export const confirmSignUp: Action = async (ctx, input) => {
  const req = validate<{ ClientId: string; Username: string; ConfirmationCode: string }>(input, {
    ClientId: rules.clientId,
    Username: rules.username,
    ConfirmationCode: { type: 'string', required: true, min: 1, max: 2048, pattern: '[\\S]+', sensitive: true },
    ForceAliasCreation: { type: 'boolean' },
    ClientMetadata: rules.clientMetadata,
  });
  const { client, pool } = await requireClient(ctx, req.ClientId);
  const user = await ctx.store.getUser(pool.id, req.Username);
  const mismatch = new ServiceError('CodeMismatchException', 'Invalid verification code provided, please try again.');
  if (!user) {
    // "Managing user existence error responses": with ENABLED the answer does not reveal the user.
    if (client.preventUserExistenceErrors === 'ENABLED') throw mismatch;
    throw new ServiceError('UserNotFoundException', 'Username/client id combination not found.');
  }
  if (user.status === 'UNCONFIRMED') {
    if (!user.confirmation || user.confirmation.codeHash !== sha256(req.ConfirmationCode)) throw mismatch;
    if (user.confirmation.expiresAt <= Date.now()) {
      throw new ServiceError('ExpiredCodeException', 'Invalid code provided, please request a code again.');
    }
  }
  await confirm(ctx, user, true);
  return {};
};

export const adminConfirmSignUp: Action = async (ctx, input) => {
  const req = validate<{ UserPoolId: string; Username: string }>(input, {
    UserPoolId: rules.userPoolId,
    Username: rules.username,
    ClientMetadata: rules.clientMetadata,
  });
  const pool = await requirePool(ctx, req.UserPoolId);
  await confirm(ctx, await requireUser(ctx, pool.id, req.Username), false);
  return {};
};
