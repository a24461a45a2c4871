// Subscriptions over AppSync's real-time protocol, with a client written from AWS's protocol page
// (https://docs.aws.amazon.com/appsync/latest/devguide/real-time-websocket-client.html), enhanced
// filtering and invalidation (https://docs.aws.amazon.com/appsync/latest/devguide/aws-appsync-real-time-enhanced-filtering.html).
import { signRequest } from '../../local/aws/sigv4.ts';
import { startFixture, API_KEY, REGION, type Fixture } from './support.ts';
import { RealtimeClient } from './realtime-client.ts';

let f: Fixture;
let host: string;
const sockets: RealtimeClient[] = [];

const onNote = 'subscription OnNote($status: String) { onNote(status: $status) { id owner text status } }';

beforeAll(async () => {
  f = await startFixture();
  host = new URL(f.app.url).host;
});

afterEach(() => {
  for (const s of sockets.splice(0)) s.close();
});

afterAll(async () => {
  await f.close();
});

async function connect(header: Record<string, string>, via: 'query' | 'subprotocol' = 'query'): Promise<RealtimeClient> {
  const client = await RealtimeClient.open(f.app.realtimeUrl, header, via);
  sockets.push(client);
  return client;
}

async function userSocket(sub: string, groups?: string[]) {
  const token = await f.token({ sub, groups });
  const client = await connect({ host, Authorization: token });
  expect((await client.init()).type).toBe('connection_ack');
  return { client, auth: { host, Authorization: token }, token };
}

describe('connection', () => {
  test('connection_init → connection_ack with connectionTimeoutMs, then ka; subprotocol graphql-ws', async () => {
    const client = await connect({ host, 'x-api-key': API_KEY });
    client.send({ type: 'connection_init' });
    const ack = await client.next();
    expect(ack).toEqual({ type: 'connection_ack', payload: { connectionTimeoutMs: 300000 } });
    expect(client.protocol).toBe('graphql-ws');
    await new Promise((r) => setTimeout(r, 20));
    expect(client.pending((m) => m.type === 'ka').length).toBeGreaterThan(0);
  });

  test('the authorization header may come as a header-<base64url> subprotocol (as Amplify JS v6 sends it)', async () => {
    const client = await connect({ host, 'x-api-key': API_KEY }, 'subprotocol');
    expect((await client.init()).type).toBe('connection_ack');
  });

  test('a wrong API key gets connection_error UnauthorizedException', async () => {
    const client = await connect({ host, 'x-api-key': 'da2-wrongwrongwrongwrongwrongwr' });
    expect(await client.init()).toEqual({ type: 'connection_error', payload: { errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.', errorCode: 401 }] } });
  });

  test('an IAM-signed connection (SigV4 over POST /graphql/connect with payload {})', async () => {
    const signed = await signRequest({
      method: 'POST', protocol: 'http:', hostname: host.split(':')[0], port: Number(host.split(':')[1]), path: '/graphql/connect',
      headers: { host, accept: 'application/json, text/javascript', 'content-encoding': 'amz-1.0', 'content-type': 'application/json; charset=UTF-8' }, body: '{}',
    }, { service: 'appsync', region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const client = await connect(signed.headers);
    expect((await client.init()).type).toBe('connection_ack');
  });
});

describe('subscriptions', () => {
  test('a subscriber receives the result of a mutation named in @aws_subscribe; the filter keeps others\' notes away', async () => {
    const alice = await userSocket('alice');
    const bob = await userSocket('bob');
    const agent = await userSocket('agent', ['support']);
    expect(await alice.client.start('a1', onNote, {}, alice.auth)).toEqual({ type: 'start_ack', id: 'a1' });
    expect((await bob.client.start('b1', onNote, {}, bob.auth)).type).toBe('start_ack');
    expect((await agent.client.start('s1', onNote, {}, agent.auth)).type).toBe('start_ack');

    const added = await f.gql('mutation { addNote(text: "hello") { id owner text status } }', {}, { authorization: alice.token });
    const note = added.body.data.addNote;
    expect(note).toMatchObject({ owner: 'alice', text: 'hello', status: 'NEW' });

    expect(await alice.client.next((m) => m.id === 'a1')).toEqual({ type: 'data', id: 'a1', payload: { data: { onNote: note } } });
    expect((await agent.client.next((m) => m.id === 's1')).payload.data.onNote).toEqual(note);
    // Bob's next message is his own note: Alice's never reached him.
    await f.gql('mutation { addNote(text: "bob here") { id owner text status } }', {}, { authorization: bob.token });
    expect((await bob.client.next((m) => m.id === 'b1')).payload.data.onNote).toMatchObject({ owner: 'bob', text: 'bob here' });
  });

  test('subscription arguments filter on the published fields; the IAM publish path fans out in-process', async () => {
    const agent = await userSocket('agent', ['support']);
    expect((await agent.client.start('done', onNote, { status: 'DONE' }, agent.auth)).type).toBe('start_ack');
    const publish = 'mutation($id: ID!, $status: String) { publishNote(id: $id, owner: "carol", text: "t", status: $status) { id owner text status } }';
    const first = await f.app.executeAsIam({ query: publish, variables: { id: 'n-1', status: 'NEW' } });
    expect(first.errors).toBeUndefined();
    await f.app.executeAsIam({ query: publish, variables: { id: 'n-2', status: 'DONE' } });
    expect((await agent.client.next((m) => m.id === 'done')).payload.data.onNote).toEqual({ id: 'n-2', owner: 'carol', text: 't', status: 'DONE' });
  });

  test('stop → complete, and nothing more arrives', async () => {
    const alice = await userSocket('alice');
    await alice.client.start('x', onNote, {}, alice.auth);
    alice.client.send({ type: 'stop', id: 'x' });
    expect(await alice.client.next((m) => m.id === 'x')).toEqual({ type: 'complete', id: 'x' });
    // Filters see the fields the mutation selected (as on AppSync), so the mutation selects owner.
    await f.gql('mutation { addNote(text: "after stop") { id owner } }', {}, { authorization: alice.token });
    await alice.client.start('y', onNote, {}, alice.auth);
    await f.gql('mutation { addNote(text: "to y") { id owner } }', {}, { authorization: alice.token });
    expect((await alice.client.next((m) => m.type === 'data')).id).toBe('y');
  });

  test('extensions.invalidateSubscriptions ends the matching subscriptions', async () => {
    const alice = await userSocket('alice');
    const bob = await userSocket('bob');
    await alice.client.start('inv', onNote, {}, alice.auth);
    await bob.client.start('keep', onNote, {}, bob.auth);
    const closed = await f.app.executeAsIam({ query: 'mutation { closeNotes(owner: "alice") }' });
    expect(closed.data).toEqual({ closeNotes: true });
    expect(await alice.client.next((m) => m.id === 'inv')).toEqual({ type: 'complete', id: 'inv' });
    await f.gql('mutation { addNote(text: "still here") { id owner } }', {}, { authorization: bob.token });
    expect((await bob.client.next((m) => m.id === 'keep')).type).toBe('data');
  });
});

describe('authorization at start', () => {
  test('an API key may not subscribe to a user-pool/IAM field: error Unauthorized', async () => {
    const client = await connect({ host, 'x-api-key': API_KEY });
    await client.init();
    const reply = await client.start('k', onNote, {}, { host, 'x-api-key': API_KEY });
    expect(reply).toEqual({ type: 'error', id: 'k', payload: { errors: [{ errorType: 'Unauthorized', message: 'Not Authorized to access onNote on type Subscription' }] } });
  });

  test('start with bad credentials: UnauthorizedException', async () => {
    const alice = await userSocket('alice');
    const reply = await alice.client.start('bad', onNote, {}, { host, Authorization: await f.token({ forged: true }) });
    expect(reply.payload.errors[0].errorType).toBe('UnauthorizedException');
  });

  test('the subscription resolver may refuse (util.unauthorized)', async () => {
    const alice = await userSocket('alice');
    const reply = await alice.client.start('no', onNote, { status: 'FORBIDDEN' }, alice.auth);
    expect(reply).toMatchObject({ type: 'error', id: 'no', payload: { errors: [{ errorType: 'Unauthorized' }] } });
  });

  test('a query is not a subscription', async () => {
    const alice = await userSocket('alice');
    const reply = await alice.client.start('q', '{ utilEcho }', {}, alice.auth);
    expect(reply.type).toBe('error');
  });
});

describe('protocol details', () => {
  test('a connection with bad credentials cannot skip connection_init and start anyway', async () => {
    const client = await connect({ host, 'x-api-key': 'da2-wrongwrongwrongwrongwrongwr' });
    const token = await f.token({ sub: 'alice' });
    expect((await client.start('sneak', onNote, {}, { host, Authorization: token })).type).toBe('connection_error');
  });

  test('start then stop sent back to back are handled in order', async () => {
    const alice = await userSocket('alice');
    alice.client.send({ id: 'fast', type: 'start', payload: { data: JSON.stringify({ query: onNote, variables: {} }), extensions: { authorization: alice.auth } } });
    alice.client.send({ id: 'fast', type: 'stop' });
    expect(await alice.client.next((m) => m.id === 'fast')).toEqual({ type: 'start_ack', id: 'fast' });
    expect(await alice.client.next((m) => m.id === 'fast')).toEqual({ type: 'complete', id: 'fast' });
  });
});
