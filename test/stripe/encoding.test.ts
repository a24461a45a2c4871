// Stripe's request encoding, end to end through the official SDK: form bodies with bracket notation
// for hashes (`metadata[key]=value`, https://docs.stripe.com/api/metadata: up to 50 keys, key names
// up to 40 characters without square brackets, values up to 500 characters). Whatever metadata the
// SDK sends comes back unchanged, and idempotent retries of it replay (the parameters compare equal).
import fc from 'fast-check';
import { startTestStripe, stripeError, type TestStripe } from './support.ts';

let env: TestStripe;
beforeAll(async () => { env = await startTestStripe(); });
afterAll(async () => { await env.close(); });

const metadataKey = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
  .filter((key) => !/[[\]]/.test(key) && key.length <= 40 && !['__proto__', 'constructor', 'prototype'].includes(key));
const metadataValue = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 120 }).filter((value) => value.length <= 500);
const metadata = fc.dictionary(metadataKey, metadataValue, { minKeys: 1, maxKeys: 8 });

it('keeps any metadata the SDK sends, and replays a retry with the same key', async () => {
  let run = 0;
  await fc.assert(fc.asyncProperty(metadata, async (sent) => {
    run += 1;
    const key = `encoding-${run}`;
    const created = await env.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', metadata: sent }, { idempotencyKey: key });
    expect(created.metadata).toEqual(sent);
    expect((await env.stripe.paymentIntents.retrieve(created.id)).metadata).toEqual(sent);
    const again = await env.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', metadata: sent }, { idempotencyKey: key });
    expect(again.id).toBe(created.id);
  }), { numRuns: 60 });
});

it('refuses metadata keys with square brackets, keys over 40 characters and values over 500', async () => {
  expect(await stripeError(env.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', metadata: { ['k'.repeat(41)]: 'v' } })))
    .toMatchObject({ statusCode: 400 });
  expect(await stripeError(env.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', metadata: { k: 'v'.repeat(501) } })))
    .toMatchObject({ statusCode: 400 });
});
