// The latency budget follows the code: each request's hops come from the resolver map (pipeline
// steps and their data sources) and, for placeOrder, from Checkout's main ASL route; a Lambda on
// the path adds its cold start to the cold path only. Hop sources: cost/latency-hops.json
// (e.g. Lambda memory and CPU: https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html).
import { resolverMap, type ResolverMap } from '../../schema/resolver-map.ts';
import { latencyInputs } from '../../cost/latency-main.ts';
import { budgets, type Design } from '../../cost/latency.ts';

const regions = ['us-east-1', 'eu-west-1', 'ap-southeast-1'];
const inputs = latencyInputs();
// Every task in its own 512 MB function with source maps: the design before the Checkout function.
const separate: Design = { name: 'separate', hostOf: {}, memoryOf: {}, sourceMapsOf: {}, provisionedOf: {}, publishThroughEventBridge: false };
const checkoutTasks = ['ValidateOrder', 'ReserveStock', 'AuthorisePayment', 'StoreOrder'];
const shared: Design = { ...separate, name: 'shared', hostOf: Object.fromEntries(checkoutTasks.map((t) => [t, 'Checkout'])), memoryOf: { Checkout: 1769 }, sourceMapsOf: { Checkout: false } };
const hop = (request: string, region = 'us-east-1', design = separate) => budgets(inputs, regions, design).find((b) => b.request === request && b.region === region)!;

it('walks placeOrder through its pipeline and every Lambda of the Checkout main route, each cold on the cold path', () => {
  const place = hop('placeOrder');
  const tasks = inputs.checkoutRoute.tasks;
  expect(tasks).toEqual(['ValidateOrder', 'ReserveStock', 'AuthorisePayment', 'StoreOrder']);
  for (const task of tasks) {
    const cold = place.hops.find((x) => x.what.startsWith(`${task} cold start`))!;
    expect(cold.warmMs).toBe(0);
    expect(cold.coldMs).toBeGreaterThan(inputs.hops.hops.lambdaPlatformCold.p99!);
  }
  expect(place.hops.filter((x) => x.what.startsWith('pipeline step')).map((x) => x.what)).toEqual(['pipeline step startCheckout', 'pipeline step loadPlacedOrder', 'pipeline step assignOrderNumber', 'pipeline step recordOrderNumber']);
  expect(place.coldMs).toBeGreaterThan(place.warmMs);
});

it('adds nothing but the connection set-up to the cold path of a request with no Lambda on it', () => {
  const rtt = inputs.hops.hops.clientRtt.p99!;
  for (const request of ['product', 'products', 'order', 'myOrders', 'requestRefund']) {
    const b = hop(request);
    expect(b.coldMs - b.warmMs).toBeCloseTo(rtt * inputs.hops.hops.newConnectionRtts.count!, 6);
  }
});

it('adds a hop for a pipeline step added to a resolver', () => {
  const withAudit: ResolverMap = { ...resolverMap,
    functions: [...resolverMap.functions, { name: 'auditRead', dataSource: 'OrdersTable', code: 'schema/functions/auditRead.js' }],
    resolvers: resolverMap.resolvers.map((r) => (r.typeName === 'Query' && r.fieldName === 'order' && r.kind === 'PIPELINE'
      ? { ...r, functions: [...r.functions, 'auditRead'] } : r)) };
  const before = hop('order');
  const after = budgets({ ...inputs, resolverMap: withAudit }, regions, separate).find((b) => b.request === 'order' && b.region === 'us-east-1')!;
  expect(after.warmMs - before.warmMs).toBeCloseTo(inputs.hops.hops.appsyncFunction.p99! + inputs.hops.hops.dynamodb.p99!, 6);
});

it('differs between regions only by the round trips to the payment provider and to the nearest other continent (the order\'s claim and its copy)', () => {
  const provider = inputs.hops.providerCall.p99;
  const peer = inputs.hops.peerCall.rtt;
  expect(hop('placeOrder', 'ap-southeast-1').warmMs - hop('placeOrder', 'us-east-1').warmMs)
    .toBeCloseTo(provider['ap-southeast-1'] - provider['us-east-1'] + 2 * (peer['ap-southeast-1'] - peer['us-east-1']), 6);
  expect(hop('product', 'ap-southeast-1').coldMs).toBe(hop('product', 'us-east-1').coldMs);
});

it('meets one cold start per checkout when its tasks share a function, and none when it is provisioned', () => {
  const colds = (design: Design) => hop('placeOrder', 'us-east-1', design).hops.filter((x) => x.what.includes('cold start') && x.coldMs > 0);
  expect(colds(separate)).toHaveLength(4);
  expect(colds(shared).map((x) => x.what)).toEqual([expect.stringMatching(/^ValidateOrder \(alias of Checkout\) cold start/)]);
  expect(colds({ ...shared, provisionedOf: { Checkout: 1 } })).toHaveLength(0);
  expect(hop('placeOrder', 'us-east-1', shared).coldMs).toBeLessThan(hop('placeOrder', 'us-east-1', separate).coldMs);
});

it("pays the provider's key and a new connection to it on a cold checkout only (TLS 1.3: one round trip after TCP's, https://www.rfc-editor.org/rfc/rfc8446)", () => {
  const fresh = (design: Design, region: string) => hop('placeOrder', region, design).hops.find((x) => x.what.startsWith('AuthorisePayment in a new sandbox'))!;
  for (const region of regions) {
    const expected = inputs.hops.hops.secretsManagerGet.p99! + inputs.hops.hops.newConnectionRtts.count! * inputs.hops.providerCall.rtt[region];
    expect(fresh(shared, region)).toMatchObject({ warmMs: 0, coldMs: expected });
  }
  expect(fresh({ ...shared, provisionedOf: { Checkout: 1 } }, 'ap-southeast-1').coldMs).toBe(0);
});

it('leaves a task moved after the answer off the synchronous path, and nothing else', () => {
  const place = hop('placeOrder', 'ap-southeast-1', shared);
  const after = hop('placeOrder', 'ap-southeast-1', { ...shared, afterAnswer: ['AuthorisePayment'] });
  const removed = place.hops.filter((x) => x.what.includes('AuthorisePayment'));
  expect(removed.map((x) => x.what)).toEqual(['transition to AuthorisePayment', 'invoke AuthorisePayment (alias of Checkout)',
    'AuthorisePayment (alias of Checkout) cold start (sandbox and runtime + bundle init ×1.00 CPU)',
    'AuthorisePayment compute (' + inputs.measured.results.operations.placeOrder.lambda.AuthorisePayment.meanMs.toFixed(1) + ' ms here ×1.00) and calls',
    'AuthorisePayment in a new sandbox: provider key (Secrets Manager) and connection (TCP, TLS)']);
  expect(after.hops.map((x) => x.what)).toEqual(place.hops.filter((x) => !removed.includes(x)).map((x) => x.what));
  expect(place.coldMs - after.coldMs).toBeCloseTo(removed.reduce((a, x) => a + x.coldMs, 0), 6);
});
