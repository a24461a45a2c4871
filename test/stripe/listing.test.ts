// Listing and searching what the local Stripe holds, as an auditor does through the official SDK:
// - https://docs.stripe.com/api/pagination (newest first; limit, starting_after, ending_before,
//   has_more; the two cursors are mutually exclusive) and the SDK's auto-pagination
//   (https://docs.stripe.com/pagination#auto-pagination)
// - https://docs.stripe.com/api/payment_intents/list (created[gte]/[lte])
// - https://docs.stripe.com/search#search-query-language (metadata['key']:'value', AND/OR, negation,
//   numeric comparisons, status) and https://docs.stripe.com/api/payment_intents/search
//   (search_result, next_page)
import { jest } from '@jest/globals';
import { authorise, startTestStripe, stripeError, type TestStripe } from './support.ts';

let env: TestStripe;
const ids: string[] = [];
const base = 1_900_000_000_000;

beforeAll(async () => {
  env = await startTestStripe();
  // Five PaymentIntents, a minute apart, the first two for one order.
  for (let index = 0; index < 5; index += 1) {
    jest.spyOn(Date, 'now').mockReturnValue(base + index * 60_000);
    const intent = await authorise(env.stripe, 1000 + index * 100, 'tok_visa', index < 2 ? 'order-a' : `order-${index}`);
    ids.push(intent.id);
  }
  jest.restoreAllMocks();
});
afterAll(async () => { await env.close(); });

const newestFirst = () => [...ids].reverse();

it('lists newest first, a page at a time, in both directions', async () => {
  const all = await env.stripe.paymentIntents.list({ limit: 100 });
  expect(all.data.map((intent) => intent.id)).toEqual(newestFirst());
  expect(all).toMatchObject({ object: 'list', url: '/v1/payment_intents', has_more: false });

  const first = await env.stripe.paymentIntents.list({ limit: 2 });
  expect(first.data.map((intent) => intent.id)).toEqual(newestFirst().slice(0, 2));
  expect(first.has_more).toBe(true);
  const second = await env.stripe.paymentIntents.list({ limit: 2, starting_after: first.data[1].id });
  expect(second.data.map((intent) => intent.id)).toEqual(newestFirst().slice(2, 4));
  const back = await env.stripe.paymentIntents.list({ limit: 2, ending_before: second.data[0].id });
  expect(back.data.map((intent) => intent.id)).toEqual(newestFirst().slice(0, 2));
  expect(back.has_more).toBe(false);

  const walked = await env.stripe.paymentIntents.list({ limit: 2 }).autoPagingToArray({ limit: 100 });
  expect(walked.map((intent) => intent.id)).toEqual(newestFirst());

  expect(await stripeError(env.stripe.paymentIntents.list({ starting_after: ids[0], ending_before: ids[1] }))).toMatchObject({ statusCode: 400 });
  expect(await stripeError(env.stripe.paymentIntents.list({ limit: 101 }))).toMatchObject({ statusCode: 400, param: 'limit' });
  expect(await stripeError(env.stripe.paymentIntents.list({ starting_after: 'pi_unknown' }))).toMatchObject({ statusCode: 404, param: 'starting_after' });
});

it('filters by created[gte] and created[lte]', async () => {
  const from = Math.floor((base + 60_000) / 1000);
  const to = Math.floor((base + 3 * 60_000) / 1000);
  const window = await env.stripe.paymentIntents.list({ created: { gte: from, lte: to } });
  expect(window.data.map((intent) => intent.id)).toEqual(newestFirst().slice(1, 4));
  const exact = await env.stripe.paymentIntents.list({ created: from });
  expect(exact.data.map((intent) => intent.id)).toEqual([ids[1]]);
});

it("searches by metadata['orderId'], with AND, OR, negation, status and amount", async () => {
  const search = async (query: string) => (await env.stripe.paymentIntents.search({ query })).data.map((intent) => intent.id).sort();
  expect(await search("metadata['orderId']:'order-a'")).toEqual([ids[0], ids[1]].sort());
  expect(await search("metadata['orderId']:'order-a' AND amount>1000")).toEqual([ids[1]]);
  expect(await search("metadata['orderId']:'order-3' OR metadata['orderId']:'order-4'")).toEqual([ids[3], ids[4]].sort());
  expect(await search("-metadata['orderId']:'order-a' AND status:'requires_capture'")).toEqual([ids[2], ids[3], ids[4]].sort());
  expect(await search("metadata['orderId']:'nobody'")).toEqual([]);
  // A key named like an Object property is a metadata key like any other.
  expect(await search("metadata['constructor']:null AND metadata['orderId']:'order-a'")).toEqual([ids[0], ids[1]].sort());
  const page = await env.stripe.paymentIntents.search({ query: "status:'requires_capture'", limit: 2 });
  expect(page).toMatchObject({ object: 'search_result', has_more: true, next_page: expect.any(String) });
  const rest = await env.stripe.paymentIntents.search({ query: "status:'requires_capture'", limit: 10, page: page.next_page! });
  expect([...page.data, ...rest.data].map((intent) => intent.id).sort()).toEqual([...ids].sort());
});

it('refuses a malformed query or an unsupported field with a 400 on query', async () => {
  for (const query of ["metadata['orderId']:", "metadata['orderId']:'a' AND amount>1 OR amount<5", "colour:'red'", 'amount:abc']) {
    expect(await stripeError(env.stripe.paymentIntents.search({ query }))).toMatchObject({ statusCode: 400, param: 'query' });
  }
});
