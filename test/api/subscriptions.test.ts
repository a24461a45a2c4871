// onOrderUpdated over AppSync's real-time protocol: every status change reaches the order's owner
// and support, and nobody else (enhanced subscription filtering,
// https://docs.aws.amazon.com/appsync/latest/devguide/aws-appsync-real-time-enhanced-filtering.html).
import { GraphQLClient } from 'graphql-request';
import { RealtimeClient, type Message } from '../appsync/realtime-client.ts';
import { CONFIRM_PACKED, PLACE_ORDER, PRODUCTS, usAddress } from '../support/operations.ts';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';

const SUBSCRIPTION = 'subscription Updates($id: ID) { onOrderUpdated(id: $id) { id userId status history { status } } }';

let env: TestPlatform;
const sockets: RealtimeClient[] = [];

beforeAll(async () => { env = await startTestPlatform(); });
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await env.close();
});

async function subscribe(token: string, variables: Record<string, unknown>): Promise<RealtimeClient> {
  const host = new URL(env.outputs.graphqlUrl!).host;
  const socket = await RealtimeClient.open(env.outputs.realtimeUrl!, { host, Authorization: token });
  sockets.push(socket);
  expect((await socket.init()).type).toBe('connection_ack');
  expect((await socket.start('updates', SUBSCRIPTION, variables, { host, Authorization: token })).type).toBe('start_ack');
  return socket;
}

const statusOf = (message: Message) => message.payload.data.onOrderUpdated.status as string;

it('delivers every status change to the owner and support, and nothing to another shopper', async () => {
  const [shopperToken, supportToken, strangerToken, warehouseToken] = await Promise.all([
    env.tokenFor('shopper'), env.tokenFor('support'), env.newShopperToken('onlooker'), env.tokenFor('warehouse')]);
  const shopper = new GraphQLClient(env.outputs.graphqlUrl!, { headers: { authorization: shopperToken } });
  const { products } = await env.anonymous().request<{ products: { items: { id: string; price: unknown }[] } }>(PRODUCTS, { limit: 1 });

  const support = await subscribe(supportToken, {});
  const stranger = await subscribe(strangerToken, {});
  // The owner subscribes to its own orders before placing one: the saga moves on to PACKING while
  // placeOrder's answer is still on its way, so a subscription made after it could miss that.
  const owner = await subscribe(shopperToken, {});
  const { placeOrder } = await shopper.request<{ placeOrder: { id: string } }>(PLACE_ORDER, { input: {
    idempotencyKey: 'watched', paymentToken: 'tok_visa', deliveryAddress: usAddress,
    items: [{ productId: products.items[0].id, quantity: 1, unitPrice: products.items[0].price }] } });
  // A stranger naming the order in its subscription gets nothing either.
  const prying = await subscribe(strangerToken, { id: placeOrder.id });

  const ownerSaw: string[] = [];
  const nextForOwner = async () => {
    const message = await owner.next((m) => m.type === 'data');
    expect(message.payload.data.onOrderUpdated.id).toBe(placeOrder.id);
    ownerSaw.push(statusOf(message));
  };
  while (!ownerSaw.includes('PACKING')) await nextForOwner();
  await new GraphQLClient(env.outputs.graphqlUrl!, { headers: { authorization: warehouseToken } })
    .request(CONFIRM_PACKED, { orderId: placeOrder.id, packages: 1 });
  while (!ownerSaw.includes('SHIPPED')) await nextForOwner();
  expect(ownerSaw).toEqual(['PLACED', 'PACKING', 'PACKED', 'SHIPPED']);

  const supportSaw: string[] = [];
  while (!supportSaw.includes('SHIPPED')) {
    const message = await support.next((m) => m.type === 'data');
    if (message.payload.data.onOrderUpdated.id === placeOrder.id) supportSaw.push(statusOf(message));
  }
  // Support subscribed before the order was placed, so it saw every change, in order.
  expect(supportSaw).toEqual(['PLACED', 'PACKING', 'PACKED', 'SHIPPED']);
  expect(stranger.pending((m) => m.type === 'data')).toEqual([]);
  expect(prying.pending((m) => m.type === 'data')).toEqual([]);
});
