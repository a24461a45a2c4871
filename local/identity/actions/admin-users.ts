// The administrator's user calls: AdminCreateUser, AdminSetUserPassword, AdminGetUser,
// AdminDisableUser / AdminEnableUser, ListUsers.
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminCreateUser.html
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminSetUserPassword.html
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminGetUser.html
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminDisableUser.html
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListUsers.html
import { randomUUID } from 'node:crypto';
import { applyAttributes, attributeList } from '../attributes.ts';
import { requirePool, requireUser, userType } from '../context.ts';
import type { Action } from '../context.ts';
import { ServiceError } from '../../aws/service-error.ts';
import { checkPasswordPolicy, generatePassword, hashPassword } from '../passwords.ts';
import type { UserRecord } from '../store.ts';
import { rules, validate } from '../validation.ts';
import type { AttributeInput } from '../validation.ts';
import { parseUserFilter } from '../user-filter.ts';

export const adminCreateUser: Action = async (ctx, input) => {
  const req = validate<{ UserPoolId: string; Username: string; UserAttributes?: AttributeInput[]; TemporaryPassword?: string; MessageAction?: string }>(input, {
    UserPoolId: rules.userPoolId,
    Username: rules.username,
    UserAttributes: rules.attributes,
    ValidationData: rules.attributes,
    TemporaryPassword: { type: 'string', max: 256, pattern: '[\\S]+', sensitive: true },
    ForceAliasCreation: { type: 'boolean' },
    MessageAction: { type: 'string', oneOf: ['RESEND', 'SUPPRESS'] },
    DesiredDeliveryMediums: { type: 'stringList', item: { type: 'string', required: true, oneOf: ['SMS', 'EMAIL'] } },
    ClientMetadata: rules.clientMetadata,
  });
  const pool = await requirePool(ctx, req.UserPoolId);
  if (req.MessageAction === 'RESEND') {
    // Resending an invitation needs an existing FORCE_CHANGE_PASSWORD user; nothing is mailed locally.
    const user = await requireUser(ctx, pool.id, req.Username);
    return { User: userType(user, attributeList(user.attributes)) };
  }
  const attributes = applyAttributes(pool, { sub: randomUUID() }, req.UserAttributes ?? [], { creating: true });
  const temporary = req.TemporaryPassword ?? generatePassword();
  checkPasswordPolicy(temporary, pool.passwordPolicy);
  const now = Date.now();
  const user: UserRecord = {
    userPoolId: pool.id,
    username: req.Username,
    attributes,
    passwordHash: await hashPassword(temporary),
    status: 'FORCE_CHANGE_PASSWORD',
    enabled: true,
    createdAt: now,
    updatedAt: now,
  };
  if (!(await ctx.store.createUser(user))) throw new ServiceError('UsernameExistsException', 'User account already exists');
  // Without SUPPRESS Cognito mails the invitation; locally it goes to the log (a one-time password).
  if (req.MessageAction !== 'SUPPRESS') ctx.log(`[identity] invitation for ${req.Username}: temporary password ${temporary}`);
  return { User: userType(user, attributeList(attributes)) };
};

export const adminSetUserPassword: Action = async (ctx, input) => {
  const req = validate<{ UserPoolId: string; Username: string; Password: string; Permanent?: boolean }>(input, {
    UserPoolId: rules.userPoolId,
    Username: rules.username,
    Password: rules.password,
    Permanent: { type: 'boolean' },
  });
  const pool = await requirePool(ctx, req.UserPoolId);
  const user = await requireUser(ctx, pool.id, req.Username);
  checkPasswordPolicy(req.Password, pool.passwordPolicy);
  const { challenge: _dropped, confirmation: _unused, ...rest } = user;
  await ctx.store.saveUser({
    ...rest,
    passwordHash: await hashPassword(req.Password),
    status: req.Permanent ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD',
    updatedAt: Date.now(),
  });
  return {};
};

export const adminGetUser: Action = async (ctx, input) => {
  const req = validate<{ UserPoolId: string; Username: string }>(input, { UserPoolId: rules.userPoolId, Username: rules.username });
  const pool = await requirePool(ctx, req.UserPoolId);
  const user = await requireUser(ctx, pool.id, req.Username);
  const { Attributes, ...rest } = userType(user, attributeList(user.attributes));
  return { ...rest, UserAttributes: Attributes };
};

/** AdminDisableUser "deactivates a user profile and revokes all access tokens for the user" (API_AdminDisableUser). */
function setEnabled(enabled: boolean): Action {
  return async (ctx, input) => {
    const req = validate<{ UserPoolId: string; Username: string }>(input, { UserPoolId: rules.userPoolId, Username: rules.username });
    const pool = await requirePool(ctx, req.UserPoolId);
    const user = await requireUser(ctx, pool.id, req.Username);
    await ctx.store.saveUser({ ...user, enabled, updatedAt: Date.now() });
    if (!enabled) await ctx.store.deleteSessions(pool.id, user.username);
    return {};
  };
}

export const adminDisableUser = setEnabled(false);
export const adminEnableUser = setEnabled(true);

interface PageToken {
  readonly after: string;
}

export const listUsers: Action = async (ctx, input) => {
  const req = validate<{ UserPoolId: string; AttributesToGet?: string[]; Limit?: number; PaginationToken?: string; Filter?: string }>(input, {
    UserPoolId: rules.userPoolId,
    AttributesToGet: { type: 'stringList', item: { type: 'string', required: true, min: 1, max: 32 } },
    Limit: { type: 'integer', min: 0, max: 60 },
    PaginationToken: { type: 'string', min: 1, pattern: '[\\S]+' },
    Filter: { type: 'string', max: 256 },
  });
  const pool = await requirePool(ctx, req.UserPoolId);
  const known = new Set(pool.schema.map((a) => a.name));
  for (const name of req.AttributesToGet ?? []) {
    if (!known.has(name)) throw new ServiceError('InvalidParameterException', `One or more requested attributes do not exist.`);
  }
  const matches = parseUserFilter(req.Filter ?? '');
  let after = '';
  if (req.PaginationToken !== undefined) {
    try {
      after = (JSON.parse(Buffer.from(req.PaginationToken, 'base64url').toString('utf8')) as PageToken).after;
    } catch {
      throw new ServiceError('InvalidParameterException', 'Invalid pagination token.');
    }
    if (typeof after !== 'string') throw new ServiceError('InvalidParameterException', 'Invalid pagination token.');
  }
  const limit = req.Limit || 60;
  const users = (await ctx.store.listUsers(pool.id)).filter((u) => u.username.toLowerCase() > after && matches(u));
  const page = users.slice(0, limit);
  const last = page.at(-1);
  return {
    Users: page.map((u) => userType(u, attributeList(u.attributes, req.AttributesToGet))),
    ...(users.length > limit && last
      ? { PaginationToken: Buffer.from(JSON.stringify({ after: last.username.toLowerCase() } satisfies PageToken)).toString('base64url') }
      : {}),
  };
};
