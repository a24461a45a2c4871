// The stock side of an adopted order whose records reached the survivor late or never. The order
// did (replicated, or restored from its copy, written before placeOrder answered), but the lost
// region's reservation record was among its last unreplicated writes, or arrived only after the
// adoption of the lost region's rows had counted what their reservations hold. Either way its units
// are in that row's `available` now (the adoption gave back what no record held), so the survivor
// holds them for the order on the row it now owns, in one transaction. Without this the resumed saga
// found nothing to pack (15 of 274 adopted orders failed in a 20/s drill), or could not release or
// dispatch a reservation its row did not count ("inventory is inconsistent").
import { currentRegion } from '../lib/clients.ts';
import { tableName } from '../../infra/tables.ts';
import { nowIso } from '../lib/types.ts';
import type { Order } from '../lib/types.ts';
import { loadReservation, reservationKey, stockKey, transact } from '../warehouse/inventory.ts';
import type { Reservation, TransactItems } from '../warehouse/inventory.ts';

/**
 * Makes the order's reservation count on the lost region's rows, which this region adopted: a new
 * one when none arrived (for an order still to be packed), or the late one folded into the rows.
 * True when the order holds counted stock afterwards; false when the rows cannot give it (sold
 * short, or not this region's): its saga then compensates, as for any order it cannot pack.
 */
export async function settleAdoptedReservation(order: Order, lostRegion: string, toPack: boolean): Promise<boolean> {
  const found = await loadReservation(order.id) as (Reservation & { ownerRegion?: string }) | undefined;
  if (found !== undefined) {
    const late = found.status === 'RESERVED' && found.region === lostRegion && found.ownerRegion === undefined;
    return late ? foldLateReservation(found) : true;
  }
  return toPack ? reserveAgain(order, lostRegion) : false;
}

const rowUpdate = (productId: string, quantity: number, region: string, me: string, at: string): TransactItems[number] => ({
  Update: {
    TableName: tableName('Inventory'),
    Key: stockKey(productId, region),
    UpdateExpression: 'SET available = available - :q, reserved = if_not_exists(reserved, :zero) + :q, updatedAt = :at',
    ConditionExpression: 'available >= :q AND ownerRegion = :me',
    ExpressionAttributeValues: { ':q': quantity, ':zero': 0, ':at': at, ':me': me },
  },
});

async function reserveAgain(order: Order, lostRegion: string): Promise<boolean> {
  const me = currentRegion();
  const at = nowIso();
  const items = order.items.map((i) => ({ productId: i.productId, quantity: i.quantity }));
  const reservation: Reservation & { ownerRegion: string } = {
    ...reservationKey(order.id), orderId: order.id, region: lostRegion, ownerRegion: me, items, status: 'RESERVED', updatedAt: at,
  };
  const outcome = await transact([
    ...items.map((line) => rowUpdate(line.productId, line.quantity, lostRegion, me, at)),
    { Put: { TableName: tableName('Inventory'), Item: reservation, ConditionExpression: 'attribute_not_exists(pk)' } },
  ]);
  // A reservation that arrived meanwhile (replication caught up) is settled on the next run.
  return outcome.ok || outcome.failed.includes(items.length);
}

async function foldLateReservation(reservation: Reservation): Promise<boolean> {
  const me = currentRegion();
  const at = nowIso();
  const outcome = await transact([
    ...reservation.items.map((line) => rowUpdate(line.productId, line.quantity, reservation.region, me, at)),
    {
      Update: {
        TableName: tableName('Inventory'), Key: reservationKey(reservation.orderId),
        UpdateExpression: 'SET ownerRegion = :me', ConditionExpression: 'attribute_not_exists(ownerRegion) AND #status = :reserved',
        ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':me': me, ':reserved': 'RESERVED' },
      },
    },
  ]);
  return outcome.ok || outcome.failed.includes(reservation.items.length);
}
