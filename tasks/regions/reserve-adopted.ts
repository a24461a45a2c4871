// An adopted order whose stock reservation never reached the survivor: the order itself did (its
// copy at the nearest other continent, written before placeOrder answered), but the lost region's
// reservation record was among its last unreplicated writes. The adoption of the lost region's
// stock rows gave those units back to the row's `available` (no record held them), so the survivor
// reserves them again for the order, on the same row it now owns, in one transaction; the saga
// then packs it like any other. Without this the resumed saga found nothing to pack and failed an
// order the shopper had been told was placed (15 of 274 adopted orders in a 20/s drill).
import { currentRegion } from '../lib/clients.ts';
import { tableName } from '../../infra/tables.ts';
import { nowIso } from '../lib/types.ts';
import type { Order } from '../lib/types.ts';
import { loadReservation, reservationKey, stockKey, transact } from '../warehouse/inventory.ts';
import type { Reservation, TransactItems } from '../warehouse/inventory.ts';

/**
 * Reserves the order's lines on the lost region's rows, which this region adopted. True when the
 * order holds a reservation afterwards (made now, or found); false when the rows cannot give it
 * (sold short, or not this region's): its saga then compensates, as for any order it cannot pack.
 */
export async function reserveAdoptedOrder(order: Order, lostRegion: string): Promise<boolean> {
  if (await loadReservation(order.id) !== undefined) return true;
  const me = currentRegion();
  const table = tableName('Inventory');
  const at = nowIso();
  const items = order.items.map((i) => ({ productId: i.productId, quantity: i.quantity }));
  const reservation: Reservation & { ownerRegion: string } = {
    ...reservationKey(order.id), orderId: order.id, region: lostRegion, ownerRegion: me, items, status: 'RESERVED', updatedAt: at,
  };
  const writes: TransactItems = [
    ...items.map((line) => ({
      Update: {
        TableName: table,
        Key: stockKey(line.productId, lostRegion),
        UpdateExpression: 'SET available = available - :q, reserved = if_not_exists(reserved, :zero) + :q, updatedAt = :at',
        ConditionExpression: 'available >= :q AND ownerRegion = :me',
        ExpressionAttributeValues: { ':q': line.quantity, ':zero': 0, ':at': at, ':me': me },
      },
    })),
    { Put: { TableName: table, Item: reservation, ConditionExpression: 'attribute_not_exists(pk)' } },
  ];
  const outcome = await transact(writes);
  // A reservation that arrived meanwhile (replication caught up) holds the order's units.
  return outcome.ok || outcome.failed.includes(items.length);
}
