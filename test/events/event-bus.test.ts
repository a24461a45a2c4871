// The local bus through @aws-sdk/client-eventbridge (PutEvents, TestEventPattern) and in-process,
// with rules delivering to injected targets. API reference:
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_TestEventPattern.html
import { EventBridgeClient, PutEventsCommand, TestEventPatternCommand } from '@aws-sdk/client-eventbridge';
import { localClientConfig } from '../../local/aws/client-config.ts';
import type { DeliveryFailure } from '../../local/events/bus.ts';
import type { BusEvent } from '../../local/events/event-entry.ts';
import { startEventBus } from '../../local/events/server.ts';
import type { LocalEventBus } from '../../local/events/server.ts';
import { signedFetch } from '../support/signed-request.ts';

let bus: LocalEventBus;
let client: EventBridgeClient;
const failures: DeliveryFailure[] = [];

beforeAll(async () => {
  bus = await startEventBus({
    port: 0, region: 'us-east-1', accountId: '000000000000', busNames: ['orders'],
    retry: { attempts: 3, baseDelayMs: 5 }, onDeliveryFailure: (f) => failures.push(f),
  });
  client = new EventBridgeClient(localClientConfig(bus.endpoint));
});
afterAll(async () => {
  client.destroy();
  await bus.close();
});

/** A target that records what it receives. */
function recorder(): { events: BusEvent[]; target: (event: BusEvent) => Promise<void> } {
  const events: BusEvent[] = [];
  return { events, target: async (event) => void events.push(event) };
}

const statusEntry = (orderId: string, status: string, extra: Record<string, unknown> = {}) => ({
  Source: 'bigsmokes.orders', DetailType: 'OrderStatusChanged', Detail: JSON.stringify({ orderId, status, ...extra }),
});

describe('PutEvents through the SDK', () => {
  it('delivers the EventBridge envelope to every rule whose pattern matches, and only those', async () => {
    const shipped = recorder();
    const all = recorder();
    bus.putRule('shipped', { source: ['bigsmokes.orders'], detail: { status: ['SHIPPED'] } }, shipped.target);
    bus.putRule('all-orders', { source: [{ prefix: 'bigsmokes.' }] }, all.target);
    const time = new Date('2026-01-02T03:04:05.678Z');
    const out = await client.send(new PutEventsCommand({
      Entries: [{ ...statusEntry('o1', 'PLACED'), Time: time, Resources: ['arn:aws:states:us-east-1:000000000000:execution:x:1'] }, statusEntry('o1', 'SHIPPED')],
    }));
    expect(out.FailedEntryCount).toBe(0);
    expect(out.Entries!.map((e) => e.EventId)).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/), expect.stringMatching(/^[0-9a-f-]{36}$/)]);
    await bus.idle();
    expect(shipped.events.map((e) => e.detail.status)).toEqual(['SHIPPED']);
    expect(all.events[0]).toEqual({
      version: '0', id: out.Entries![0].EventId, 'detail-type': 'OrderStatusChanged', source: 'bigsmokes.orders',
      account: '000000000000', time: '2026-01-02T03:04:05Z', region: 'us-east-1',
      resources: ['arn:aws:states:us-east-1:000000000000:execution:x:1'], detail: { orderId: 'o1', status: 'PLACED' },
    });
    bus.removeRule('shipped');
    bus.removeRule('all-orders');
  });

  it('answers a failed entry with its own error and accepts the others (per-entry errors)', async () => {
    const out = await client.send(new PutEventsCommand({
      Entries: [
        statusEntry('o2', 'PLACED'),
        { DetailType: 'x', Detail: '{}' },
        { Source: 'bigsmokes.orders', Detail: '{}' },
        { Source: 'bigsmokes.orders', DetailType: 'x' },
        { Source: 'bigsmokes.orders', DetailType: 'x', Detail: '{not json' },
        { Source: 'bigsmokes.orders', DetailType: 'x', Detail: '[1]' },
        { Source: 'aws.ec2', DetailType: 'x', Detail: '{}' },
        { ...statusEntry('o2', 'PLACED'), EventBusName: 'nope' },
      ],
    }));
    expect(out.FailedEntryCount).toBe(7);
    expect(out.Entries).toEqual([
      { EventId: expect.any(String) },
      { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.' },
      { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter DetailType is not valid. Reason: DetailType is a required argument.' },
      { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Detail is not valid. Reason: Detail is a required argument.' },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' },
      { ErrorCode: 'InvalidArgument', ErrorMessage: expect.stringContaining('Event bus nope does not exist.') },
    ]);
  });

  it('routes by bus: a rule on the "orders" bus (named or by ARN) sees only that bus\'s events', async () => {
    const onOrders = recorder();
    bus.putRule('orders-bus', { source: ['bigsmokes.orders'] }, onOrders.target, { eventBusName: 'orders' });
    await client.send(new PutEventsCommand({ Entries: [statusEntry('o3', 'PLACED'), { ...statusEntry('o3', 'PACKING'), EventBusName: 'arn:aws:events:us-east-1:000000000000:event-bus/orders' }] }));
    await bus.idle();
    expect(onOrders.events.map((e) => e.detail.status)).toEqual(['PACKING']);
    bus.removeRule('orders-bus', { eventBusName: 'orders' });
  });

  it('refuses a request of more than 10 entries, or none, with ValidationException', async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => statusEntry(`o${i}`, 'PLACED'));
    await expect(client.send(new PutEventsCommand({ Entries: eleven })))
      .rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('Member must have length less than or equal to 10'), $metadata: { httpStatusCode: 400 } });
    await expect(client.send(new PutEventsCommand({ Entries: [] }))).rejects.toMatchObject({ name: 'ValidationException' });
  });
});

describe('TestEventPattern through the SDK', () => {
  it('answers whether the pattern matches, and InvalidEventPatternException for a bad pattern', async () => {
    const event = JSON.stringify({ id: '1', account: '000000000000', source: 'bigsmokes.orders', time: '2026-01-01T00:00:00Z', region: 'us-east-1', resources: [], 'detail-type': 'OrderStatusChanged', detail: { status: 'PLACED' } });
    expect((await client.send(new TestEventPatternCommand({ EventPattern: '{"detail":{"status":["PLACED"]}}', Event: event }))).Result).toBe(true);
    expect((await client.send(new TestEventPatternCommand({ EventPattern: '{"detail":{"status":[{"anything-but":"PLACED"}]}}', Event: event }))).Result).toBe(false);
    await expect(client.send(new TestEventPatternCommand({ EventPattern: '{"detail":{"status":[{"regex":"x"}]}}', Event: event })))
      .rejects.toMatchObject({ name: 'InvalidEventPatternException', message: expect.stringMatching(/^Event pattern is not valid\. Reason: /) });
  });
});

describe('bad requests get EventBridge\'s error shapes', () => {
  const post = async (body: string, target?: string) => {
    const res = await signedFetch({ endpoint: bus.endpoint, service: 'events', contentType: 'application/x-amz-json-1.1', target, body });
    return { status: res.status, json: await res.json() as Record<string, unknown> };
  };
  it('malformed JSON, wrong member types, unknown action, oversized body', async () => {
    expect(await post('{"Entries": [', 'AWSEvents.PutEvents')).toMatchObject({ status: 400, json: { __type: 'SerializationException' } });
    expect(await post('{"Entries": "x"}', 'AWSEvents.PutEvents')).toMatchObject({ status: 400, json: { __type: 'SerializationException' } });
    expect(await post('{"Entries": [{"Source": 1}]}', 'AWSEvents.PutEvents')).toMatchObject({ status: 400, json: { __type: 'SerializationException' } });
    expect(await post('{}', 'AWSEvents.PutEvents')).toMatchObject({ status: 400, json: { __type: 'ValidationException' } });
    expect(await post('{}', 'AWSEvents.DeleteEverything')).toMatchObject({ status: 400, json: { __type: 'UnknownOperationException' } });
    expect(await post('{}')).toMatchObject({ status: 400, json: { __type: 'UnknownOperationException' } });
    const big = JSON.stringify({ Entries: [{ Source: 's', DetailType: 'd', Detail: JSON.stringify({ pad: 'x'.repeat(300 * 1024) }) }] });
    expect(await post(big, 'AWSEvents.PutEvents')).toMatchObject({ status: 400, json: { __type: 'ValidationException', message: 'Total size of the entries in the request is over the limit.' } });
  });
  it('refuses an invalid pattern at putRule', () => {
    expect(() => bus.putRule('bad', { source: 'not-an-array' }, async () => undefined)).toThrow(expect.objectContaining({ type: 'InvalidEventPatternException' }));
  });
});

describe('in-process putEvents and delivery', () => {
  it('takes a Detail object (the Step Functions events:putEvents integration) and answers as the API does', async () => {
    const seen = recorder();
    bus.putRule('sfn', { 'detail-type': ['FromStateMachine'] }, seen.target);
    const out = await bus.putEvents({ Entries: [{ Source: 'bigsmokes.workflows', DetailType: 'FromStateMachine', Detail: { orderId: 'o9', nested: { n: 1 } } }] });
    expect(out).toEqual({ FailedEntryCount: 0, Entries: [{ EventId: expect.any(String) }] });
    await bus.idle();
    expect(seen.events[0].detail).toEqual({ orderId: 'o9', nested: { n: 1 } });
    bus.removeRule('sfn');
  });

  it('delivers a rule\'s events one at a time, in the order they were put', async () => {
    const order: string[] = [];
    bus.putRule('ordered', { detail: { orderId: ['o10'] } }, async (event) => {
      await new Promise((resolve) => setTimeout(resolve, event.detail.status === 'PLACED' ? 20 : 0));
      order.push(String(event.detail.status));
    });
    await bus.putEvents({ Entries: [statusEntry('o10', 'PLACED'), statusEntry('o10', 'PACKING')] });
    await bus.putEvents({ Entries: [statusEntry('o10', 'PACKED')] });
    await bus.idle();
    expect(order).toEqual(['PLACED', 'PACKING', 'PACKED']);
    bus.removeRule('ordered');
  });

  it('retries a failing target, then hands the event to onDeliveryFailure (the dead-letter queue)', async () => {
    let calls = 0;
    bus.putRule('flaky', { detail: { orderId: ['o11'] } }, async () => {
      calls++;
      if (calls < 3) throw new Error('target unavailable');
    });
    bus.putRule('broken', { detail: { orderId: ['o11'] } }, async () => {
      throw new Error('always down');
    });
    const { Entries } = await bus.putEvents({ Entries: [statusEntry('o11', 'PLACED')] });
    await bus.idle();
    expect(calls).toBe(3); // failed twice, delivered on the third attempt
    expect(failures).toEqual([expect.objectContaining({ rule: 'broken', attempts: 3, event: expect.objectContaining({ id: Entries[0] && 'EventId' in Entries[0] ? Entries[0].EventId : '' }) })]);
    expect((failures[0].error as Error).message).toBe('always down');
    bus.removeRule('flaky');
    bus.removeRule('broken');
  });

  it('gives each target its own copy of the event', async () => {
    const copies: BusEvent[] = [];
    bus.putRule('mutator', { detail: { orderId: ['o12'] } }, async (event) => {
      (event.detail as Record<string, unknown>).status = 'CHANGED';
    });
    bus.putRule('observer', { detail: { orderId: ['o12'] } }, async (event) => void copies.push(event));
    await bus.putEvents({ Entries: [statusEntry('o12', 'PLACED')] });
    await bus.idle();
    expect(copies[0].detail.status).toBe('PLACED');
    bus.removeRule('mutator');
    bus.removeRule('observer');
  });
});
