// The lost region returns and gets its stock back (issue 16, README "The rule for the lost region's
// stock"). us-east-1 takes two orders and goes dark; eu-west-1 adopts its orders and stock rows
// (the Evacuation runbook) and staff settle one order there. The HandBack runbook in eu-west-1 then
// hands us-east-1's rows back at the next epoch with their counts as eu-west-1 left them, except
// the row an adopted order still holds a reservation on, which stays until that order is settled
// and a later run hands it back; a run with nothing to do changes nothing. eu-west-1 can no longer
// write a row it handed back, and us-east-1, back on its own data, sells from its rows again and
// sweeps its own expired reservations there.
// Conditional writes (the fence): https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html
// Global tables replicate whole items, last writer wins: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html
// One region runs at a time here (a platform owns its process's task environment), as in adoption.test.ts.
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { GraphQLClient } from 'graphql-request';
import { tables } from '../../infra/tables.ts';
import { evacuate } from '../../local/regions/evacuate.ts';
import { handBack } from '../../local/regions/hand-back.ts';
import { closeReservation, type Reservation } from '../../tasks/warehouse/inventory.ts';
import { CONFIRM_PACKED, ORDER, PLACE_ORDER, PRODUCTS, usAddress } from '../support/operations.ts';
import { eventually, type TestPlatform } from '../support/platform.ts';
import { replicate, snapshot, useRegionsInTurn } from '../support/regions-in-turn.ts';
import { scanAll } from '../support/invariants.ts';

interface Product { id: string; name: string; price: { amount: number; currency: string } }
interface Order { id: string; status: string }
type Item = Record<string, unknown>;

const lost = 'us-east-1';
const survivor = 'eu-west-1';
const accountId = '000000000000';
const inventory = tables.Inventory.tableName;

const { dataDir, start, stop } = useRegionsInTurn();
const lostDir = dataDir('returned');
const survivorDir = dataDir('adopter');

const get = async (env: TestPlatform, key: Item) => (await env.doc.send(new GetCommand({ TableName: inventory, Key: key, ConsistentRead: true }))).Item;
const lostRow = (env: TestPlatform, productId: string) => get(env, { pk: `PRODUCT#${productId}`, sk: `REGION#${lost}` });
const reservationOf = (env: TestPlatform, orderId: string) => get(env, { pk: `ORDER#${orderId}`, sk: 'RESERVATION' });
const counts = (row: Item | undefined) => ({ available: row?.available, reserved: row?.reserved });
const runHandBack = (env: TestPlatform) => handBack(lost, { region: survivor, stepFunctionsEndpoint: env.outputs.stepFunctionsEndpoint!, accountId });

it('the adopter hands the returned region\'s stock rows back once their adopted orders are settled, and the returned region sells from them again', async () => {
  // 1. us-east-1 takes two orders, both waiting for packing, and goes dark.
  let env = await start(lost, lostDir);
  const products = (await env.anonymous().request<{ products: { items: Product[] } }>(PRODUCTS, { limit: 100 })).products.items;
  const byName = (prefix: string) => products.find((p) => p.name.startsWith(prefix))!;
  const corona = byName('Viejo Valle Corona');
  const churchill = byName('Gran Reserva 1962 Churchill');
  const robusto = byName('Hacienda Oro Robusto');
  let shopper: GraphQLClient = await env.as('shopper');
  const place = async (product: Product, quantity: number, key: string) => (await shopper.request<{ placeOrder: Order }>(PLACE_ORDER, { input: {
    idempotencyKey: key, paymentToken: 'tok_visa', deliveryAddress: usAddress,
    items: [{ productId: product.id, quantity, unitPrice: product.price }] } })).placeOrder;
  const settled = await place(corona, 2, 'hand-back-settled');
  const inFlight = await place(churchill, 1, 'hand-back-in-flight');
  for (const order of [settled, inFlight]) {
    await eventually(() => shopper.request<{ order: Order }>(ORDER, { id: order.id }).then((r) => r.order), (o) => o.status === 'PACKING');
  }
  const fromLost = await snapshot(env);
  await stop(env);

  // 2. eu-west-1 adopts us-east-1's orders and stock, and staff settle one order there.
  env = await start(survivor, survivorDir);
  await replicate(fromLost, env);
  expect(await evacuate(lost, { region: survivor, stepFunctionsEndpoint: env.outputs.stepFunctionsEndpoint!, accountId })).toMatchObject({ status: 'SUCCEEDED' });
  expect(await lostRow(env, corona.id)).toMatchObject({ ownerRegion: survivor, ownerEpoch: 1, reserved: 2 });
  // A reservation us-east-1 made just before the loss whose record replication delivered only
  // after the adoption (its checkout never stored an order): the adoption did not count it.
  const late: Reservation = {
    pk: 'ORDER#HANDBACKLATE', sk: 'RESERVATION', orderId: 'HANDBACKLATE', region: lost, status: 'RESERVED',
    items: [{ productId: robusto.id, quantity: 1 }], updatedAt: '2026-01-01T00:00:00.000Z', expiresAt: Math.floor(Date.now() / 1000) + 900,
  };
  await env.doc.send(new PutCommand({ TableName: inventory, Item: late }));
  const warehouse = await env.as('warehouse');
  await eventually(() => get(env, { pk: `ORDER#${settled.id}`, sk: 'PACKING' }), (p) => p?.status === 'REQUESTED');
  await warehouse.request(CONFIRM_PACKED, { orderId: settled.id, packages: 1 });
  await eventually(() => reservationOf(env, settled.id), (r) => r?.status === 'DISPATCHED');
  const adoptedRows = (await scanAll(env.doc, inventory)).filter((r) => r.sk === `REGION#${lost}` && r.ownerRegion === survivor);
  const left = Object.fromEntries(adoptedRows.map((r) => [String(r.productId), counts(r)]));
  expect(left[corona.id]).toEqual({ available: expect.any(Number), reserved: 0 });

  // 3. The hand-back: every row but the one the in-flight adopted order holds goes back at epoch 2,
  // counts as eu-west-1 left them (the late reservation's unit moves from available to reserved).
  const first = await runHandBack(env);
  expect(first).toMatchObject({ status: 'SUCCEEDED', adopter: survivor, kept: [{ productId: churchill.id, orders: [inFlight.id] }], contested: [] });
  expect(first.handedBack.map((r) => r.productId).sort()).toEqual(adoptedRows.map((r) => String(r.productId)).filter((id) => id !== churchill.id).sort());
  for (const row of first.handedBack) {
    const was = left[row.productId]!;
    const moved = row.productId === robusto.id ? 1 : 0;
    expect({ row, stored: counts(await lostRow(env, row.productId)) }).toEqual({
      row: { productId: row.productId, epoch: 2, available: Number(was.available) - moved, reserved: Number(was.reserved) + moved, lateReserved: moved },
      stored: { available: Number(was.available) - moved, reserved: Number(was.reserved) + moved },
    });
  }
  expect(await lostRow(env, corona.id)).toMatchObject({ ownerRegion: lost, ownerEpoch: 2 });
  expect((await lostRow(env, corona.id))!.adoptedFrom).toBeUndefined();
  expect(await lostRow(env, churchill.id)).toMatchObject({ ownerRegion: survivor, ownerEpoch: 1, reserved: 1 });

  // A second run changes nothing: the kept row is kept, no item is written.
  const before = await scanAll(env.doc, inventory);
  expect(await runHandBack(env)).toMatchObject({ status: 'SUCCEEDED', handedBack: [], kept: [{ productId: churchill.id, orders: [inFlight.id] }], contested: [] });
  expect(await scanAll(env.doc, inventory)).toEqual(before);

  // The adopter can no longer write a row it handed back: settling a reservation there fails the fence.
  const probe: Reservation = { pk: 'ORDER#HANDBACKPROBE', sk: 'RESERVATION', orderId: 'HANDBACKPROBE', region: lost, status: 'RESERVED',
    items: [{ productId: corona.id, quantity: 1 }], updatedAt: '2026-01-01T00:00:00.000Z', ownerRegion: survivor };
  await env.doc.send(new PutCommand({ TableName: inventory, Item: probe }));
  await env.doc.send(new UpdateCommand({ TableName: inventory, Key: { pk: `PRODUCT#${corona.id}`, sk: `REGION#${lost}` },
    UpdateExpression: 'SET reserved = reserved + :one', ExpressionAttributeValues: { ':one': 1 } })); // so only the owner condition can fail
  const fenced = await lostRow(env, corona.id);
  expect(await closeReservation(probe, 'RELEASED')).toEqual({ ok: false, failed: [0] });
  expect(await lostRow(env, corona.id)).toEqual(fenced);
  expect(await reservationOf(env, 'HANDBACKPROBE')).toMatchObject({ status: 'RESERVED' });
  await env.doc.send(new UpdateCommand({ TableName: inventory, Key: { pk: `PRODUCT#${corona.id}`, sk: `REGION#${lost}` },
    UpdateExpression: 'SET reserved = reserved - :one', ExpressionAttributeValues: { ':one': 1 } }));
  await env.doc.send(new UpdateCommand({ TableName: inventory, Key: { pk: 'ORDER#HANDBACKPROBE', sk: 'RESERVATION' },
    UpdateExpression: 'SET #status = :released', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':released': 'RELEASED' } }));

  // Once the in-flight order is settled, a later run hands its row back too; then nothing is left.
  await eventually(() => get(env, { pk: `ORDER#${inFlight.id}`, sk: 'PACKING' }), (p) => p?.status === 'REQUESTED');
  await warehouse.request(CONFIRM_PACKED, { orderId: inFlight.id, packages: 1 });
  await eventually(() => reservationOf(env, inFlight.id), (r) => r?.status === 'DISPATCHED');
  const churchillLeft = counts(await lostRow(env, churchill.id));
  const third = await runHandBack(env);
  expect(third).toMatchObject({ status: 'SUCCEEDED', kept: [], contested: [],
    handedBack: [{ productId: churchill.id, epoch: 2, ...churchillLeft, lateReserved: 0 }] });
  const settledState = await scanAll(env.doc, inventory);
  expect(await runHandBack(env)).toMatchObject({ status: 'SUCCEEDED', handedBack: [], kept: [], contested: [] });
  expect(await scanAll(env.doc, inventory)).toEqual(settledState);
  const fromSurvivor = await snapshot(env);
  await stop(env);

  // 4. us-east-1 comes back on its own data; replication brings it the handed-back rows.
  env = await start(lost, lostDir);
  await replicate(fromSurvivor, env);
  const coronaBack = counts(await lostRow(env, corona.id));
  shopper = await env.as('shopper');
  const sold = await place(corona, 1, 'hand-back-sold-again');
  await eventually(() => shopper.request<{ order: Order }>(ORDER, { id: sold.id }).then((r) => r.order), (o) => o.status === 'PACKING');
  expect(await lostRow(env, corona.id)).toMatchObject({
    ownerRegion: lost, ownerEpoch: 2, available: Number(coronaBack.available) - 1, reserved: Number(coronaBack.reserved) + 1,
  });
  // Its sweeper returns its own expired reservation on a handed-back row, once: the late one.
  const robustoBack = counts(await lostRow(env, robusto.id));
  await env.doc.send(new UpdateCommand({ TableName: inventory, Key: { pk: 'ORDER#HANDBACKLATE', sk: 'RESERVATION' },
    UpdateExpression: 'SET expiresAt = :past', ExpressionAttributeValues: { ':past': Math.floor(Date.now() / 1000) - 1 } }));
  expect(await env.platform.sweeper.sweep()).toMatchObject({ released: ['HANDBACKLATE'] });
  expect(counts(await lostRow(env, robusto.id))).toEqual({ available: Number(robustoBack.available) + 1, reserved: Number(robustoBack.reserved) - 1 });
  expect(counts(await lostRow(env, robusto.id))).toEqual(left[robusto.id]);
  await stop(env);
// Three platform starts with their sagas: minutes on a loaded two-core machine.
}, 300_000);
