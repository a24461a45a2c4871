// Faults: payment and carrier fail a seeded share of calls transiently (API.md §7 `/faults`; where
// a platform has no such switch yet, the outage switches are flipped on for that share of short
// slots instead). Clients retry with their key; failed sagas are redriven once the faults stop.
// Every order ends consistent.
import { FAILED_EXECUTIONS, REDRIVE } from '../../test/support/operations.ts';
import { advance, orderInput, orders, placeOrder, products, random, record, rssMb, sleep, startFresh, stop, driveToEnd, verify, type Row, type Started } from './lib.ts';

const PROVIDERS = ['payment', 'carrier'] as const;

async function post(s: Started, route: string, body: object): Promise<Response> {
  return fetch(`${s.platform.outputs.webUrl}_sandbox/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** Turns the faults on (true when the `/faults` switches answered) or off. */
async function faults(s: Started, failRate: number, seed: number): Promise<boolean> {
  const answers = await Promise.all(PROVIDERS.map((p) => post(s, `${p}/faults`, { failRate, seed })));
  return answers.every((r) => r.ok);
}

export async function faultsScenario(seed: number, n: number, failRate = 0.3): Promise<Row> {
  const s = await startFresh();
  const memoryStartMb = rssMb(s.platform.pid);
  const catalogue = await products(s.api, 40);
  const answered = new Map<string, Set<string>>();
  const switches = await faults(s, failRate, seed);
  // Without /faults: the outage switches, on for a seeded `failRate` of 200 ms slots.
  let flipping = !switches;
  const next = random(seed);
  const flipper = (async () => {
    while (flipping) {
      const on = next() < failRate;
      await Promise.all(PROVIDERS.map((p) => post(s, `${p}/outage`, { on })));
      await sleep(200);
    }
  })();
  const inputs = Array.from({ length: n }, (_, i) => orderInput(`faults-${seed}-${i}`, catalogue[i % catalogue.length]));
  await Promise.all(inputs.map(async (input) => record(answered, input.idempotencyKey, await placeOrder(s.api, input))));
  const until = Date.now() + 30_000;
  while (Date.now() < until && (await orders(s.doc)).some((o) => o.status === 'PACKING' || o.status === 'SHIPPED')) {
    await Promise.all(advance(s.api, await orders(s.doc)));
    await sleep(300);
  }
  flipping = false;
  await flipper;
  if (switches) await faults(s, 0, seed);
  else await Promise.all(PROVIDERS.map((p) => post(s, `${p}/outage`, { on: false })));
  // Support redrives what failed in place.
  let redriven = 0;
  for (const machine of ['Fulfilment', 'Refund']) {
    const failed = await s.api.call<{ items: { executionArn: string }[] }>('support', FAILED_EXECUTIONS, { stateMachine: machine });
    for (const e of failed.data?.items ?? []) if ((await s.api.call('support', REDRIVE, { arn: e.executionArn })).data) redriven += 1;
  }
  const result = await verify(s, answered, await driveToEnd(s));
  const memoryEndMb = rssMb(s.platform.pid);
  await stop(s);
  return {
    scenario: `faults ${Math.round(failRate * 100)}% (seed ${seed})`, runs: 1, ...result, fiveXx: s.api.fiveXx, memoryStartMb, memoryEndMb,
    note: `${switches ? '/faults switches' : 'outage switches flipped'}; ${redriven} redriven`,
  };
}
