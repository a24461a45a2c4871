// Hostile requests: `n` GraphQL requests generated with fast-check (wrong types, huge sizes, deep
// nesting, unknown fields, forged and expired tokens, injection strings, huge lists), each answered
// without a 5xx, and the tables unchanged at the end.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { tables } from '../../infra/tables.ts';
import { CANCEL_ORDER, CONFIRM_PACKED, ORDER, PLACE_ORDER, PRODUCTS, REDRIVE, REQUEST_REFUND, SAVE_PRODUCT } from '../../test/support/operations.ts';
import { rssMb, startFresh, stop, type Row, type Started } from './lib.ts';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Every item of the tables an attacker could change, hashed. */
async function fingerprint(s: Started): Promise<string> {
  const hash = createHash('sha256');
  for (const table of [tables.Orders, tables.Payments, tables.Inventory, tables.Products, tables.Refunds]) {
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    const items: unknown[] = [];
    do {
      const page = await s.doc.send(new ScanCommand({ TableName: table.tableName, ExclusiveStartKey }));
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    hash.update(JSON.stringify(items.map((i) => JSON.stringify(i)).sort()));
  }
  return hash.digest('hex');
}

const injection = fc.constantFrom("' OR 1=1 --", '{"$ne": null}', '<script>alert(1)</script>', '../../etc/passwd', '${jndi:ldap://x}', '\u0000', '#', 'USER#', 'ORDER#*');
const value: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 3 }), injection, fc.string({ maxLength: 5000 }), fc.integer(), fc.double(),
  fc.array(fc.constant({ productId: 'x', quantity: 1 }), { minLength: 500, maxLength: 2000 }),
);

function requests(tokens: { shopper: string; expired: string }) {
  const documents = fc.oneof(
    fc.constantFrom(PLACE_ORDER, ORDER, CANCEL_ORDER, CONFIRM_PACKED, REDRIVE, REQUEST_REFUND, SAVE_PRODUCT, PRODUCTS),
    fc.nat({ max: 3000 }).map((depth) => `query { ${'products { items { '.repeat(depth)}id${' } }'.repeat(depth)} }`),
    fc.string({ maxLength: 300 }), injection.map((s) => `query { order(id: "${s}") { id } }`),
  );
  const auth = fc.oneof(
    fc.constant({}), fc.constant({ authorization: tokens.expired }), fc.constant({ authorization: tokens.shopper }),
    fc.string({ maxLength: 200 }).map((a) => ({ authorization: a })), fc.string().map((k) => ({ 'x-api-key': k })),
    fc.record({ sub: fc.string(), 'cognito:groups': fc.constant(['support', 'finance']) }).map((claims) => ({ authorization: `${b64({ alg: 'none' })}.${b64(claims)}.` })),
    fc.string().map((sig) => ({ authorization: `${tokens.shopper.split('.').slice(0, 2).join('.')}.${sig}` })),
  );
  const variables = fc.oneof(
    fc.dictionary(fc.constantFrom('input', 'id', 'orderId', 'arn', 'packages', 'limit', 'extra'), value),
    value, fc.record({ input: fc.record({ idempotencyKey: fc.string(), items: value, unknownField: value, paymentToken: injection }) }),
  );
  return fc.tuple(documents, variables, auth, fc.boolean());
}

export async function hostile(n: number, seed = 14): Promise<Row> {
  const s = await startFresh();
  const memoryStartMb = rssMb(s.platform.pid);
  const shopper = await s.api.as('shopper');
  const [header, payload] = shopper.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
  const expired = `${header}.${b64({ ...claims, exp: 1_000_000_000 })}.${shopper.split('.')[2]}`;
  const before = await fingerprint(s);
  let rejected = 0;
  for (const [query, variables, headers, rawBody] of fc.sample(requests({ shopper, expired }), { numRuns: n, seed })) {
    const body = rawBody && typeof variables === 'string' ? variables : { query, variables };
    const { status, text } = await s.api.raw(body, headers as Record<string, string>).catch(() => ({ status: 599, text: '' }));
    if (status === 599) s.api.fiveXx += 1;
    if (status >= 400 || /"errors"/.test(text)) rejected += 1;
  }
  const after = await fingerprint(s);
  const memoryEndMb = rssMb(s.platform.pid);
  await stop(s);
  return {
    scenario: 'hostile requests', runs: n, orders: 0, twice: 0, lost: 0, fiveXx: s.api.fiveXx, violations: before === after ? 0 : 1,
    memoryStartMb, memoryEndMb, note: `${rejected} refused or errored; tables ${before === after ? 'unchanged' : 'CHANGED'}`,
  };
}
