// The Cognito Identity Provider actions this service answers, by `x-amz-target` action name.
import type { Action } from '../context.ts';
import { adminCreateUser, adminDisableUser, adminEnableUser, adminGetUser, adminSetUserPassword, listUsers } from './admin-users.ts';
import { getTokensFromRefreshToken, initiateAuth, respondToAuthChallenge, revokeToken } from './authenticate.ts';
import { getUser, globalSignOut, updateUserAttributes } from './current-user.ts';
import { adminAddUserToGroup, adminListGroupsForUser, createGroup, listGroups } from './groups.ts';
import { describeUserPool, listUserPools } from './pools.ts';
import { adminConfirmSignUp, confirmSignUp, signUp } from './sign-up.ts';

export const actions: Readonly<Record<string, Action>> = {
  SignUp: signUp,
  ConfirmSignUp: confirmSignUp,
  AdminConfirmSignUp: adminConfirmSignUp,
  InitiateAuth: initiateAuth,
  GetTokensFromRefreshToken: getTokensFromRefreshToken,
  RespondToAuthChallenge: respondToAuthChallenge,
  RevokeToken: revokeToken,
  GetUser: getUser,
  UpdateUserAttributes: updateUserAttributes,
  GlobalSignOut: globalSignOut,
  AdminCreateUser: adminCreateUser,
  AdminSetUserPassword: adminSetUserPassword,
  AdminGetUser: adminGetUser,
  AdminDisableUser: adminDisableUser,
  AdminEnableUser: adminEnableUser,
  ListUsers: listUsers,
  CreateGroup: createGroup,
  ListGroups: listGroups,
  AdminAddUserToGroup: adminAddUserToGroup,
  AdminListGroupsForUser: adminListGroupsForUser,
  DescribeUserPool: describeUserPool,
  ListUserPools: listUserPools,
};
