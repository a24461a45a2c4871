// Every action of the local user pool through @aws-sdk/client-cognito-identity-provider, with
// Cognito's rules and error names. References: the Cognito Identity Provider API reference,
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_<Action>.html
import {
  AdminAddUserToGroupCommand, AdminConfirmSignUpCommand, AdminCreateUserCommand, AdminDisableUserCommand, AdminEnableUserCommand, AdminGetUserCommand,
  AdminListGroupsForUserCommand, AdminSetUserPasswordCommand, ConfirmSignUpCommand, CreateGroupCommand, DescribeUserPoolCommand,
  ListGroupsCommand, ListUserPoolsCommand,
  GetTokensFromRefreshTokenCommand, GetUserCommand, GlobalSignOutCommand, InitiateAuthCommand, ListUsersCommand,
  RespondToAuthChallengeCommand, RevokeTokenCommand, SignUpCommand, UpdateUserAttributesCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';
import { newPublicClient } from '../../local/identity/pool-config.ts';
import { IdentityStore } from '../../local/identity/store.ts';
import { GOOD_PASSWORD, startTestIdentity } from './local-identity.ts';
import type { TestIdentity } from './local-identity.ts';

let t: TestIdentity;
let poolId: string;
let clientId: string;

beforeAll(async () => {
  t = await startTestIdentity();
  poolId = t.identity.userPoolId;
  clientId = t.identity.userPoolClientId;
});
afterAll(() => t.close());

const rejection = (name: string, message?: string | RegExp) =>
  expect.objectContaining({ name, $metadata: expect.objectContaining({ httpStatusCode: 400 }), ...(message ? { message: expect.stringMatching(message) } : {}) });

const signIn = (username: string, password: string) =>
  t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }));

async function signedUpAndConfirmed(username: string, attributes: { Name: string; Value: string }[] = []): Promise<void> {
  await t.cognito.send(new SignUpCommand({
    ClientId: clientId, Username: username, Password: GOOD_PASSWORD,
    UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }, ...attributes],
  }));
  await t.cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: username, ConfirmationCode: t.codeFor(username) }));
}

describe('SignUp and ConfirmSignUp (API_SignUp, API_ConfirmSignUp)', () => {
  it('creates an UNCONFIRMED user, "mails" the code to the log, and confirms it with that code', async () => {
    const out = await t.cognito.send(new SignUpCommand({
      ClientId: clientId, Username: 'alice', Password: GOOD_PASSWORD,
      UserAttributes: [{ Name: 'email', Value: 'alice@example.com' }, { Name: 'birthdate', Value: '1990-01-31' }],
    }));
    expect(out.UserConfirmed).toBe(false);
    expect(out.UserSub).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.CodeDeliveryDetails).toEqual({ Destination: 'a***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    const before = await t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'alice' }));
    expect(before.UserStatus).toBe('UNCONFIRMED');

    // Cognito: UserNotConfirmedException until the account is confirmed.
    await expect(signIn('alice', GOOD_PASSWORD)).rejects.toEqual(rejection('UserNotConfirmedException', 'User is not confirmed.'));
    await expect(t.cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'alice', ConfirmationCode: '000000x' })))
      .rejects.toEqual(rejection('CodeMismatchException'));

    await t.cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'alice', ConfirmationCode: t.codeFor('alice') }));
    const after = await t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'alice' }));
    expect(after.UserStatus).toBe('CONFIRMED');
    expect(after.UserAttributes).toEqual(expect.arrayContaining([{ Name: 'email_verified', Value: 'true' }]));
    // A second confirmation: NotAuthorizedException "Current status is CONFIRMED".
    await expect(t.cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'alice', ConfirmationCode: t.codeFor('alice') })))
      .rejects.toEqual(rejection('NotAuthorizedException', 'Current status is CONFIRMED'));
  });

  it('refuses a taken username (case-insensitively) with UsernameExistsException', async () => {
    await expect(t.cognito.send(new SignUpCommand({
      ClientId: clientId, Username: 'ALICE', Password: GOOD_PASSWORD, UserAttributes: [{ Name: 'email', Value: 'x@example.com' }],
    }))).rejects.toEqual(rejection('UsernameExistsException', 'User already exists'));
  });

  it.each([
    ['short', 'Ab1!', 'Password not long enough'],
    ['no uppercase', 'corona-gorda-1!', 'Password must have uppercase characters'],
    ['no lowercase', 'CORONA-GORDA-1!', 'Password must have lowercase characters'],
    ['no number', 'Corona-Gorda-!', 'Password must have numeric characters'],
    ['no symbol', 'CoronaGorda1', 'Password must have symbol characters'],
  ])('applies the pool password policy (%s) with InvalidPasswordException', async (_case, password, why) => {
    await expect(t.cognito.send(new SignUpCommand({
      ClientId: clientId, Username: `weak-${password.length}-${why.length}`, Password: password, UserAttributes: [{ Name: 'email', Value: 'w@example.com' }],
    }))).rejects.toEqual(rejection('InvalidPasswordException', `Password did not conform with policy: ${why}`));
  });

  it('requires the schema\'s required attributes and refuses unknown ones (InvalidParameterException)', async () => {
    await expect(t.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'noemail', Password: GOOD_PASSWORD })))
      .rejects.toEqual(rejection('InvalidParameterException', 'email: The attribute is required'));
    await expect(t.cognito.send(new SignUpCommand({
      ClientId: clientId, Username: 'unknownattr', Password: GOOD_PASSWORD,
      UserAttributes: [{ Name: 'email', Value: 'u@example.com' }, { Name: 'custom:nope', Value: 'x' }],
    }))).rejects.toEqual(rejection('InvalidParameterException', 'Type for attribute {custom:nope} could not be determined'));
  });

  it('refuses attributes outside the app client\'s write attributes with NotAuthorizedException', async () => {
    await expect(t.cognito.send(new SignUpCommand({
      ClientId: clientId, Username: 'selfverify', Password: GOOD_PASSWORD,
      UserAttributes: [{ Name: 'email', Value: 's@example.com' }, { Name: 'email_verified', Value: 'true' }],
    }))).rejects.toEqual(rejection('NotAuthorizedException', 'A client attempted to write unauthorized attribute'));
  });

  it('answers ResourceNotFoundException for an unknown app client', async () => {
    await expect(t.cognito.send(new SignUpCommand({ ClientId: 'nosuchclient', Username: 'x', Password: GOOD_PASSWORD })))
      .rejects.toEqual(rejection('ResourceNotFoundException', 'User pool client nosuchclient does not exist.'));
  });

  it('does not reveal unknown users at ConfirmSignUp (PreventUserExistenceErrors ENABLED)', async () => {
    await expect(t.cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'ghost', ConfirmationCode: '123456' })))
      .rejects.toEqual(rejection('CodeMismatchException'));
  });

  it('AdminConfirmSignUp confirms without a code, once', async () => {
    await t.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'bob', Password: GOOD_PASSWORD, UserAttributes: [{ Name: 'email', Value: 'bob@example.com' }] }));
    await t.cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'bob' }));
    expect((await t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'bob' }))).UserStatus).toBe('CONFIRMED');
    await expect(t.cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'bob' })))
      .rejects.toEqual(rejection('NotAuthorizedException', 'Current status is CONFIRMED'));
    await expect(t.cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'nobody' })))
      .rejects.toEqual(rejection('UserNotFoundException', 'User does not exist.'));
  });
});

describe('InitiateAuth, GetUser, UpdateUserAttributes, GlobalSignOut', () => {
  beforeAll(() => signedUpAndConfirmed('carol', [{ Name: 'birthdate', Value: '1980-02-29' }]));

  it('signs in with USER_PASSWORD_AUTH and returns ID, access and refresh tokens with the client\'s lifetimes', async () => {
    const { AuthenticationResult: auth } = await signIn('carol', GOOD_PASSWORD);
    expect(auth).toMatchObject({ TokenType: 'Bearer', ExpiresIn: 3600 });
    const id = decodeJwt(auth!.IdToken!);
    expect(id).toMatchObject({ token_use: 'id', aud: clientId, 'cognito:username': 'carol', birthdate: '1980-02-29', email: 'carol@example.com', email_verified: true });
    expect(id.exp! - id.iat!).toBe(3600);
    expect(typeof auth!.RefreshToken).toBe('string');
  });

  it('refuses a wrong password and an unknown user alike with NotAuthorizedException', async () => {
    await expect(signIn('carol', 'Wrong-Password-1!')).rejects.toEqual(rejection('NotAuthorizedException', 'Incorrect username or password.'));
    await expect(signIn('nobody-here', GOOD_PASSWORD)).rejects.toEqual(rejection('NotAuthorizedException', 'Incorrect username or password.'));
  });

  it('refuses flows the app client does not enable and missing auth parameters (InvalidParameterException)', async () => {
    await expect(t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'carol', SRP_A: 'abc' } })))
      .rejects.toEqual(rejection('InvalidParameterException', 'USER_SRP_AUTH flow not enabled for this client'));
    await expect(t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'carol' } })))
      .rejects.toEqual(rejection('InvalidParameterException', 'Missing required parameter PASSWORD'));
  });

  it('GetUser returns the user from the access token; an ID token is not an access token', async () => {
    const { AuthenticationResult: auth } = await signIn('carol', GOOD_PASSWORD);
    const user = await t.cognito.send(new GetUserCommand({ AccessToken: auth!.AccessToken }));
    expect(user.Username).toBe('carol');
    expect(user.UserAttributes).toEqual(expect.arrayContaining([{ Name: 'birthdate', Value: '1980-02-29' }]));
    await expect(t.cognito.send(new GetUserCommand({ AccessToken: auth!.IdToken }))).rejects.toEqual(rejection('NotAuthorizedException', 'Invalid Access Token'));
  });

  it('UpdateUserAttributes writes mutable attributes; birthdate is immutable after sign-up; verification flags are not the client\'s', async () => {
    const { AuthenticationResult: auth } = await signIn('carol', GOOD_PASSWORD);
    await t.cognito.send(new UpdateUserAttributesCommand({ AccessToken: auth!.AccessToken, UserAttributes: [{ Name: 'given_name', Value: 'Carol' }] }));
    // "Working with user attributes": immutable attributes can't be changed after the user is created.
    await expect(t.cognito.send(new UpdateUserAttributesCommand({ AccessToken: auth!.AccessToken, UserAttributes: [{ Name: 'birthdate', Value: '2015-01-01' }] })))
      .rejects.toEqual(rejection('InvalidParameterException', 'user.birthdate: Attribute cannot be updated.'));
    await expect(t.cognito.send(new UpdateUserAttributesCommand({ AccessToken: auth!.AccessToken, UserAttributes: [{ Name: 'email_verified', Value: 'true' }] })))
      .rejects.toEqual(rejection('NotAuthorizedException', 'A client attempted to write unauthorized attribute'));
    const user = await t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'carol' }));
    expect(user.UserAttributes).toEqual(expect.arrayContaining([{ Name: 'given_name', Value: 'Carol' }, { Name: 'birthdate', Value: '1980-02-29' }]));
  });

  it('refreshes with REFRESH_TOKEN_AUTH and GetTokensFromRefreshToken, keeping auth_time and origin_jti', async () => {
    const { AuthenticationResult: first } = await signIn('carol', GOOD_PASSWORD);
    const refreshed = await t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: first!.RefreshToken! } }));
    expect(refreshed.AuthenticationResult!.RefreshToken).toBeUndefined();
    const again = await t.cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: first!.RefreshToken! }));
    for (const token of [refreshed.AuthenticationResult!.IdToken!, again.AuthenticationResult!.AccessToken!]) {
      expect(decodeJwt(token)).toMatchObject({ auth_time: decodeJwt(first!.IdToken!).auth_time, origin_jti: decodeJwt(first!.IdToken!).origin_jti });
    }
    await expect(t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: `${first!.RefreshToken!.split('.')[0]}.forged` } })))
      .rejects.toEqual(rejection('NotAuthorizedException', 'Invalid Refresh Token'));
  });

  it('GlobalSignOut revokes every refresh token and access token of the user (API_GlobalSignOut)', async () => {
    const { AuthenticationResult: a } = await signIn('carol', GOOD_PASSWORD);
    const { AuthenticationResult: b } = await signIn('carol', GOOD_PASSWORD);
    await t.cognito.send(new GlobalSignOutCommand({ AccessToken: a!.AccessToken }));
    for (const session of [a!, b!]) {
      await expect(t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: session.RefreshToken! } })))
        .rejects.toEqual(rejection('NotAuthorizedException', 'Refresh Token has been revoked'));
      await expect(t.cognito.send(new GetUserCommand({ AccessToken: session.AccessToken })))
        .rejects.toEqual(rejection('NotAuthorizedException', 'Access Token has been revoked'));
    }
    // A new sign-in works again.
    const { AuthenticationResult: c } = await signIn('carol', GOOD_PASSWORD);
    expect((await t.cognito.send(new GetUserCommand({ AccessToken: c!.AccessToken }))).Username).toBe('carol');
  });
});

describe('RevokeToken (API_RevokeToken)', () => {
  beforeAll(() => signedUpAndConfirmed('rita'));

  it('revokes one refresh token and the access tokens issued with it, leaving other sessions alone', async () => {
    const { AuthenticationResult: a } = await signIn('rita', GOOD_PASSWORD);
    const { AuthenticationResult: b } = await signIn('rita', GOOD_PASSWORD);
    await t.cognito.send(new RevokeTokenCommand({ ClientId: clientId, Token: a!.RefreshToken! }));
    await expect(t.cognito.send(new GetUserCommand({ AccessToken: a!.AccessToken }))).rejects.toEqual(rejection('NotAuthorizedException', 'Access Token has been revoked'));
    await expect(t.cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: a!.RefreshToken! })))
      .rejects.toEqual(rejection('NotAuthorizedException', 'Refresh Token has been revoked'));
    expect((await t.cognito.send(new GetUserCommand({ AccessToken: b!.AccessToken }))).Username).toBe('rita');
    await t.cognito.send(new RevokeTokenCommand({ ClientId: clientId, Token: a!.RefreshToken! })); // already revoked: nothing to do
    await expect(t.cognito.send(new RevokeTokenCommand({ ClientId: clientId, Token: b!.AccessToken! }))).rejects.toEqual(rejection('UnsupportedTokenTypeException'));
  });
});

describe('an app client with PreventUserExistenceErrors LEGACY (cognito-user-pool-managing-errors.html)', () => {
  let legacyId: string;
  beforeAll(async () => {
    // The API has no CreateUserPoolClient locally; the second client goes straight into the store.
    const store = new IdentityStore(t.dynamodb.endpoint, 'us-east-1');
    const pool = (await store.getPool(poolId))!;
    const legacy = { ...newPublicClient(pool, 'legacy'), preventUserExistenceErrors: 'LEGACY' as const };
    await store.putClient(legacy);
    store.close();
    legacyId = legacy.clientId;
  });

  it('reveals unknown users with UserNotFoundException at sign-in and confirmation', async () => {
    await expect(t.cognito.send(new InitiateAuthCommand({ ClientId: legacyId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ghost', PASSWORD: GOOD_PASSWORD } })))
      .rejects.toEqual(rejection('UserNotFoundException', 'User does not exist.'));
    await expect(t.cognito.send(new ConfirmSignUpCommand({ ClientId: legacyId, Username: 'ghost', ConfirmationCode: '123456' })))
      .rejects.toEqual(rejection('UserNotFoundException', 'Username/client id combination not found.'));
  });

  it('may not revoke (UnauthorizedException) nor redeem (NotAuthorizedException) another client\'s refresh token', async () => {
    await signedUpAndConfirmed('ivan');
    const { AuthenticationResult: auth } = await signIn('ivan', GOOD_PASSWORD);
    // API_RevokeToken: UnauthorizedException is HTTP 401.
    await expect(t.cognito.send(new RevokeTokenCommand({ ClientId: legacyId, Token: auth!.RefreshToken! })))
      .rejects.toMatchObject({ name: 'UnauthorizedException', $metadata: { httpStatusCode: 401 } });
    await expect(t.cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: legacyId, RefreshToken: auth!.RefreshToken! })))
      .rejects.toEqual(rejection('NotAuthorizedException', 'Invalid Refresh Token'));
  });
});

describe('Admin users: AdminCreateUser, AdminSetUserPassword, AdminGetUser, RespondToAuthChallenge', () => {
  it('creates a FORCE_CHANGE_PASSWORD user whose first sign-in answers NEW_PASSWORD_REQUIRED', async () => {
    const created = await t.cognito.send(new AdminCreateUserCommand({
      UserPoolId: poolId, Username: 'dave', TemporaryPassword: 'Temp-Pass-123', MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: 'dave@example.com' }, { Name: 'email_verified', Value: 'true' }],
    }));
    expect(created.User).toMatchObject({ Username: 'dave', UserStatus: 'FORCE_CHANGE_PASSWORD', Enabled: true });
    expect(created.User!.UserCreateDate).toBeInstanceOf(Date);
    const challenge = await signIn('dave', 'Temp-Pass-123');
    expect(challenge.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    expect(challenge.AuthenticationResult).toBeUndefined();

    await expect(t.cognito.send(new RespondToAuthChallengeCommand({
      ClientId: clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: `${challenge.Session!.split('.')[0]}.wrong-secret`,
      ChallengeResponses: { USERNAME: 'dave', NEW_PASSWORD: GOOD_PASSWORD },
    }))).rejects.toEqual(rejection('NotAuthorizedException', 'Invalid session for the user, session is expired.'));
    const answered = await t.cognito.send(new RespondToAuthChallengeCommand({
      ClientId: clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: challenge.Session,
      ChallengeResponses: { USERNAME: 'dave', NEW_PASSWORD: GOOD_PASSWORD },
    }));
    expect(answered.AuthenticationResult!.IdToken).toBeDefined();
    expect((await t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'dave' }))).UserStatus).toBe('CONFIRMED');
  });

  it('AdminCreateUser refuses an existing username; without SUPPRESS the invitation goes to the log', async () => {
    await expect(t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'dave', UserAttributes: [{ Name: 'email', Value: 'd@example.com' }] })))
      .rejects.toEqual(rejection('UsernameExistsException', 'User account already exists'));
    await t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'erin', UserAttributes: [{ Name: 'email', Value: 'erin@example.com' }] }));
    const line = t.log.find((l) => l.includes('invitation for erin'))!;
    const temporary = line.slice(line.lastIndexOf(' ') + 1);
    expect((await signIn('erin', temporary)).ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
  });

  it('AdminSetUserPassword sets a permanent password, under the policy', async () => {
    await t.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'erin', Password: GOOD_PASSWORD, Permanent: true }));
    expect((await signIn('erin', GOOD_PASSWORD)).AuthenticationResult).toBeDefined();
    await expect(t.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'erin', Password: 'weakweakweak', Permanent: true })))
      .rejects.toEqual(rejection('InvalidPasswordException'));
    await expect(t.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'nobody', Password: GOOD_PASSWORD, Permanent: true })))
      .rejects.toEqual(rejection('UserNotFoundException', 'User does not exist.'));
  });

  it('AdminGetUser answers UserNotFoundException and ResourceNotFoundException for an unknown pool', async () => {
    await expect(t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'nobody' }))).rejects.toEqual(rejection('UserNotFoundException'));
    await expect(t.cognito.send(new AdminGetUserCommand({ UserPoolId: 'us-east-1_nopool000', Username: 'dave' })))
      .rejects.toEqual(rejection('ResourceNotFoundException', 'User pool us-east-1_nopool000 does not exist.'));
  });
});

describe('AdminDisableUser and AdminEnableUser', () => {
  beforeAll(() => signedUpAndConfirmed('hank'));

  it('a disabled user cannot sign in and loses every session; enabling lets them sign in again', async () => {
    const { AuthenticationResult: before } = await signIn('hank', GOOD_PASSWORD);
    await t.cognito.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'hank' }));
    await expect(signIn('hank', GOOD_PASSWORD)).rejects.toEqual(rejection('NotAuthorizedException', 'User is disabled.'));
    await expect(t.cognito.send(new GetUserCommand({ AccessToken: before!.AccessToken }))).rejects.toEqual(rejection('NotAuthorizedException', 'Access Token has been revoked'));
    await expect(t.cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: before!.RefreshToken! }))).rejects.toEqual(rejection('NotAuthorizedException'));
    const listed = await t.cognito.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'status = "Disabled"' }));
    expect(listed.Users!.map((u) => [u.Username, u.Enabled])).toEqual([['hank', false]]);

    await t.cognito.send(new AdminEnableUserCommand({ UserPoolId: poolId, Username: 'hank' }));
    expect((await signIn('hank', GOOD_PASSWORD)).AuthenticationResult).toBeDefined();
    await expect(t.cognito.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'nobody' }))).rejects.toEqual(rejection('UserNotFoundException'));
  });
});

describe('Groups: CreateGroup, AdminAddUserToGroup, AdminListGroupsForUser', () => {
  beforeAll(() => signedUpAndConfirmed('frank'));

  it('creates groups once, adds members, lists them by precedence, and puts them in cognito:groups', async () => {
    const { Group } = await t.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'finance', Description: 'Finance', Precedence: 2 }));
    expect(Group).toMatchObject({ GroupName: 'finance', UserPoolId: poolId, Precedence: 2 });
    await t.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'support', Precedence: 1 }));
    await expect(t.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'finance' })))
      .rejects.toEqual(rejection('GroupExistsException', 'A group with the name already exists.'));

    await t.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'frank', GroupName: 'finance' }));
    await t.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'FRANK', GroupName: 'support' }));
    await t.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'frank', GroupName: 'support' })); // idempotent
    const listed = await t.cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'frank' }));
    expect(listed.Groups!.map((g) => g.GroupName)).toEqual(['support', 'finance']);
    const page = await t.cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'frank', Limit: 1 }));
    expect(page.Groups!.map((g) => g.GroupName)).toEqual(['support']);
    const next = await t.cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'frank', Limit: 1, NextToken: page.NextToken }));
    expect(next.Groups!.map((g) => g.GroupName)).toEqual(['finance']);
    expect(next.NextToken).toBeUndefined();

    const { AuthenticationResult: auth } = await signIn('frank', GOOD_PASSWORD);
    expect(decodeJwt(auth!.IdToken!)['cognito:groups']).toEqual(['support', 'finance']);
    expect(decodeJwt(auth!.AccessToken!)['cognito:groups']).toEqual(['support', 'finance']);
  });

  it('answers ResourceNotFoundException for an unknown group and UserNotFoundException for an unknown user', async () => {
    await expect(t.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'frank', GroupName: 'nope' })))
      .rejects.toEqual(rejection('ResourceNotFoundException', 'Group not found.'));
    await expect(t.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'nobody', GroupName: 'finance' })))
      .rejects.toEqual(rejection('UserNotFoundException'));
    await expect(t.cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'nobody' })))
      .rejects.toEqual(rejection('UserNotFoundException'));
  });
});

describe('ListUsers (API_ListUsers: Filter, AttributesToGet, Limit, PaginationToken)', () => {
  beforeAll(async () => {
    for (const name of ['list-a', 'list-b', 'list-c']) {
      await t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: name, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: `${name}@lists.example` }] }));
    }
  });

  it('filters with = and ^=, and pages with Limit and PaginationToken', async () => {
    const exact = await t.cognito.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'email = "list-b@lists.example"' }));
    expect(exact.Users!.map((u) => u.Username)).toEqual(['list-b']);
    const first = await t.cognito.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'username ^= "list-"', Limit: 2 }));
    expect(first.Users!.map((u) => u.Username)).toEqual(['list-a', 'list-b']);
    const second = await t.cognito.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'username ^= "list-"', Limit: 2, PaginationToken: first.PaginationToken }));
    expect(second.Users!.map((u) => u.Username)).toEqual(['list-c']);
    expect(second.PaginationToken).toBeUndefined();
    const status = await t.cognito.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'cognito:user_status = "FORCE_CHANGE_PASSWORD"' }));
    expect(status.Users!.map((u) => u.Username)).toEqual(expect.arrayContaining(['list-a', 'list-b', 'list-c']));
  });

  it('returns only AttributesToGet and refuses a filter it cannot parse', async () => {
    const out = await t.cognito.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'username = "list-a"', AttributesToGet: ['email'] }));
    expect(out.Users![0].Attributes!.map((a) => a.Name).sort()).toEqual(['email', 'sub']);
    await expect(t.cognito.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'birthdate = "x"' })))
      .rejects.toEqual(rejection('InvalidParameterException', 'Error while parsing filter.'));
  });
});

// Issue 19: ListGroups, DescribeUserPool and ListUserPools, through the SDK and through the AWS
// CLI (`aws cognito-idp list-groups ...`), whose calls must work unchanged.
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListGroups.html
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DescribeUserPool.html
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListUserPools.html
describe('ListGroups, DescribeUserPool, ListUserPools', () => {
  it('ListGroups lists the pool\'s groups by name, a page at a time', async () => {
    for (const name of ['list-c', 'list-a', 'list-b']) await t.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: name, Precedence: 5 }));
    const names: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await t.cognito.send(new ListGroupsCommand({ UserPoolId: poolId, Limit: 2, NextToken }));
      expect(page.Groups!.length).toBeLessThanOrEqual(2);
      names.push(...page.Groups!.map((g) => g.GroupName!));
      NextToken = page.NextToken;
    } while (NextToken);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(['list-a', 'list-b', 'list-c']));
    const [first] = (await t.cognito.send(new ListGroupsCommand({ UserPoolId: poolId }))).Groups!.filter((g) => g.GroupName === 'list-a');
    expect(first).toMatchObject({ GroupName: 'list-a', UserPoolId: poolId, Precedence: 5, CreationDate: expect.any(Date) });
    await expect(t.cognito.send(new ListGroupsCommand({ UserPoolId: 'us-east-1_nopool000' }))).rejects.toEqual(rejection('ResourceNotFoundException'));
    await expect(t.cognito.send(new ListGroupsCommand({ UserPoolId: poolId, NextToken: 'bm9wZQ' }))).rejects.toEqual(rejection('InvalidParameterException'));
  });

  it('DescribeUserPool answers the pool\'s UserPoolType: id, name, ARN, password policy, schema', async () => {
    const { UserPool } = await t.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(UserPool).toMatchObject({
      Id: poolId, Arn: `arn:aws:cognito-idp:us-east-1:000000000000:userpool/${poolId}`, MfaConfiguration: 'OFF',
      Policies: { PasswordPolicy: { MinimumLength: 8, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: true } },
      AutoVerifiedAttributes: ['email'], CreationDate: expect.any(Date), EstimatedNumberOfUsers: expect.any(Number),
    });
    expect(UserPool!.SchemaAttributes).toEqual(expect.arrayContaining([
      expect.objectContaining({ Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true }),
      expect.objectContaining({ Name: 'birthdate', Mutable: false, StringAttributeConstraints: { MinLength: '10', MaxLength: '10' } }),
      expect.objectContaining({ Name: 'email_verified', AttributeDataType: 'Boolean' }),
    ]));
    await expect(t.cognito.send(new DescribeUserPoolCommand({ UserPoolId: 'us-east-1_nopool000' }))).rejects.toEqual(rejection('ResourceNotFoundException'));
  });

  it('ListUserPools needs MaxResults (1 to 60) and lists every pool', async () => {
    const { UserPools } = await t.cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    expect(UserPools).toEqual(expect.arrayContaining([expect.objectContaining({ Id: poolId, Name: expect.any(String), CreationDate: expect.any(Date) })]));
    await expect(t.cognito.send(new ListUserPoolsCommand({ MaxResults: 0 }))).rejects.toEqual(rejection('InvalidParameterException'));
  });

  // Where the machine has no AWS CLI, this one is reported as skipped.
  const awsCli = spawnSync('aws', ['--version']).status === 0;
  (awsCli ? it : it.skip)('the AWS CLI\'s list-groups, describe-user-pool and list-user-pools work against the endpoint', async () => {
    const { AWS_PROFILE: _profile, AWS_SESSION_TOKEN: _token, ...environment } = process.env;
    // Asynchronously: the endpoint runs in this process.
    const cli = async (...args: string[]) => JSON.parse((await promisify(execFile)('aws', [...args, '--endpoint-url', t.identity.endpoint, '--region', 'us-east-1', '--output', 'json'], {
      env: { ...environment, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_CONFIG_FILE: '/dev/null' },
      encoding: 'utf8',
    })).stdout) as Record<string, unknown>;
    expect(await cli('cognito-idp', 'list-groups', '--user-pool-id', poolId)).toMatchObject({ Groups: expect.any(Array) });
    expect(await cli('cognito-idp', 'describe-user-pool', '--user-pool-id', poolId)).toMatchObject({ UserPool: { Id: poolId } });
    expect(await cli('cognito-idp', 'list-user-pools', '--max-results', '10')).toMatchObject({ UserPools: expect.arrayContaining([expect.objectContaining({ Id: poolId })]) });
  });
});
