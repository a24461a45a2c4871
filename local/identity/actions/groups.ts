// Groups: CreateGroup, ListGroups, AdminAddUserToGroup, AdminListGroupsForUser.
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListGroups.html
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateGroup.html
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminAddUserToGroup.html
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminListGroupsForUser.html
import { requirePool, requireUser } from '../context.ts';
import type { Action } from '../context.ts';
import { ServiceError } from '../../aws/service-error.ts';
import { pageOf } from './pages.ts';
import type { GroupRecord } from '../store.ts';
import { rules, validate } from '../validation.ts';

function groupType(group: GroupRecord): Record<string, unknown> {
  return {
    GroupName: group.groupName,
    UserPoolId: group.userPoolId,
    Description: group.description,
    RoleArn: group.roleArn,
    Precedence: group.precedence,
    CreationDate: group.createdAt / 1000,
    LastModifiedDate: group.updatedAt / 1000,
  };
}

export const createGroup: Action = async (ctx, input) => {
  const req = validate<{ GroupName: string; UserPoolId: string; Description?: string; RoleArn?: string; Precedence?: number }>(input, {
    GroupName: rules.groupName,
    UserPoolId: rules.userPoolId,
    Description: { type: 'string', max: 2048 },
    RoleArn: { type: 'string', min: 20, max: 2048, pattern: 'arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:([\\w+=/,.@-]*)?:[0-9]+:[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?' },
    Precedence: { type: 'integer', min: 0, max: 2147483647 },
  });
  const pool = await requirePool(ctx, req.UserPoolId);
  const now = Date.now();
  const group: GroupRecord = {
    userPoolId: pool.id,
    groupName: req.GroupName,
    description: req.Description,
    roleArn: req.RoleArn,
    precedence: req.Precedence,
    createdAt: now,
    updatedAt: now,
  };
  if (!(await ctx.store.createGroup(group))) throw new ServiceError('GroupExistsException', 'A group with the name already exists.');
  return { Group: groupType(group) };
};

export const adminAddUserToGroup: Action = async (ctx, input) => {
  const req = validate<{ UserPoolId: string; Username: string; GroupName: string }>(input, {
    UserPoolId: rules.userPoolId,
    Username: rules.username,
    GroupName: rules.groupName,
  });
  const pool = await requirePool(ctx, req.UserPoolId);
  const user = await requireUser(ctx, pool.id, req.Username);
  if (!(await ctx.store.getGroup(pool.id, req.GroupName))) throw new ServiceError('ResourceNotFoundException', 'Group not found.');
  await ctx.store.addMembership(pool.id, user.username, req.GroupName);
  return {};
};

export const adminListGroupsForUser: Action = async (ctx, input) => {
  const req = validate<{ UserPoolId: string; Username: string; Limit?: number; NextToken?: string }>(input, {
    Username: rules.username,
    UserPoolId: rules.userPoolId,
    Limit: { type: 'integer', min: 0, max: 60 },
    NextToken: { type: 'string', min: 1, pattern: '[\\S]+' },
  });
  const pool = await requirePool(ctx, req.UserPoolId);
  const user = await requireUser(ctx, pool.id, req.Username);
  const { page, next } = pageOf(await ctx.store.groupsOf(pool.id, user.username), req.Limit || 60, req.NextToken);
  return { Groups: page.map(groupType), ...(next ? { NextToken: next } : {}) };
};

/** Every group of the pool, by name. */
export const listGroups: Action = async (ctx, input) => {
  const req = validate<{ UserPoolId: string; Limit?: number; NextToken?: string }>(input, {
    UserPoolId: rules.userPoolId,
    Limit: { type: 'integer', min: 0, max: 60 },
    NextToken: { type: 'string', min: 1, pattern: '[\\S]+' },
  });
  const pool = await requirePool(ctx, req.UserPoolId);
  const { page, next } = pageOf(await ctx.store.listGroups(pool.id), req.Limit || 60, req.NextToken);
  return { Groups: page.map(groupType), ...(next ? { NextToken: next } : {}) };
};
