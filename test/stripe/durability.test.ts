// The local Stripe keeps what it answered across a kill -9: `node local/stripe/main.ts` is killed
// with SIGKILL and started again on the same data directory; the PaymentIntents, refunds and saved
// idempotent answers are all there (a retry after the crash replays, as
// https://docs.stripe.com/api/idempotent_requests promises for 24 hours), and a torn last journal
// line (a request killed mid-write, never answered) is dropped.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startStripe } from '../../local/stripe/server.ts';
import { authorise, sdkFor } from './support.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'bigsmokes-stripe-crash-'));
const journal = path.join(dataDir, 'stripe', 'journal.jsonl');
let child: ChildProcess | undefined;

afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts the standalone server and resolves with its endpoint once it listens. */
function startStandalone(): Promise<string> {
  const started = spawn(process.execPath, [path.join(repoRoot, 'local/stripe/main.ts')], {
    env: { ...process.env, STRIPE_PORT: '0', LOCAL_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = started;
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const endpoint = /Local Stripe on (http:\/\/\S+)/.exec(output)?.[1];
      if (endpoint) resolve(endpoint);
    };
    started.stdout.on('data', onData);
    started.stderr.on('data', onData);
    started.on('exit', (code) => reject(new Error(`the local Stripe exited (${code}): ${output}`)));
  });
}

function killHard(): Promise<void> {
  const running = child!;
  return new Promise((resolve) => {
    running.on('exit', () => resolve());
    running.kill('SIGKILL');
  });
}

it('keeps every answered PaymentIntent, refund and idempotent answer across kill -9 and a torn last write', async () => {
  let stripe = sdkFor(await startStandalone(), 'sk_test_local');
  const intent = await authorise(stripe, 8000, 'tok_visa', 'order-crash', 'authorise-order-crash');
  // Written before the answer went out.
  expect(readFileSync(journal, 'utf8')).toContain(intent.id);
  const captured = await stripe.paymentIntents.capture(intent.id, { amount_to_capture: 7000 }, { idempotencyKey: 'capture-order-crash' });
  const refund = await stripe.refunds.create({ payment_intent: intent.id, amount: 2000 }, { idempotencyKey: 'refund-order-crash-1' });
  const held = await authorise(stripe, 3000, 'tok_visa', 'order-crash-held');

  await killHard();
  // A request killed while its line was being written: never answered, so never happened.
  appendFileSync(journal, '{"intents":[{"id":"pi_torn","object":"payment_int');
  stripe = sdkFor(await startStandalone(), 'sk_test_local');

  expect(await stripe.paymentIntents.retrieve(intent.id)).toMatchObject({ status: 'succeeded', amount_received: 7000, amount_capturable: 0 });
  expect(await stripe.paymentIntents.retrieve(held.id)).toMatchObject({ status: 'requires_capture', amount_capturable: 3000 });
  expect((await stripe.refunds.list({ payment_intent: intent.id })).data).toEqual([refund]);
  const replayed = await stripe.paymentIntents.capture(intent.id, { amount_to_capture: 7000 }, { idempotencyKey: 'capture-order-crash' });
  expect(replayed.lastResponse.headers['idempotent-replayed']).toBe('true');
  expect(replayed).toMatchObject({ id: captured.id, amount_received: 7000 });
  await stripe.refunds.create({ payment_intent: intent.id, amount: 2000 }, { idempotencyKey: 'refund-order-crash-1' });
  expect((await stripe.refunds.list({ payment_intent: intent.id })).data).toHaveLength(1);
  await expect(stripe.paymentIntents.retrieve('pi_torn')).rejects.toMatchObject({ statusCode: 404 });
  // And it keeps serving: the held authorisation can still be voided.
  expect(await stripe.paymentIntents.cancel(held.id)).toMatchObject({ status: 'canceled' });
  await killHard();
});

it('refuses a second server on the same data directory while one runs (local/data-dir-lock.ts)', async () => {
  await startStandalone();
  await expect(startStripe({ port: 0, dataDir })).rejects.toThrow(`the data directory ${path.join(dataDir, 'stripe')} is in use by process ${child!.pid}`);
  await killHard();
  // Free the moment the holder is gone.
  const stripe = await startStripe({ port: 0, dataDir });
  await stripe.close();
});
