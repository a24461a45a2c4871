// Users, groups, keys and the pool survive a restart of the service (same DynamoDB, same data dir),
// and seeding the demo users of API.md §6 again neither recreates nor duplicates them.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { AdminListGroupsForUserCommand, InitiateAuthCommand, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { seedDemoUsers, STAFF_GROUPS } from '../../local/identity/seed.ts';
import type { DemoUsers } from '../../local/identity/seed.ts';
import { createTokenVerifier } from '../../local/identity/verifier.ts';
import { startTestIdentity } from './local-identity.ts';
import type { TestIdentity } from './local-identity.ts';

let t: TestIdentity;
beforeAll(async () => {
  t = await startTestIdentity();
});
afterAll(() => t.close());

const seed = (env: TestIdentity): Promise<DemoUsers> =>
  seedDemoUsers({ endpoint: env.identity.endpoint, userPoolId: env.identity.userPoolId, dataDir: env.dataDir, region: 'us-east-1' });

const signIn = (env: TestIdentity, username: string, password: string) =>
  env.cognito.send(new InitiateAuthCommand({ ClientId: env.identity.userPoolClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }));

async function snapshot(env: TestIdentity): Promise<{ users: { username: string; sub: string; created: number }[]; groups: Record<string, string[]> }> {
  const { Users } = await env.cognito.send(new ListUsersCommand({ UserPoolId: env.identity.userPoolId }));
  const users = Users!.map((u) => ({ username: u.Username!, sub: u.Attributes!.find((a) => a.Name === 'sub')!.Value!, created: u.UserCreateDate!.getTime() }));
  const groups: Record<string, string[]> = {};
  for (const { username } of users) {
    const { Groups } = await env.cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: env.identity.userPoolId, Username: username }));
    groups[username] = Groups!.map((g) => g.GroupName!);
  }
  return { users, groups };
}

describe('demo users and restarts', () => {
  it('seeds a shopper (adult, US address) and one user per staff group, with working passwords kept under the data dir', async () => {
    const demo = await seed(t);
    expect(Object.keys(demo).sort()).toEqual(['shopper', ...STAFF_GROUPS].sort());
    const file = path.join(t.dataDir, 'demo-users.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(Object.fromEntries(Object.entries(demo).map(([role, u]) => [role, u.password])));

    const verifier = createTokenVerifier({ issuer: t.identity.issuer, jwksUri: t.identity.jwksUri, clientId: t.identity.userPoolClientId });
    const shopper = await verifier.verifyIdToken((await signIn(t, demo.shopper.username, demo.shopper.password)).AuthenticationResult!.IdToken!);
    expect(shopper).toMatchObject({ birthdate: '1985-04-12', 'custom:country': 'US', email_verified: true });
    expect(shopper).not.toHaveProperty('cognito:groups');
    expect(new Date().getUTCFullYear() - Number(String(shopper.birthdate).slice(0, 4))).toBeGreaterThan(21);
    for (const group of STAFF_GROUPS) {
      const claims = await verifier.verifyIdToken((await signIn(t, demo[group].username, demo[group].password)).AuthenticationResult!.IdToken!);
      expect(claims['cognito:groups']).toEqual([group]);
    }
  });

  it('keeps pool, client, keys, users and groups across a restart, and a second seed changes nothing', async () => {
    const before = await snapshot(t);
    const { userPoolId, userPoolClientId } = t.identity;
    const jwksBefore = await (await fetch(t.identity.jwksUri)).json();
    const demo = await seed(t);
    const { AuthenticationResult: tokensBefore } = await signIn(t, demo.finance.username, demo.finance.password);

    t = await t.restart();
    expect(t.identity).toMatchObject({ userPoolId, userPoolClientId });
    expect(await (await fetch(t.identity.jwksUri)).json()).toEqual(jwksBefore);
    const again = await seed(t);
    expect(again).toEqual(demo);
    expect(await snapshot(t)).toEqual(before);
    expect(before.users).toHaveLength(1 + STAFF_GROUPS.length);

    // Tokens issued before the restart still verify (same keys; the issuer names the new port).
    const verifierAfter = createTokenVerifier({ issuer: tokensIssuer(tokensBefore!.IdToken!), jwksUri: t.identity.jwksUri, clientId: userPoolClientId });
    expect((await verifierAfter.verifyIdToken(tokensBefore!.IdToken!))['cognito:groups']).toEqual(['finance']);
    expect((await signIn(t, again.finance.username, again.finance.password)).AuthenticationResult).toBeDefined();
  });
});

function tokensIssuer(token: string): string {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')).iss as string;
}
