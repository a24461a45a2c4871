// `npm run start:regions` (API.md §8): three platforms, each a process of its own on its own ports,
// and the user pool across them as Cognito's multi-Region replication has it
// (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-multi-region.html): one user
// pool id everywhere; sign-up and user creation at the primary only; a secondary signs users in and
// issues tokens; one multi-Region issuer, so a token from any region is accepted by every region's
// API (https://docs.aws.amazon.com/cognito/latest/developerguide/federation-endpoints.html, the user
// pool as OIDC issuer).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  AdminConfirmSignUpCommand, CognitoIdentityProviderClient, InitiateAuthCommand, SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { GraphQLClient } from 'graphql-request';
import { localClientConfig } from '../../local/aws/client-config.ts';
import type { Outputs } from '../../local/outputs.ts';
import { startFrontDoor, type FrontDoor } from '../../local/regions/front-door.ts';
import { startRegions, type LocalRegions } from '../../local/regions/launcher.ts';
import { freePortOffset } from '../../local/regions/region-ports.ts';
import { MY_ORDERS } from '../support/operations.ts';

const names = ['us-east-1', 'eu-west-1', 'ap-southeast-1'];
const dataDir = mkdtempSync(path.join(tmpdir(), 'regions-'));
let regions: LocalRegions;
let frontDoor: FrontDoor;
let outputs: Outputs;
let portOffset: number;
const cognito = new Map<string, CognitoIdentityProviderClient>();

beforeAll(async () => {
  portOffset = await freePortOffset(names.length);
  regions = await startRegions({ regions: names, dataDir, portOffset, log: () => undefined, env: { LOCAL_REPLICATION_LAG_MS: '300' } });
  outputs = regions.outputs();
  frontDoor = await startFrontDoor({ regions, port: 0, accountId: '000000000000', health: { intervalMs: 200, failureThreshold: 2 } });
  for (const name of names) cognito.set(name, new CognitoIdentityProviderClient(localClientConfig(outputs.regions![name]!.cognitoEndpoint, name)));
}, 240_000);
afterAll(async () => {
  for (const client of cognito.values()) client.destroy();
  await frontDoor?.close();
  await regions?.close();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

const signIn = async (region: string, username: string, password: string) => {
  const { AuthenticationResult } = await cognito.get(region)!.send(new InitiateAuthCommand({
    ClientId: outputs.userPoolClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password },
  }));
  return AuthenticationResult!.IdToken!;
};
const api = (region: string, token: string) => new GraphQLClient(outputs.regions![region]!.graphqlUrl, { headers: { authorization: token } });

test('each region runs in its own process on its own ports; outputs.json lists them all, the primary on top', async () => {
  expect(Object.keys(outputs.regions!)).toEqual(names);
  expect(outputs.region).toBe('us-east-1');
  expect(outputs.graphqlUrl).toBe(outputs.regions!['us-east-1']!.graphqlUrl);
  const pids = names.map((name) => regions.pid(name));
  expect(new Set(pids).size).toBe(3);
  expect(outputs.regions!['eu-west-1']!.graphqlUrl).toBe(`http://127.0.0.1:${4000 + portOffset + 1000}/graphql`);
  expect(outputs.regions!['ap-southeast-1']!.dynamodbEndpoint).toBe(`http://127.0.0.1:${8000 + portOffset + 2000}`);
  // One user pool id and one app client in every region.
  for (const name of names) {
    expect(outputs.regions![name]!.userPoolId).toBe(outputs.userPoolId);
    expect(outputs.regions![name]!.userPoolClientId).toBe(outputs.userPoolClientId);
  }
  const rss = await regions.rss();
  expect(Object.keys(rss).sort()).toEqual([...names].sort());
});

test('a token issued by one region is accepted by every region\'s API', async () => {
  const shopper = outputs.demoUsers!.shopper!;
  for (const issuedIn of names) {
    const token = await signIn(issuedIn, shopper.username, shopper.password);
    for (const region of names) {
      const answer = await api(region, token).request<{ myOrders: { items: unknown[] } }>(MY_ORDERS, { limit: 5 });
      expect(Array.isArray(answer.myOrders.items)).toBe(true);
    }
  }
});

test('sign-up is refused by a secondary; a user signed up at the primary signs in at a secondary once replicated', async () => {
  const username = `mrr-${Date.now()}`;
  const password = 'Local-Mrr-Pa55!';
  const signUp = (region: string) => cognito.get(region)!.send(new SignUpCommand({
    ClientId: outputs.userPoolClientId, Username: username, Password: password,
    UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }, { Name: 'birthdate', Value: '1990-01-01' }],
  }));
  await expect(signUp('eu-west-1')).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  await signUp('us-east-1');
  await cognito.get('us-east-1')!.send(new AdminConfirmSignUpCommand({ UserPoolId: outputs.userPoolId, Username: username }));
  let token: string | undefined;
  for (let i = 0; i < 50 && token === undefined; i += 1) {
    token = await signIn('ap-southeast-1', username, password).catch(() => undefined);
    if (token === undefined) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(token).toBeDefined();
  expect((await api('eu-west-1', token!).request<{ myOrders: { items: unknown[] } }>(MY_ORDERS, { limit: 5 })).myOrders.items).toEqual([]);
});

const PRODUCTS_QUERY = JSON.stringify({ query: '{ products(limit: 1) { items { id } } }' });
const viaFrontDoor = (clientRegion: string) => fetch(frontDoor.graphqlUrl, {
  method: 'POST', body: PRODUCTS_QUERY,
  headers: { 'content-type': 'application/json', 'x-api-key': outputs.apiKey!, 'x-bigsmokes-client-region': clientRegion },
});

test('the front door sends each shopper to the nearest region, and serves every region\'s endpoints to the web app', async () => {
  for (const name of names) {
    const answer = await viaFrontDoor(name);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-bigsmokes-region')).toBe(name);
    expect(((await answer.json()) as { data: { products: { items: unknown[] } } }).data.products.items).toHaveLength(1);
  }
  const webOutputs = await (await fetch(`${frontDoor.url}/outputs.json`)).json() as Outputs;
  expect(Object.keys(webOutputs.regions!)).toEqual(names);
  expect(webOutputs.demoUsers).toBeUndefined();
  // The real-time socket is proxied too (AppSync's graphql-ws subprotocol).
  const { WebSocket } = await import('ws');
  const header = Buffer.from(JSON.stringify({ host: new URL(outputs.graphqlUrl!).host, 'x-api-key': outputs.apiKey })).toString('base64');
  const socket = new WebSocket(`${frontDoor.url.replace('http', 'ws')}/graphql/realtime?header=${encodeURIComponent(header)}&payload=e30%3D`, ['graphql-ws'], { headers: { 'x-bigsmokes-client-region': 'eu-west-1' } });
  const first = await new Promise<string>((resolve, reject) => {
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));
    socket.on('message', (data) => resolve(String(data)));
    socket.on('error', reject);
  });
  socket.close();
  expect(JSON.parse(first)).toMatchObject({ type: 'connection_ack' });
});

test('a region that goes down is routed around once its health checks fail; it takes its shoppers back once it is up', async () => {
  const down = await fetch(`${frontDoor.url}/_drill/region/eu-west-1/down`, { method: 'POST' });
  expect(down.status).toBe(200);
  expect(regions.isUp('eu-west-1')).toBe(false);
  // Two failed checks (the threshold) later, eu-west-1's shoppers go to its nearest healthy region.
  for (let i = 0; i < 50 && frontDoor.route('eu-west-1') === 'eu-west-1'; i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
  const answer = await viaFrontDoor('eu-west-1');
  expect(answer.status).toBe(200);
  expect(answer.headers.get('x-bigsmokes-region')).toBe('us-east-1');

  expect((await fetch(`${frontDoor.url}/_drill/region/eu-west-1/up`, { method: 'POST' })).status).toBe(200);
  for (let i = 0; i < 50 && frontDoor.route('eu-west-1') !== 'eu-west-1'; i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
  expect((await viaFrontDoor('eu-west-1')).headers.get('x-bigsmokes-region')).toBe('eu-west-1');
}, 120_000);
