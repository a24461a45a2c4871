// The saga tasks' fence across regions (tasks/lib/order-guard.ts): the owner is read in this
// region's replica and in the other regions', and the highest epoch decides. A region back from an
// evacuation resumes its executions before replication has brought it the adoption (global tables
// replicate asynchronously, last writer wins:
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html),
// so its own replica alone still names it the owner; the adopter's says otherwise. Two real local
// DynamoDB stores stand for the returning region's and the adopter's replicas.
import '../unit/helpers/env.ts';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { startTestDynamoDB, type TestDynamoDB } from '../support/local-dynamodb.ts';
import { hostClients } from '../../tasks/lib/clients.ts';
import { requireOwnership } from '../../tasks/lib/order-guard.ts';
import { forgetPeerClients } from '../../tasks/regions/peers.ts';
import { closedPort } from './closed-port.ts';

let returning: TestDynamoDB;
let adopter: TestDynamoDB;

beforeAll(async () => {
  [returning, adopter] = await Promise.all([startTestDynamoDB(), startTestDynamoDB(undefined, undefined, 'eu-west-1')]);
  process.env.AWS_REGION = 'us-east-1';
  process.env.AWS_ENDPOINT_URL_DYNAMODB = returning.endpoint;
  hostClients({});
});
afterAll(async () => {
  delete process.env.LOCAL_PEER_REGIONS;
  forgetPeerClients();
  await Promise.all([returning.close(), adopter.close()]);
});

const peers = (eu: string) => {
  process.env.LOCAL_PEER_REGIONS = JSON.stringify({ 'eu-west-1': { dynamodbEndpoint: eu } });
  forgetPeerClients();
};
const owner = (store: TestDynamoDB, id: string, homeRegion: string, ownerEpoch: number) =>
  store.doc.send(new PutCommand({ TableName: 'bigsmokes-orders', Item: { id, homeRegion, ownerEpoch, status: 'PACKING' } }));
const execution = (id: string) => `arn:aws:states:us-east-1:000000000000:execution:bigsmokes-fulfilment:order-${id}`;

test('a returning region whose replica still names it the owner stops when the adopter\'s replica holds a later epoch', async () => {
  peers(adopter.endpoint);
  await owner(returning, 'fence-1', 'us-east-1', 0);
  await owner(adopter, 'fence-1', 'eu-west-1', 1);
  await expect(requireOwnership('fence-1', execution('fence-1'))).rejects.toMatchObject({ name: 'OrderAdopted', message: expect.stringContaining('eu-west-1') });
});

test('an order no other region took over is this region\'s to act on', async () => {
  peers(adopter.endpoint);
  await owner(returning, 'fence-2', 'us-east-1', 0);
  await owner(adopter, 'fence-2', 'us-east-1', 0);
  await expect(requireOwnership('fence-2', execution('fence-2'))).resolves.toBeUndefined();
  // Not replicated there yet: this region's replica decides.
  await owner(returning, 'fence-3', 'us-east-1', 0);
  await expect(requireOwnership('fence-3', execution('fence-3'))).resolves.toBeUndefined();
});

test('the nearest other region down: the next one that answers is read', async () => {
  const asia = await startTestDynamoDB(undefined, undefined, 'ap-southeast-1');
  try {
    process.env.LOCAL_PEER_REGIONS = JSON.stringify({ 'eu-west-1': { dynamodbEndpoint: `http://127.0.0.1:${await closedPort()}` }, 'ap-southeast-1': { dynamodbEndpoint: asia.endpoint } });
    forgetPeerClients();
    await owner(returning, 'fence-5', 'us-east-1', 0);
    await owner(asia, 'fence-5', 'ap-southeast-1', 1);
    await expect(requireOwnership('fence-5', execution('fence-5'))).rejects.toMatchObject({ name: 'OrderAdopted' });
  } finally {
    forgetPeerClients();
    await asia.close();
  }
});

test('a region that does not answer is passed over: this region\'s replica decides', async () => {
  peers(`http://127.0.0.1:${await closedPort()}`);
  await owner(returning, 'fence-4', 'us-east-1', 0);
  await expect(requireOwnership('fence-4', execution('fence-4'))).resolves.toBeUndefined();
});
