// Local Step Functions engine: a 6-task saga (Lambda tasks with in-process no-op handlers) with every
// transition persisted to the local DynamoDB endpoint as `npm start` runs it (its own thread,
// journalled to a data directory). Figures, each labelled: throughput (executions/s, and its inverse,
// wall-clock µs per persisted transition: not a latency) and the latency of one execution,
// sequential and 64 in flight; heap after 10,000 executions; the in-memory store (nothing
// persisted) for comparison. Target: ≤ 300 wall-clock µs per persisted transition on the 2-core machine.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { stepFunctionsTable } from '../local/stepfunctions/persistence/table.ts';
import { systemClock } from '../local/stepfunctions/clock.ts';
import { StepFunctionsEngine } from '../local/stepfunctions/engine.ts';
import { DynamoDBStore } from '../local/stepfunctions/persistence/dynamodb-store.ts';
import { MemoryStore } from '../local/stepfunctions/persistence/memory-store.ts';
import type { Commit, EngineStore } from '../local/stepfunctions/persistence/store.ts';
import type { ExecutionRecord, HistoryEvent } from '../local/stepfunctions/types.ts';
import { ensureTables } from '../local/dynamodb/create-tables.ts';
import { startDynamoDBThread } from '../local/dynamodb/worker-host.ts';
import { Latencies, printTable, writeResults } from './lib/report.ts';

const TASKS = ['Validate', 'Reserve', 'Authorise', 'Store', 'Notify', 'Complete'];
const saga = {
  StartAt: TASKS[0],
  States: Object.fromEntries(TASKS.map((name, i) => [name, {
    Type: 'Task', Resource: `arn:aws:lambda:us-east-1:000000000000:function:bigsmokes-${name}`,
    Parameters: { 'orderId.$': '$.orderId', step: name }, ResultPath: `$.${name.toLowerCase()}`,
    ...(i === TASKS.length - 1 ? { End: true } : { Next: TASKS[i + 1] }),
  }])),
};

/** Counts the store writes that carry transitions (start, commits). */
class CountingStore implements EngineStore {
  writes = 0;
  readonly inner: EngineStore;
  constructor(inner: EngineStore) { this.inner = inner; }
  putStateMachine(...a: Parameters<EngineStore['putStateMachine']>) { return this.inner.putStateMachine(...a); }
  getStateMachine(arn: string) { return this.inner.getStateMachine(arn); }
  listStateMachines() { return this.inner.listStateMachines(); }
  deleteStateMachine(arn: string) { return this.inner.deleteStateMachine(arn); }
  createExecution(r: ExecutionRecord, e: readonly HistoryEvent[]) { this.writes += 1; return this.inner.createExecution(r, e); }
  getExecution(arn: string) { return this.inner.getExecution(arn); }
  listExecutions(arn: string) { return this.inner.listExecutions(arn); }
  listRunningExecutions() { return this.inner.listRunningExecutions(); }
  commit(arn: string, c: Commit) { this.writes += 1; return this.inner.commit(arn, c); }
  getBranches(arn: string) { return this.inner.getBranches(arn); }
  getHistory(arn: string) { return this.inner.getHistory(arn); }
  getToken(t: string) { return this.inner.getToken(t); }
  putToken(...a: Parameters<EngineStore['putToken']>) { return this.inner.putToken(...a); }
}

let scenarios = 0;

async function scenario(store: CountingStore, label: string, inFlight: number, total: number) {
  scenarios += 1;
  const engine = new StepFunctionsEngine({ store, clock: systemClock(), invokeLambda: async (_arn, payload) => ({ ok: true, payload }) });
  const { stateMachineArn } = await engine.actions.createStateMachine({ name: `bench-${label}-${inFlight}-${scenarios}`, definition: JSON.stringify(saga) });
  const run = async (i: number) => {
    const { executionArn } = await engine.actions.startExecution({ stateMachineArn, name: `order-${i}`, input: JSON.stringify({ orderId: `o-${i}` }) });
    const done = await engine.waitForExecution(executionArn);
    if (done.status !== 'SUCCEEDED') throw new Error(`${executionArn} ${done.status}: ${done.error}`);
  };
  for (let i = 0; i < 50; i += 1) await run(-1 - i); // warm-up
  const latencies = new Latencies();
  const writesBefore = store.writes;
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next < total) {
      const i = next++;
      const t = process.hrtime.bigint();
      await run(i);
      latencies.record(t);
    }
  }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const writes = store.writes - writesBefore;
  await engine.close();
  return {
    store: label === 'dynamodb' ? 'local DynamoDB, journalled, own thread (durable)' : 'in memory (nothing persisted)', inFlight, executions: total,
    seconds: Math.round(seconds * 100) / 100,
    throughput: { executionsPerSecond: Math.round(total / seconds), wallUsPerPersistedTransition: Math.round((seconds * 1e6) / writes),
      what: 'wall-clock time over persisted transitions: the inverse of throughput, not a latency' },
    persistedTransitions: writes, transitionsPerExecution: Math.round((writes / total) * 10) / 10,
    executionLatency: { what: 'latency of one execution, start to finish', ...latencies.summary() },
  };
}

// A full GC before each heap reading, without needing node --expose-gc (bench/run.ts passes no flags).
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function heapMiB(): number {
  gc();
  return Math.round((process.memoryUsage().heapUsed / 2 ** 20) * 10) / 10;
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'bigsmokes-bench-sfn-'));
const thread = await startDynamoDBThread({ port: 0, dataDir });
await ensureTables(thread.endpoint, [stepFunctionsTable]);
// The engine's store calls the endpoint's thread directly, as under `npm start`.
const db = { call: thread.call };
try {
  // Memory of the engine itself after 10,000 finished executions (their records live in the
  // DynamoDB endpoint's thread, whose heap is its own).
  const heapBefore = heapMiB();
  const memory = await scenario(new CountingStore(new DynamoDBStore(db.call)), 'dynamodb', 64, 10_000);
  const heapAfter = heapMiB();

  const results = [];
  results.push(await scenario(new CountingStore(new DynamoDBStore(db.call)), 'dynamodb', 1, 300));
  results.push(await scenario(new CountingStore(new DynamoDBStore(db.call)), 'dynamodb', 64, 2000));
  results.push(await scenario(new CountingStore(new MemoryStore()), 'memory', 1, 2000));
  results.push(await scenario(new CountingStore(new MemoryStore()), 'memory', 64, 10000));

  const file = writeResults('stepfunctions', {
    saga: `${TASKS.length} Lambda tasks, every transition persisted`,
    target: { wallUsPerPersistedTransition: 300, what: 'throughput target at 64 in flight, durable store' },
    scenarios: results,
    memoryAfter10000: { scenario: memory, heapUsedBeforeMiB: heapBefore, heapUsedAfterMiB: heapAfter, rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20) },
  });
  printTable([...results, memory].map((r) => ({
    store: r.store, 'in flight': r.inFlight, executions: r.executions, 'exec/s (throughput)': r.throughput.executionsPerSecond,
    'writes/exec': r.transitionsPerExecution, 'wall µs/transition (1/throughput)': r.throughput.wallUsPerPersistedTransition,
    'exec p50 ms (latency)': r.executionLatency.p50Ms, 'exec p99 ms (latency)': r.executionLatency.p99Ms,
  })));
  console.log(`heap used (engine): ${heapBefore} MiB before, ${heapAfter} MiB after 10,000 executions; written to ${file}`);
} finally {
  await thread.close();
  rmSync(dataDir, { recursive: true, force: true });
}
