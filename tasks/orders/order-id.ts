// An order's id is derived from who placed it and the idempotency key they sent (a name-based
// UUID, RFC 9562 §5.5), not drawn at random: a shopper who retries placeOrder in another region
// (their first region timed out) names the same order there, so both regions' attempts meet on
// one claim (order-claim.ts), one Orders item and one set of provider keys, never two orders.
import { v5 as uuidv5 } from 'uuid';

/** The namespace of BigSmokes order ids (a random UUID fixed once; changing it renames every future order). */
const orderNamespace = '6f1d2c3a-8b4e-4f5a-9c7d-2e1b0a3f4d5c';

export function orderIdFor(userId: string, idempotencyKey: string): string {
  // A separator no Cognito sub contains keeps ("ab", "c") and ("a", "bc") apart.
  return uuidv5(`${userId}\n${idempotencyKey}`, orderNamespace);
}
