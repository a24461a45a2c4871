// An off-the-shelf AppSync client, Amplify JS v6's generateClient, against the local endpoint over
// HTTP and over the real-time WebSocket.
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/api';
import { clearAmplifyTimersAfterAll } from '../support/amplify-timers.ts';
import { startFixture, API_KEY, REGION, type Fixture } from './support.ts';

let f: Fixture;
const NativeWebSocket = globalThis.WebSocket;
clearAmplifyTimersAfterAll();

beforeAll(async () => {
  f = await startFixture();
  // Amplify always dials wss:// for a custom endpoint; the local endpoint is plain ws:// on loopback.
  globalThis.WebSocket = class extends NativeWebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(String(url).replace(/^wss:/, 'ws:'), protocols);
    }
  };
  Amplify.configure({ API: { GraphQL: { endpoint: f.app.url, region: REGION, defaultAuthMode: 'apiKey', apiKey: API_KEY } } });
});

afterAll(async () => {
  globalThis.WebSocket = NativeWebSocket;
  await f.close();
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 10));
}

test('generateClient: a query over HTTP with the API key', async () => {
  const client = generateClient();
  const result = await client.graphql({ query: 'query { utilEcho }' }) as { data: { utilEcho: string } };
  expect(JSON.parse(result.data.utilEcho).authType).toBe('API Key Authorization');
});

test('generateClient: a subscription receives the mutation result over the real-time endpoint', async () => {
  const client = generateClient();
  const received = new Promise<unknown>((resolve, reject) => {
    const observable = client.graphql({ query: 'subscription { onItem(category: "pipes") { id name category } }' }) as unknown as {
      subscribe(o: { next: (v: unknown) => void; error: (e: unknown) => void }): { unsubscribe(): void };
    };
    const sub = observable.subscribe({
      next: (value) => { sub.unsubscribe(); resolve(value); },
      error: reject,
    });
  });
  await until(() => f.app.stats().subscriptions === 1);
  const token = await f.token({ sub: 'editor', groups: ['catalog'] });
  await f.gql('mutation { createItem(input: { id: "amp-1", name: "Briar", category: "pipes" }) { id name category } }', {}, { authorization: token });
  expect(await received).toEqual({ data: { onItem: { id: 'amp-1', name: 'Briar', category: 'pipes' } } });
  // Amplify closes its socket once no subscription is left.
  await until(() => f.app.stats().connections === 0);
});
