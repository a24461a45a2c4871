// The latency budget of each user request on AWS: the chain of hops read from the code (the
// resolver map's pipelines and data sources, the Checkout ASL's main route, each Lambda's bundle),
// each hop's p99 from latency-hops.json, the compute measured here (bench/results/operations.json),
// each Lambda's init from its bundle (bench/results/bundles.json, else bundle-init.json). Warm: every
// Lambda and connection warm; cold: a new connection and every Lambda on the path cold.
import type { SagaRoute } from './asl-paths.ts';
import type { Bundles, Measured } from './inputs.ts';
import type { ResolverMap } from '../schema/resolver-map.ts';
import type { TemplateResource } from './templates.ts';

interface Hops {
  hops: Record<string, { p99?: number; count?: number; factor?: number; source: string }>;
  providerCall: { source: string; p99: Record<string, number>; rtt: Record<string, number> };
  /** A call to another region's replica: the round trip to the region's nearest other continent. */
  peerCall: { source: string; rtt: Record<string, number> };
  taskCalls: Record<string, { dynamodb: number; dynamodbTransaction: number; putEvents: number; provider: number; peer: number } | string>;
}

export interface Hop { what: string; warmMs: number; coldMs: number }
export interface Budget { request: string; region: string; hops: Hop[]; warmMs: number; coldMs: number }

/** How the functions are deployed (read from the templates, or a proposal derived from them). */
export interface Design {
  name: string;
  /** The function (name without the prefix) each task runs in: tasks sharing one are its aliases. */
  hostOf: Record<string, string>;
  memoryOf: Record<string, number>;
  sourceMapsOf: Record<string, boolean>;
  /** Provisioned instances per function: a request that finds one meets no cold start there. */
  provisionedOf: Record<string, number>;
  /** Resolvers publish status events through an AppSync EventBridge data source (PutEvents) instead of the PublishStatus Lambda. */
  publishThroughEventBridge: boolean;
  /** Tasks moved off placeOrder's synchronous path (they run after the answer; the shopper hears their outcome over the subscription). */
  afterAnswer?: readonly string[];
}

export interface LatencyInputs {
  hops: Hops;
  resolverMap: ResolverMap;
  checkoutRoute: SagaRoute;
  measured: Measured;
  bundles: Bundles;
}

/** The child fields the storefront asks for with each request (test/support/operations.ts, web/src). */
const childFields: Record<string, string[]> = {
  product: ['Product.stock'], products: ['Product.stock'], order: ['Order.refunds'], placeOrder: ['Order.refunds'], cancelOrder: ['Order.refunds'],
  myOrders: [], requestRefund: [],
};
const rootType: Record<string, string> = {
  product: 'Query', products: 'Query', order: 'Query', myOrders: 'Query', placeOrder: 'Mutation', cancelOrder: 'Mutation', requestRefund: 'Mutation',
};

export function budgets(inputs: LatencyInputs, regions: readonly string[], design: Design): Budget[] {
  const { hops, resolverMap } = inputs;
  const h = (name: string) => {
    const hop = hops.hops[name];
    if (!hop) throw new Error(`latency-hops.json has no ${name}`);
    return hop;
  };
  const rtt = h('clientRtt').p99!;
  const host = (task: string) => design.hostOf[task] ?? task;
  const cpuScale = (task: string) => 1769 / (design.memoryOf[host(task)] ?? 512);
  const localMs = (task: string) => Object.values(inputs.measured.results.operations).map((op) => op.lambda[task]?.meanMs).find((ms) => ms !== undefined) ?? 0;
  const initMs = (task: string) => {
    const bundle = inputs.bundles.bundles.find((b) => b.task === host(task)) ?? inputs.bundles.bundles.find((b) => b.task === task)
      ?? inputs.bundles.bundles.find((b) => b.tasks?.includes(task)); // a task measured only inside a shared bundle
    if (!bundle) throw new Error(`no bundle init measured for ${host(task)}`);
    const sourceMaps = design.sourceMapsOf[host(task)] ?? true;
    // The median CPU time of the load here (the shared machine's other work inflates wall time, not CPU time; the platform's p99 carries the tail).
    return (sourceMaps ? bundle.initMs.p50 : bundle.initMsWithoutSourceMaps?.p50 ?? bundle.initMs.p50) * cpuScale(task);
  };
  const calls = (task: string) => {
    const c = hops.taskCalls[task];
    return typeof c === 'object' ? c : { dynamodb: 3, dynamodbTransaction: 0, putEvents: 0, provider: 0, peer: 0 };
  };

  /** A Lambda invocation: invoke, (cold: sandbox and runtime, the bundle's init), compute, its calls. */
  const lambda = (task: string, region: string, started: Map<string, boolean>): Hop[] => {
    const c = calls(task);
    const io = c.dynamodb * h('dynamodb').p99! + c.dynamodbTransaction * h('dynamodbTransaction').p99! + c.putEvents * h('putEvents').p99!
      + c.provider * (hops.providerCall.p99[region] ?? hops.providerCall.p99['us-east-1'])
      + c.peer * ((hops.peerCall.rtt[region] ?? hops.peerCall.rtt['us-east-1']) + h('dynamodb').p99!);
    const scale = cpuScale(task);
    const compute = localMs(task) * scale;
    // A function is cold once per request (the first time the request reaches it), unless provisioned.
    const cold = !started.has(host(task)) && !(design.provisionedOf[host(task)] > 0);
    if (!started.has(host(task))) started.set(host(task), cold);
    const fn = host(task) === task ? task : `${task} (alias of ${host(task)})`;
    const out: Hop[] = [{ what: `invoke ${fn}`, warmMs: h('lambdaInvoke').p99!, coldMs: h('lambdaInvoke').p99! }];
    out.push({ what: `${fn} cold start (sandbox and runtime + bundle init ×${scale.toFixed(2)} CPU)`, warmMs: 0,
      coldMs: cold ? h('lambdaPlatformCold').p99! + initMs(task) : 0 });
    out.push({ what: `${task} compute (${localMs(task).toFixed(1)} ms here ×${scale.toFixed(2)}) and calls`, warmMs: compute + io, coldMs: compute + io });
    if (c.provider > 0) {
      // A new sandbox has neither the provider's key (read from Secrets Manager once, then cached) nor a connection to the provider (TCP and TLS first).
      const fresh = started.get(host(task)) === true;
      const setup = h('newConnectionRtts').count! * (hops.providerCall.rtt[region] ?? hops.providerCall.rtt['us-east-1']);
      out.push({ what: `${task} in a new sandbox: provider key (Secrets Manager) and connection (TCP, TLS)`, warmMs: 0,
        coldMs: fresh ? h('secretsManagerGet').p99! + setup : 0 });
    }
    return out;
  };

  const checkout = (region: string, started: Map<string, boolean>): Hop[] => {
    const out: Hop[] = [{ what: 'StartSyncExecution (Checkout, EXPRESS)', warmMs: h('stepFunctionsSyncStart').p99!, coldMs: h('stepFunctionsSyncStart').p99! }];
    for (const state of inputs.checkoutRoute.states) {
      const task = inputs.checkoutRoute.taskOf[state];
      if (task && design.afterAnswer?.includes(task)) continue;
      out.push({ what: `transition to ${state}`, warmMs: h('stepFunctionsTransition').p99!, coldMs: h('stepFunctionsTransition').p99! });
      if (task) out.push(...lambda(task, region, started));
      if (state === 'StartFulfilment') out.push({ what: 'StartExecution (Fulfilment, asynchronous)', warmMs: h('stepFunctionsApi').p99!, coldMs: h('stepFunctionsApi').p99! });
    }
    return out;
  };

  const dataSourceHops = (name: string, region: string, started: Map<string, boolean>): Hop[] => {
    const ds = resolverMap.dataSources.find((d) => d.name === name);
    if (!ds) throw new Error(`resolver map has no data source ${name}`);
    if (ds.type === 'AMAZON_DYNAMODB') return [{ what: `DynamoDB (${name})`, warmMs: h('dynamodb').p99!, coldMs: h('dynamodb').p99! }];
    if (ds.type === 'HTTP' && 'sync' in ds && ds.sync) return checkout(region, started);
    if (ds.type === 'HTTP') return [{ what: `Step Functions API (${name})`, warmMs: h('stepFunctionsApi').p99!, coldMs: h('stepFunctionsApi').p99! }];
    if (ds.type === 'AWS_LAMBDA' && 'task' in ds && ds.task === 'PublishStatus' && design.publishThroughEventBridge) {
      return [{ what: 'PutEvents through an AppSync EventBridge data source (no Lambda)', warmMs: h('putEvents').p99!, coldMs: h('putEvents').p99! }];
    }
    if (ds.type === 'AWS_LAMBDA' && 'task' in ds) return lambda(ds.task, region, started);
    return [];
  };

  const field = (typeName: string, fieldName: string, region: string, started: Map<string, boolean>): Hop[] => {
    const resolver = resolverMap.resolvers.find((r) => r.typeName === typeName && r.fieldName === fieldName);
    if (!resolver) throw new Error(`resolver map has no ${typeName}.${fieldName}`);
    if (resolver.kind === 'UNIT') return dataSourceHops(resolver.dataSource, region, started);
    return resolver.functions.flatMap((f) => {
      const fn = resolverMap.functions.find((x) => x.name === f)!;
      return [{ what: `pipeline step ${f}`, warmMs: h('appsyncFunction').p99!, coldMs: h('appsyncFunction').p99! }, ...dataSourceHops(fn.dataSource, region, started)];
    });
  };

  const out: Budget[] = [];
  for (const region of regions) {
    const base: Hop[] = [
      { what: 'client ↔ AppSync round trip (cold: TCP and TLS first)', warmMs: rtt, coldMs: rtt * (1 + h('newConnectionRtts').count!) },
      { what: 'AppSync: auth, parse, validate', warmMs: h('appsync').p99!, coldMs: h('appsync').p99! },
    ];
    for (const request of Object.keys(rootType)) {
      const started = new Map<string, boolean>(); // function → met cold in this request
      const hopsOf = [...base, ...field(rootType[request], request, region, started)];
      for (const child of childFields[request]) {
        const [typeName, fieldName] = child.split('.');
        hopsOf.push(...field(typeName, fieldName, region, started).map((x) => ({ ...x, what: `${child}: ${x.what}${request === 'products' ? ' (items in parallel)' : ''}` })));
      }
      out.push(total(request, region, hopsOf));
    }
    // The subscription's first event: connect and subscribe, then a status change reaches it
    // (a task's PutEvents → the bus's rule → publishOrderUpdate on AppSync → the socket).
    out.push(total('onOrderUpdated (first event)', region, [
      { what: 'WebSocket connect, connection_init/ack (warm: connection open)', warmMs: 0, coldMs: rtt * h('websocketSetupRtts').count! },
      { what: 'start → start_ack', warmMs: 0, coldMs: rtt * h('subscriptionStartRtts').count! },
      { what: 'PutEvents (the saga task)', warmMs: h('putEvents').p99!, coldMs: h('putEvents').p99! },
      { what: 'EventBridge rule → AppSync target', warmMs: h('eventDelivery').p99!, coldMs: h('eventDelivery').p99! },
      { what: 'publishOrderUpdate (IAM): AppSync and a DynamoDB read', warmMs: h('appsync').p99! + h('dynamodb').p99!, coldMs: h('appsync').p99! + h('dynamodb').p99! },
      { what: 'fan-out to the subscriber (half a round trip)', warmMs: rtt / 2, coldMs: rtt / 2 },
    ]));
  }
  return out;
}

function total(request: string, region: string, hops: Hop[]): Budget {
  return { request, region, hops, warmMs: hops.reduce((a, x) => a + x.warmMs, 0), coldMs: hops.reduce((a, x) => a + x.coldMs, 0) };
}

/** The design as the templates deploy it in a region: which function runs each task, its memory, source maps, provisioned instances. */
export function designFromTemplates(resources: readonly TemplateResource[], region: string, resolverMap: ResolverMap): Design {
  const design: Design = { name: 'as built', hostOf: {}, memoryOf: {}, sourceMapsOf: {}, provisionedOf: {}, publishThroughEventBridge: false };
  const functions = resources.filter((r) => r.region === region && r.type === 'AWS::Lambda::Function' && typeof r.properties.FunctionName === 'string'
    && String(r.properties.FunctionName).startsWith('bigsmokes-'));
  for (const fn of functions) {
    const name = String(fn.properties.FunctionName).replace(/^bigsmokes-/, '');
    design.memoryOf[name] = Number(fn.properties.MemorySize ?? 128);
    const variables = (fn.properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
    design.sourceMapsOf[name] = String(variables.NODE_OPTIONS ?? '').includes('--enable-source-maps');
    for (const alias of resources.filter((a) => a.type === 'AWS::Lambda::Alias' && a.stack === fn.stack
      && JSON.stringify(a.properties.FunctionName ?? '').includes(`"${fn.logicalId}"`))) {
      design.hostOf[String(alias.properties.Name)] = name;
      const provisioned = Number((alias.properties.ProvisionedConcurrencyConfig as { ProvisionedConcurrentExecutions?: number } | undefined)?.ProvisionedConcurrentExecutions ?? 0);
      design.provisionedOf[name] = Math.max(design.provisionedOf[name] ?? 0, provisioned);
    }
  }
  const publish = resolverMap.functions.find((f) => f.name === 'publishOrderStatus');
  design.publishThroughEventBridge = publish !== undefined && resolverMap.dataSources.find((d) => d.name === publish.dataSource)?.type !== 'AWS_LAMBDA';
  const shared = [...new Set(Object.values(design.hostOf))];
  const tasksOf = (f: string) => Object.keys(design.hostOf).filter((t) => design.hostOf[t] === f);
  design.name = `as built: ${shared.length > 0 ? `${shared.map((f) => `${f} (${tasksOf(f).join(', ')}; ${design.memoryOf[f]} MB, source maps ${design.sourceMapsOf[f] ? 'on' : 'off'})`)
    .join(', ')}; every other task` : 'every task'} in its own function`;
  return design;
}
