// Losing a region, end to end on the local runtime (issue 16, API.md §8). us-east-1 takes orders
// and leaves them in every state a saga waits in (packing, delivery, a refund waiting for finance),
// then goes dark; eu-west-1 holds what replication delivered (the business tables copied, as a
// global table's replica would hold them), and the Evacuation runbook there adopts the orders and
// the stock allocation rows with a fencing epoch, resumes each saga with new task tokens, and
// staff finish every order in eu-west-1. us-east-1 then comes back on its own data, receives the
// adopted items (replication catching up), and its old executions, answered on their old tokens,
// meet the ownership guard and stop: nothing is captured, refunded, shipped or written twice.
// One region runs at a time here (a platform owns its process's task environment).
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DescribeExecutionCommand, ListExecutionsCommand, SFNClient, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import type { GraphQLClient } from 'graphql-request';
import { stateMachineArn } from '../../infra/names.ts';
import { tables } from '../../infra/tables.ts';
import { localClientConfig } from '../../local/aws/client-config.ts';
import { evacuate } from '../../local/regions/evacuate.ts';
import {
  CONFIRM_PACKED, DECIDE_REFUND, ORDER, PLACE_ORDER, PRODUCTS, REQUEST_REFUND, UPDATE_DELIVERY, usAddress,
} from '../support/operations.ts';
import { errorTypeOf, eventually, type TestPlatform } from '../support/platform.ts';
import { replicate, snapshot, useRegionsInTurn } from '../support/regions-in-turn.ts';

interface Product { id: string; name: string; price: { amount: number; currency: string } }
interface Order { id: string; status: string; refunds: { id: string; status: string }[] }
type Item = Record<string, unknown>;

const lost = 'us-east-1';
const survivor = 'eu-west-1';
const accountId = '000000000000';

// Both regions pay through one provider account, as on AWS: one local Stripe outside either platform.
const { dataDir, start, stop } = useRegionsInTurn();
const lostDir = dataDir('lost');
const survivorDir = dataDir('survivor');

const sfnOf = (env: TestPlatform) => new SFNClient({ ...localClientConfig(env.outputs.stepFunctionsEndpoint!, env.outputs.region), disableHostPrefix: true });
const get = async (env: TestPlatform, table: string, key: Item) => (await env.doc.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item;
const orderItem = (env: TestPlatform, id: string) => get(env, tables.Orders.tableName, { id });
const packingOf = (env: TestPlatform, orderId: string) => get(env, tables.Inventory.tableName, { pk: `ORDER#${orderId}`, sk: 'PACKING' });
const shipmentOf = (env: TestPlatform, orderId: string) => get(env, tables.Shipments.tableName, { orderId });
const refundOf = (env: TestPlatform, id: string) => get(env, tables.Refunds.tableName, { pk: `REFUND#${id}`, sk: 'REFUND' });
const executionArn = (region: string, machine: string, name: string) =>
  `${stateMachineArn(region, accountId, machine).replace(':stateMachine:', ':execution:')}:${name}`;

it('a survivor adopts the lost region\'s orders and stock, resumes every saga with new tokens, staff finish there, and the returning region does nothing twice', async () => {
  // 1. us-east-1 takes orders and leaves sagas waiting for each kind of person.
  let env = await start(lost, lostDir);
  let shopper: GraphQLClient = await env.as('shopper');
  let warehouse: GraphQLClient = await env.as('warehouse');
  const products = (await env.anonymous().request<{ products: { items: Product[] } }>(PRODUCTS, { limit: 100 })).products.items;
  const corona = products.find((p) => p.name.startsWith('Viejo Valle Corona'))!;
  const churchill = products.find((p) => p.name.startsWith('Gran Reserva 1962 Churchill'))!;
  const place = async (product: Product, quantity: number) => (await shopper.request<{ placeOrder: Order }>(PLACE_ORDER, { input: {
    idempotencyKey: `adopt-${Math.random()}`, paymentToken: 'tok_visa', deliveryAddress: usAddress,
    items: [{ productId: product.id, quantity, unitPrice: product.price }] } })).placeOrder;
  const read = (client: GraphQLClient, id: string) => client.request<{ order: Order }>(ORDER, { id }).then((r) => r.order);

  const toPack = await place(corona, 2);
  const toDeliver = await place(corona, 1);
  const refunded = await place(churchill, 10);
  for (const order of [toPack, toDeliver, refunded]) await eventually(() => read(shopper, order.id), (o) => o.status === 'PACKING');
  for (const order of [toDeliver, refunded]) {
    await warehouse.request(CONFIRM_PACKED, { orderId: order.id, packages: 1 });
    await eventually(() => read(shopper, order.id), (o) => o.status === 'SHIPPED');
  }
  await eventually(() => shipmentOf(env, toDeliver.id), (s) => typeof s?.taskToken === 'string');
  const { requestRefund: refund } = await shopper.request<{ requestRefund: { id: string } }>(REQUEST_REFUND, { input: {
    orderId: refunded.id, amount: { amount: 50_000, currency: 'USD' }, reason: 'Storage damage', idempotencyKey: 'adopt-refund' } });
  await eventually(() => refundOf(env, refund.id), (r) => typeof r?.approvalTaskToken === 'string');
  const oldTokens = {
    packing: String((await packingOf(env, toPack.id))!.taskToken),
    delivery: String((await shipmentOf(env, toDeliver.id))!.taskToken),
    approval: String((await refundOf(env, refund.id))!.approvalTaskToken),
  };
  const fromLost = await snapshot(env);
  await stop(env); // us-east-1 goes dark

  // 2. eu-west-1 holds the replicated items and runs the evacuation runbook.
  env = await start(survivor, survivorDir);
  await replicate(fromLost, env);
  const evacuation = await evacuate(lost, { region: survivor, stepFunctionsEndpoint: env.outputs.stepFunctionsEndpoint!, accountId });
  expect(evacuation).toMatchObject({ status: 'SUCCEEDED', survivor });
  for (const order of [toPack, toDeliver, refunded]) {
    expect(await orderItem(env, order.id)).toMatchObject({ homeRegion: survivor, ownerEpoch: 1, adoptedFrom: lost });
  }
  // The lost region's stock row is the survivor's now, holding exactly what its reservations hold.
  const lostRow = await get(env, tables.Inventory.tableName, { pk: `PRODUCT#${corona.id}`, sk: `REGION#${lost}` });
  expect(lostRow).toMatchObject({ ownerRegion: survivor, ownerEpoch: 1, reserved: 2 });
  // New task tokens, in the survivor's own executions.
  const packing = await eventually(() => packingOf(env, toPack.id), (p) => p?.taskToken !== oldTokens.packing);
  expect(packing).toMatchObject({ status: 'REQUESTED' });
  await eventually(() => shipmentOf(env, toDeliver.id), (s) => s?.taskToken !== oldTokens.delivery);
  await eventually(() => refundOf(env, refund.id), (r) => r?.approvalTaskToken !== oldTokens.approval && r?.status === 'AWAITING_APPROVAL');

  // 3. Staff finish every order in the survivor.
  shopper = await env.as('shopper');
  warehouse = await env.as('warehouse');
  const [delivery, finance] = await Promise.all([env.as('delivery'), env.as('finance')]);
  await warehouse.request(CONFIRM_PACKED, { orderId: toPack.id, packages: 1 });
  await eventually(() => orderItem(env, toPack.id), (o) => o?.status === 'SHIPPED');
  await eventually(() => shipmentOf(env, toPack.id), (s) => typeof s?.taskToken === 'string');
  for (const order of [toPack, toDeliver]) {
    await delivery.request(UPDATE_DELIVERY, { orderId: order.id, status: 'DELIVERED' });
    await eventually(() => orderItem(env, order.id), (o) => o?.status === 'DELIVERED');
  }
  await finance.request(DECIDE_REFUND, { id: refund.id, approve: true, note: 'Photos confirm the damage' });
  await eventually(() => refundOf(env, refund.id), (r) => r?.status === 'REFUNDED');
  expect(await get(env, tables.Inventory.tableName, { pk: `PRODUCT#${corona.id}`, sk: `REGION#${lost}` })).toMatchObject({ reserved: 0 });

  // Running the runbook again changes nothing and starts nothing.
  const sfn = sfnOf(env);
  const count = async () => (await Promise.all(['Fulfilment', 'Refund'].map((m) => sfn.send(new ListExecutionsCommand({
    stateMachineArn: stateMachineArn(survivor, accountId, m) }))))).reduce((n, r) => n + (r.executions?.length ?? 0), 0);
  const executions = await count();
  expect(await evacuate(lost, { region: survivor, stepFunctionsEndpoint: env.outputs.stepFunctionsEndpoint!, accountId })).toMatchObject({ status: 'SUCCEEDED' });
  expect(await count()).toBe(executions);
  expect(await orderItem(env, toPack.id)).toMatchObject({ ownerEpoch: 1 });
  sfn.destroy();
  const fromSurvivor = await snapshot(env);
  await stop(env);

  // 4. us-east-1 comes back on its own data; replication brings it the survivor's items.
  env = await start(lost, lostDir);
  await replicate(fromSurvivor, env);
  const before = await snapshot(env);
  const lostSfn = sfnOf(env);
  // Its old executions still wait; stale answers reach them on the old tokens.
  for (const token of Object.values(oldTokens)) {
    await lostSfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ packages: 1, status: 'DELIVERED', approved: true, decidedBy: 'stale' }) }));
  }
  for (const arn of [executionArn(lost, 'Fulfilment', `order-${toPack.id}`), executionArn(lost, 'Fulfilment', `order-${toDeliver.id}`),
    executionArn(lost, 'Refund', `refund-${refund.id}`)]) {
    const finished = await eventually(() => lostSfn.send(new DescribeExecutionCommand({ executionArn: arn })), (e) => e.status !== 'RUNNING');
    expect({ arn, status: finished.status, adopted: JSON.parse(finished.output ?? '{}').adopted?.Error }).toEqual({ arn, status: 'SUCCEEDED', adopted: 'OrderAdopted' });
  }
  lostSfn.destroy();
  // Nothing written twice: every business item is as the survivor left it.
  expect(await snapshot(env)).toEqual(before);
  // The returning region answers for none of the adopted orders, and sells nothing from the stock row it lost.
  warehouse = await env.as('warehouse');
  shopper = await env.as('shopper');
  expect(await errorTypeOf(warehouse.request(CONFIRM_PACKED, { orderId: toPack.id, packages: 1 }))).toBe('WrongRegion');
  expect(await errorTypeOf(shopper.request(PLACE_ORDER, { input: {
    idempotencyKey: 'after-return', paymentToken: 'tok_visa', deliveryAddress: usAddress,
    items: [{ productId: corona.id, quantity: 1, unitPrice: corona.price }] } }))).toBe('OutOfStock');
  await stop(env);
// Two platforms started and stopped in turn, each with its sagas: minutes on a loaded two-core machine.
}, 240_000);
