// An adopted order whose payment record never reached the survivor: the order did (replicated, or
// restored from its copy), and it names the provider's hold (`authorisationId`), which existed
// before the order was stored (StoreOrder runs only after AuthorisePayment). The survivor records
// that hold again as the lost region had it, so the resumed saga captures or voids it like any
// other; without it CapturePayment found "no live authorisation" and the saga failed an order the
// shopper had been told was placed (4 adopted PACKED orders in a 20/s drill). A hold the provider
// no longer has is refused at capture, and the saga compensates as for any decline.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../infra/tables.ts';
import { documentClient } from '../lib/clients.ts';
import type { Order } from '../lib/types.ts';
import { loadPayment, references } from '../payment/payments.ts';
import type { AuthorisationRecord } from '../payment/payments.ts';

/** True when the order's authorisation is recorded here afterwards (found, or restored now). */
export async function restoreAuthorisation(order: Order): Promise<boolean> {
  if (await loadPayment<AuthorisationRecord>(order.id, 'AUTHORISATION') !== undefined) return true;
  if (!order.authorisationId) return false;
  const record: AuthorisationRecord & { restoredFrom: string } = {
    orderId: order.id, operation: 'AUTHORISATION', status: 'AUTHORISED', authorisationId: order.authorisationId, amount: order.total,
    // Which attempt made the hold is not known here, and need not be: an AUTHORISED record's
    // reference is never asked again (capture and void go by the hold's id).
    attempt: 0, reference: references.authorise(order.id, 0), authorisedAt: order.createdAt, restoredFrom: 'order',
  };
  try {
    await documentClient().send(new PutCommand({ TableName: tableName('Payments'), Item: record, ConditionExpression: 'attribute_not_exists(orderId)' }));
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error; // replication brought it meanwhile
  }
  return true;
}
