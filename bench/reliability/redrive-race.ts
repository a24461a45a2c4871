// Concurrent redrives: Fulfilment executions failed in place by a carrier outage; once it is over,
// support redrives each with `concurrent` calls at once. One is accepted per execution (AWS answers
// the others ExecutionNotRedrivable), the execution runs once, its history ids stay unique.
import { GetExecutionHistoryCommand } from '@aws-sdk/client-sfn';
import { CONFIRM_PACKED, REDRIVE } from '../../test/support/operations.ts';
import { executions, orderInput, orders, placeOrder, products, record, rssMb, sleep, startFresh, stop, driveToEnd, verify, type Row, type Started } from './lib.ts';

async function outage(s: Started, on: boolean): Promise<void> {
  const res = await fetch(`${s.platform.outputs.webUrl}_sandbox/carrier/outage`, { method: 'POST', body: JSON.stringify({ on }) });
  if (!res.ok) throw new Error(`the carrier outage switch answered ${res.status}`);
}

export async function redriveRace(n: number, concurrent: number): Promise<Row> {
  const s = await startFresh();
  const memoryStartMb = rssMb(s.platform.pid);
  const catalogue = await products(s.api, 40);
  const answered = new Map<string, Set<string>>();
  await outage(s, true);
  for (let i = 0; i < n; i += 1) {
    const input = orderInput(`redrive-${i}`, catalogue[i % catalogue.length]);
    record(answered, input.idempotencyKey, await placeOrder(s.api, input));
  }
  for (let i = 0; i < 100 && (await orders(s.doc)).some((o) => o.status !== 'PACKING'); i += 1) await sleep(100);
  await Promise.all((await orders(s.doc)).map((o) => s.api.call('warehouse', CONFIRM_PACKED, { orderId: o.id, packages: 1 })));
  const deadline = Date.now() + 180_000;
  let failed = (await executions(s, 'fulfilment')).filter((e) => e.status === 'FAILED');
  while (failed.length < n && Date.now() < deadline) {
    await sleep(500);
    failed = (await executions(s, 'fulfilment')).filter((e) => e.status === 'FAILED');
  }
  await outage(s, false);
  let twice = 0;
  await Promise.all(failed.map(async (e) => {
    const answers = await Promise.all(Array.from({ length: concurrent }, () => s.api.call('support', REDRIVE, { arn: e.executionArn })));
    twice += Math.max(0, answers.filter((a) => a.data).length - 1);
  }));
  const result = await verify(s, answered, await driveToEnd(s));
  for (const e of failed) {
    const events = (await s.sfn.send(new GetExecutionHistoryCommand({ executionArn: e.executionArn, maxResults: 1000 }))).events ?? [];
    if (new Set(events.map((h) => h.id)).size !== events.length || events.filter((h) => h.type === 'ExecutionRedriven').length !== 1) twice += 1;
  }
  const memoryEndMb = rssMb(s.platform.pid);
  await stop(s);
  return {
    scenario: 'concurrent redrives', runs: failed.length, ...result, twice: result.twice + twice, fiveXx: s.api.fiveXx, memoryStartMb, memoryEndMb,
    note: `${concurrent} redrives at once per failed execution`,
  };
}
