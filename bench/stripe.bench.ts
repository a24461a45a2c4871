// The local Stripe as `npm start` runs it (every answer's objects fsynced to its journal first),
// reached through the official `stripe` SDK over loopback HTTP as the payment adapter reaches it.
// Figures, each labelled: an authorisation's latency (create + confirm with manual capture) with one
// client in sequence; authorisation and capture throughput at 16 clients, with their latency; a
// 100-object list page's latency.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Stripe from 'stripe';
import { startStripe } from '../local/stripe/server.ts';
import { Latencies, printTable, runConcurrent, writeResults } from './lib/report.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'bigsmokes-bench-stripe-'));
const server = await startStripe({ port: 0, dataDir });
const url = new URL(server.endpoint);
const stripe = new Stripe(server.secretKey, { host: url.hostname, port: Number(url.port), protocol: 'http', maxNetworkRetries: 0 });
const authorise = (i: number) => stripe.paymentIntents.create({
  amount: 5000, currency: 'usd', capture_method: 'manual', confirm: true,
  automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
  payment_method_data: { type: 'card', card: { token: 'tok_visa' } } as unknown as Stripe.PaymentIntentCreateParams.PaymentMethodData,
  metadata: { orderId: `bench-${i}` },
}, { idempotencyKey: `authorise-bench-${i}` });
try {
  for (let i = 0; i < 100; i += 1) await authorise(-1 - i); // warm-up

  const single = new Latencies();
  for (let i = 0; i < 1000; i += 1) {
    const t = process.hrtime.bigint();
    await authorise(i);
    single.record(t);
  }
  const ids: string[] = [];
  const concurrent = await runConcurrent(16, 3000, async (i) => { ids.push((await authorise(10_000 + i)).id); });
  const capture = await runConcurrent(16, ids.length, (i) => stripe.paymentIntents.capture(ids[i], { amount_to_capture: 4000 }, { idempotencyKey: `capture-bench-${i}` }));
  const list = new Latencies();
  for (let i = 0; i < 200; i += 1) {
    const t = process.hrtime.bigint();
    await stripe.paymentIntents.list({ limit: 100 });
    list.record(t);
  }

  const results = {
    server: 'as npm start runs it: in-process, every answer fsynced to the journal under <dataDir>/stripe/ first',
    client: 'the official stripe SDK over loopback HTTP, no SDK retries, an Idempotency-Key on every POST',
    authorise1Client: { figure: 'latency', what: 'one client, 1,000 authorisations (create + confirm, manual capture) in sequence', ...single.summary() },
    authorise16Clients: { figure: 'throughput (and the latency of each request under that load)', what: '16 clients, 3,000 authorisations', ...concurrent },
    capture16Clients: { figure: 'throughput (and the latency of each request under that load)', what: '16 clients, 3,000 partial captures', ...capture },
    list100: { figure: 'latency', what: `one client, 200 list pages of 100 PaymentIntents (of ${ids.length + 1100})`, ...list.summary() },
  };
  const file = writeResults('stripe', results);
  printTable([
    { operation: 'authorise, 1 client (latency)', 'ops/s': '-', 'p50 ms': results.authorise1Client.p50Ms, 'p99 ms': results.authorise1Client.p99Ms, errors: 0 },
    { operation: 'authorise, 16 clients (throughput)', 'ops/s': concurrent.opsPerSecond, 'p50 ms': concurrent.latency.p50Ms, 'p99 ms': concurrent.latency.p99Ms, errors: concurrent.errors },
    { operation: 'capture, 16 clients (throughput)', 'ops/s': capture.opsPerSecond, 'p50 ms': capture.latency.p50Ms, 'p99 ms': capture.latency.p99Ms, errors: capture.errors },
    { operation: 'list 100, 1 client (latency)', 'ops/s': '-', 'p50 ms': results.list100.p50Ms, 'p99 ms': results.list100.p99Ms, errors: 0 },
  ]);
  console.log(`fsynced journal; written to ${file}`);
} finally {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
