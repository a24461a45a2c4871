// A sign-in through Amplify JS v6 under Node, unchanged, against the local pool via
// `userPoolEndpoint` (Amplify docs, "Use existing Cognito resources" / Auth `userPoolEndpoint`):
// USER_PASSWORD_AUTH sign-in, fetchAuthSession (and its forced refresh through
// GetTokensFromRefreshToken), getCurrentUser, fetchUserAttributes, and signOut (GlobalSignOut, RevokeToken).
import { AdminCreateUserCommand, AdminSetUserPasswordCommand, GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, fetchUserAttributes, getCurrentUser, signIn, signOut } from 'aws-amplify/auth';
import { createTokenVerifier } from '../../local/identity/verifier.ts';
import { clearAmplifyTimersAfterAll } from '../support/amplify-timers.ts';
import { GOOD_PASSWORD, startTestIdentity } from './local-identity.ts';
import type { TestIdentity } from './local-identity.ts';

let t: TestIdentity;
clearAmplifyTimersAfterAll();

beforeAll(async () => {
  t = await startTestIdentity();
  const UserPoolId = t.identity.userPoolId;
  await t.cognito.send(new AdminCreateUserCommand({
    UserPoolId, Username: 'amp', MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: 'amp@example.com' }, { Name: 'birthdate', Value: '1979-06-01' }],
  }));
  await t.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId, Username: 'amp', Password: GOOD_PASSWORD, Permanent: true }));
  Amplify.configure({
    Auth: { Cognito: { userPoolId: UserPoolId, userPoolClientId: t.identity.userPoolClientId, userPoolEndpoint: t.identity.endpoint } },
  });
});
afterAll(() => t.close());

describe('Amplify JS v6 against the local pool', () => {
  it('signs in, holds verifiable tokens, refreshes them, reads attributes and signs out', async () => {
    const result = await signIn({ username: 'amp', password: GOOD_PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
    expect(result).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });

    const session = await fetchAuthSession();
    const verifier = createTokenVerifier({ issuer: t.identity.issuer, jwksUri: t.identity.jwksUri, clientId: t.identity.userPoolClientId });
    const idClaims = await verifier.verifyIdToken(session.tokens!.idToken!.toString());
    expect(idClaims).toMatchObject({ 'cognito:username': 'amp', birthdate: '1979-06-01' });
    expect((await verifier.verifyAccessToken(session.tokens!.accessToken.toString())).username).toBe('amp');

    const refreshed = await fetchAuthSession({ forceRefresh: true });
    expect(refreshed.tokens!.idToken!.toString()).not.toBe(session.tokens!.idToken!.toString());
    expect((await verifier.verifyIdToken(refreshed.tokens!.idToken!.toString())).origin_jti).toBe(idClaims.origin_jti);

    expect(await getCurrentUser()).toMatchObject({ username: 'amp', userId: idClaims.sub });
    expect(await fetchUserAttributes()).toMatchObject({ email: 'amp@example.com', birthdate: '1979-06-01' });

    await signOut({ global: true });
    expect((await fetchAuthSession()).tokens).toBeUndefined();
  });

  it('a local signOut revokes the session through RevokeToken', async () => {
    await signIn({ username: 'amp', password: GOOD_PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
    const accessToken = (await fetchAuthSession()).tokens!.accessToken.toString();
    expect((await t.cognito.send(new GetUserCommand({ AccessToken: accessToken }))).Username).toBe('amp');
    await signOut();
    await expect(t.cognito.send(new GetUserCommand({ AccessToken: accessToken })))
      .rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Access Token has been revoked' });
  });

  it('surfaces Cognito\'s error for a wrong password as Amplify does', async () => {
    await expect(signIn({ username: 'amp', password: 'Wrong-Password-1!', options: { authFlowType: 'USER_PASSWORD_AUTH' } }))
      .rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });
});
