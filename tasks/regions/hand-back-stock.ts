// HandBackStock: the mirror of the evacuation's stock adoption (adopt-region.ts), run by the
// adopter (the HandBack runbook, workflows/hand-back.asl.json) once the lost region has returned.
//
// Every stock allocation row of the returned region that this region adopted (sk REGION#<returned>,
// ownerRegion this region) goes back to the returned region at epoch + 1, by a conditional write
// naming the owner and epoch it replaces, with its counts as this region left them. A row on which
// this region still settles a reservation (an adopted order not yet dispatched or released) stays
// here, reported as kept: the adopter's DispatchStock/ReleaseStock and sweeper write only rows they
// own, so handing it back would strand that reservation. A later run hands it back.
//
// One correction, and only for reservations nobody here settles: a RESERVED reservation of the
// returned region whose record reached this region only after the adoption (replication catching
// up once the region returned) was not counted by the adoption (its units went to `available`).
// Its owner is the returned region (its sweeper or its saga settles it), so its units move back to
// `reserved` in the same write; otherwise that settlement would return them to `available` twice.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../infra/tables.ts';
import { currentRegion, documentClient } from '../lib/clients.ts';
import { ValidationError } from '../lib/errors.ts';
import { requireString } from '../lib/input.ts';
import { makeTask } from '../lib/task.ts';
import { nowIso } from '../lib/types.ts';
import type { Order } from '../lib/types.ts';
import type { Reservation, StockRow } from '../warehouse/inventory.ts';
import { firstEpoch } from './ownership.ts';
import { scanAll } from '../lib/scan-all.ts';

export interface HandBackStockInput {
  readonly returnedRegion: string;
  readonly executionId?: string;
}

export interface HandedBackRow {
  readonly productId: string;
  /** The epoch the row is the returned region's at now. */
  readonly epoch: number;
  readonly available: number;
  readonly reserved: number;
  /** Units of late-replicated reservations of the returned region moved from available to reserved. */
  readonly lateReserved: number;
}

export interface KeptRow {
  readonly productId: string;
  /** The orders whose reservations this region still settles on the row. */
  readonly orders: readonly string[];
}

export interface StockHandBack {
  readonly returnedRegion: string;
  readonly adopter: string;
  readonly handedBack: readonly HandedBackRow[];
  readonly kept: readonly KeptRow[];
  /** Rows whose conditional write failed: another writer changed the owner or epoch meanwhile. */
  readonly contested: readonly string[];
}

type OwnedRow = StockRow & { readonly ownerRegion?: string; readonly ownerEpoch?: number };

/**
 * Who settles a RESERVED reservation on the returned region's row: the region the adoption stamped
 * on it; else the owner of its order (an order adopted with a reservation record that arrived late
 * is settled by its saga in the adopter); else, no order stored, the returned region's sweeper.
 */
async function settler(reservation: Reservation, returned: string): Promise<string> {
  if (reservation.ownerRegion !== undefined) return reservation.ownerRegion;
  const { Item } = await documentClient().send(new GetCommand({
    TableName: tableName('Orders'), Key: { id: reservation.orderId }, ConsistentRead: true, ProjectionExpression: 'homeRegion',
  }));
  return (Item as Pick<Order, 'homeRegion'> | undefined)?.homeRegion ?? returned;
}

export async function handBackStock(returned: string, adopter: string): Promise<StockHandBack> {
  const table = tableName('Inventory');
  const rows = await scanAll<OwnedRow>({
    TableName: table, FilterExpression: 'sk = :row AND ownerRegion = :me',
    ExpressionAttributeValues: { ':row': `REGION#${returned}`, ':me': adopter },
  });
  if (rows.length === 0) return { returnedRegion: returned, adopter, handedBack: [], kept: [], contested: [] };
  const holding = await scanAll<Reservation>({
    TableName: table, FilterExpression: 'sk = :reservation AND #status = :reserved AND #region = :returned',
    ExpressionAttributeNames: { '#status': 'status', '#region': 'region' },
    ExpressionAttributeValues: { ':reservation': 'RESERVATION', ':reserved': 'RESERVED', ':returned': returned },
  });
  // Per product: the orders settled by a region other than the returned one, and the late units.
  const keptBy = new Map<string, string[]>();
  const late = new Map<string, number>();
  for (const reservation of holding) {
    const theirs = (await settler(reservation, returned)) === returned;
    for (const line of reservation.items) {
      if (theirs) late.set(line.productId, (late.get(line.productId) ?? 0) + line.quantity);
      else keptBy.set(line.productId, [...(keptBy.get(line.productId) ?? []), reservation.orderId]);
    }
  }
  const at = nowIso();
  const handedBack: HandedBackRow[] = [];
  const kept: KeptRow[] = [];
  const contested: string[] = [];
  for (const row of rows) {
    const orders = keptBy.get(row.productId);
    if (orders !== undefined) {
      kept.push({ productId: row.productId, orders });
      continue;
    }
    const epoch = row.ownerEpoch ?? firstEpoch;
    const lateReserved = late.get(row.productId) ?? 0;
    try {
      const { Attributes } = await documentClient().send(new UpdateCommand({
        TableName: table, Key: { pk: row.pk, sk: row.sk },
        UpdateExpression: 'SET ownerRegion = :back, ownerEpoch = :next, available = available - :late, reserved = reserved + :late, '
          + 'handedBackBy = :me, updatedAt = :at REMOVE adoptedFrom',
        ConditionExpression: 'ownerRegion = :me AND ownerEpoch = :epoch AND available >= :late',
        ExpressionAttributeValues: { ':back': returned, ':next': epoch + 1, ':epoch': epoch, ':me': adopter, ':late': lateReserved, ':at': at },
        ReturnValues: 'ALL_NEW',
      }));
      const now = Attributes as OwnedRow;
      handedBack.push({ productId: row.productId, epoch: epoch + 1, available: now.available, reserved: now.reserved, lateReserved });
    } catch (error) {
      // Its owner or epoch changed since the scan (another run handed it back first), or the late
      // units are no longer in `available`: a later run reads it again.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      contested.push(row.productId);
    }
  }
  return { returnedRegion: returned, adopter, handedBack, kept, contested };
}

export async function handBackStockTask(input: HandBackStockInput): Promise<StockHandBack> {
  const returned = requireString(input.returnedRegion, 'returnedRegion');
  const adopter = currentRegion();
  if (returned === adopter) throw new ValidationError(`${adopter} cannot hand stock back to itself; run the hand-back in the region that adopted it`);
  return handBackStock(returned, adopter);
}

export const handler = makeTask<HandBackStockInput, StockHandBack>({
  name: 'HandBackStock',
  idempotencyKey: '[returnedRegion, executionId]',
  run: handBackStockTask,
});
