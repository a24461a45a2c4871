// AdoptRegion: the surviving region's half of evacuating a region declared lost (issue 16), run by
// the Evacuation runbook (workflows/evacuation.asl.json) in two phases.
//
// `stock`: every stock allocation row the lost region owned becomes this region's, at epoch + 1
// (a conditional write naming the epoch it replaces), with its counts rebuilt from the reservation
// records replication delivered: `reserved` is what those records still hold, and what the row
// held beyond them goes back to `available` (a reservation whose record never arrived was for a
// checkout that never answered). Those reservations are stamped with this region as their owner,
// so its sweeper returns the unconverted ones when they expire. New checkouts here never sell from
// the adopted rows (ReserveStock takes only this region's own row): see the README for the rule.
//
// `orders`: a page of the lost region's orders, each taken over at epoch + 1 (same kind of write),
// and for each one whose saga is not finished, the execution that resumes it here from its recorded
// status: new task tokens for packing, delivery and finance approvals; a cancelled order whose
// compensation had not finished is compensated. The runbook starts those executions.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../infra/tables.ts';
import { currentRegion, documentClient } from '../lib/clients.ts';
import { ValidationError } from '../lib/errors.ts';
import { requireString } from '../lib/input.ts';
import { makeTask } from '../lib/task.ts';
import { nowIso } from '../lib/types.ts';
import type { Order, RefundRecord, StockLine } from '../lib/types.ts';
import { loadReservation } from '../warehouse/inventory.ts';
import type { Reservation, StockRow } from '../warehouse/inventory.ts';
import { loadPayment } from '../payment/payments.ts';
import type { AuthorisationRecord, CaptureRecord } from '../payment/payments.ts';
import { epochOf, firstEpoch, sagaExecutionName } from './ownership.ts';
import { scanAll } from '../lib/scan-all.ts';
import { settleAdoptedReservation } from './reserve-adopted.ts';
import { restoreAuthorisation } from './restore-authorisation.ts';
import type { OrderCopy } from '../orders/order-copy.ts';

export interface AdoptRegionInput {
  readonly lostRegion: string;
  readonly phase: 'stock' | 'orders';
  /** The page to continue from (the previous page's `nextKey`), in the orders phase. */
  readonly startKey?: string | null;
  readonly executionId?: string;
}

export interface StockAdoption {
  readonly lostRegion: string;
  readonly survivor: string;
  /** Rows taken over now (rows already this region's are counted in `alreadyOwned`). */
  readonly rowsAdopted: number;
  readonly alreadyOwned: number;
  /** Reservations still holding stock on the adopted rows, now this region's to settle or sweep. */
  readonly reservations: number;
}

/** An execution the runbook starts to carry an adopted order's saga on. */
export interface Resume {
  readonly machine: 'Fulfilment' | 'Refund';
  readonly name: string;
  readonly input: Record<string, unknown>;
}

export interface AdoptedOrder {
  readonly orderId: string;
  readonly status: string;
  readonly epoch: number;
  /** Where its resumed saga starts, or null when nothing is left to run. */
  readonly resumedAt: string | null;
  readonly refundsResumed: number;
  /**
   * For an order whose saga resumes: whether it holds counted stock (its own reservation, one made
   * now on the adopted rows because its record never replicated, or a late one folded in:
   * reserve-adopted.ts).
   */
  readonly stockReserved?: boolean;
  /** For an order whose saga resumes: whether its authorisation is recorded here (found, or restored from the order). */
  readonly authorisationRecorded?: boolean;
}

export interface OrdersAdoption {
  readonly lostRegion: string;
  readonly survivor: string;
  readonly adopted: readonly AdoptedOrder[];
  readonly resumes: readonly Resume[];
  /** Continue with this page; null when the lost region has no more orders. */
  readonly nextKey: string | null;
  /** How many orders were restored from their copies before this page (the first page only). */
  readonly restoredFromCopies?: number;
}

const pageSize = 100;
const refundsInFlight = new Set(['REQUESTED', 'AWAITING_APPROVAL', 'APPROVED']);

type OwnedRow = StockRow & { readonly ownerRegion?: string; readonly ownerEpoch?: number };
type OwnedReservation = Reservation & { readonly ownerRegion?: string };

/** The region that writes a stock row: its adopter, else the region its key names. */
const rowOwner = (row: OwnedRow) => row.ownerRegion ?? row.region ?? row.sk.replace(/^REGION#/, '');
const lineKey = (productId: string, region: string) => `${productId}@${region}`;

export async function adoptStock(lostRegion: string, survivor: string): Promise<StockAdoption> {
  const table = tableName('Inventory');
  const rows = (await scanAll<OwnedRow>({ TableName: table, FilterExpression: 'begins_with(sk, :row)', ExpressionAttributeValues: { ':row': 'REGION#' } }))
    .filter((row) => rowOwner(row) === lostRegion || (row.ownerRegion === survivor && row.sk === `REGION#${lostRegion}`));
  const rowRegions = new Set(rows.map((row) => row.sk.replace(/^REGION#/, '')));
  const holding = (await scanAll<OwnedReservation>({
    TableName: table, FilterExpression: 'sk = :reservation AND #status = :reserved',
    ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':reservation': 'RESERVATION', ':reserved': 'RESERVED' },
  })).filter((r) => rowRegions.has(r.region));

  const held = new Map<string, number>();
  for (const reservation of holding) {
    for (const line of reservation.items as readonly StockLine[]) {
      const key = lineKey(line.productId, reservation.region);
      held.set(key, (held.get(key) ?? 0) + line.quantity);
    }
  }
  const at = nowIso();
  let rowsAdopted = 0;
  let alreadyOwned = 0;
  for (const row of rows) {
    if (row.ownerRegion === survivor) {
      alreadyOwned += 1;
      continue;
    }
    const epoch = row.ownerEpoch ?? firstEpoch;
    const region = row.sk.replace(/^REGION#/, '');
    const reserved = held.get(lineKey(row.productId, region)) ?? 0;
    const available = Math.max(0, row.available + row.reserved - reserved);
    try {
      await documentClient().send(new UpdateCommand({
        TableName: table, Key: { pk: row.pk, sk: row.sk },
        UpdateExpression: 'SET ownerRegion = :me, ownerEpoch = :next, available = :available, reserved = :reserved, adoptedFrom = :lost, updatedAt = :at',
        ConditionExpression: epoch === firstEpoch ? 'attribute_not_exists(ownerEpoch) OR ownerEpoch = :epoch' : 'ownerEpoch = :epoch',
        ExpressionAttributeValues: {
          ':me': survivor, ':next': epoch + 1, ':epoch': epoch, ':available': available, ':reserved': reserved, ':lost': lostRegion, ':at': at,
        },
      }));
      rowsAdopted += 1;
    } catch (error) {
      // Another survivor adopted it first: it is theirs to settle.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
  for (const reservation of holding) {
    if (reservation.ownerRegion === survivor) continue;
    await documentClient().send(new UpdateCommand({
      TableName: table, Key: { pk: reservation.pk, sk: reservation.sk },
      UpdateExpression: 'SET ownerRegion = :me',
      ConditionExpression: '#status = :reserved',
      ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':me': survivor, ':reserved': 'RESERVED' },
    })).catch((error: unknown) => {
      if (!(error instanceof ConditionalCheckFailedException)) throw error; // settled meanwhile: nothing to own
    });
  }
  return { lostRegion, survivor, rowsAdopted, alreadyOwned, reservations: holding.length };
}

/** Takes the order over at epoch + 1; the epoch it is now this region's at, or undefined if another region's. */
async function takeOwnership(order: Order, lostRegion: string, survivor: string): Promise<number | undefined> {
  if (order.homeRegion === survivor) return epochOf(order);
  const epoch = epochOf(order);
  try {
    await documentClient().send(new UpdateCommand({
      TableName: tableName('Orders'), Key: { id: order.id },
      UpdateExpression: 'SET homeRegion = :me, ownerEpoch = :next, adoptedFrom = :lost, adoptedAt = :at',
      ConditionExpression: `homeRegion = :lost AND (${epoch === firstEpoch ? 'attribute_not_exists(ownerEpoch) OR ' : ''}ownerEpoch = :epoch)`,
      ExpressionAttributeValues: { ':me': survivor, ':next': epoch + 1, ':epoch': epoch, ':lost': lostRegion, ':at': nowIso() },
    }));
    return epoch + 1;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const { Item } = await documentClient().send(new GetCommand({ TableName: tableName('Orders'), Key: { id: order.id }, ConsistentRead: true }));
    const now = Item as Order | undefined;
    return now?.homeRegion === survivor ? epochOf(now) : undefined;
  }
}

/**
 * Where a cancelled order's saga resumes to finish its compensation, or null when it had finished:
 * at the step that meets the cancellation and compensates what it finds (RequestPacking voids and
 * releases; after a capture, BookShipment refunds and releases).
 */
async function unfinishedCompensation(orderId: string): Promise<'RequestPacking' | 'CapturePayment' | null> {
  const [reservation, authorisation, capture] = await Promise.all([
    loadReservation(orderId),
    loadPayment<AuthorisationRecord>(orderId, 'AUTHORISATION'),
    loadPayment<CaptureRecord>(orderId, 'CAPTURE'),
  ]);
  const stockHeld = reservation?.status === 'RESERVED';
  // Captured: refund what is left and release (a cancellation after packing); else void and release.
  if (capture !== undefined) return capture.refundable > 0 || stockHeld ? 'CapturePayment' : null;
  return authorisation?.status === 'AUTHORISED' || stockHeld ? 'RequestPacking' : null;
}

/** The Fulfilment step an adopted order's saga resumes at, from its recorded status. */
async function fulfilmentResume(order: Order): Promise<{ resumeAt: string; packing?: { packages: number | null } } | null> {
  switch (order.status) {
    case 'PLACED':
    case 'PACKING': return { resumeAt: 'RequestPacking' }; // a new packing token
    // Capture, ledger and booking are idempotent on business keys; the booking needs the packages
    // the warehouse reported (recorded on the order by MarkPacked; one parcel when not recorded).
    case 'PACKED': return { resumeAt: 'CapturePayment', packing: { packages: order.packages ?? null } };
    case 'SHIPPED': return { resumeAt: 'DispatchStock' }; // then a new delivery token
    case 'CANCELLED': {
      const at = await unfinishedCompensation(order.id);
      return at === null ? null : { resumeAt: at };
    }
    default: return null; // DELIVERED, FAILED, refunded: the saga had finished
  }
}

async function refundsToResume(orderId: string): Promise<RefundRecord[]> {
  const { Items } = await documentClient().send(new QueryCommand({
    TableName: tableName('Refunds'), IndexName: 'byOrder',
    KeyConditionExpression: 'orderId = :o', ExpressionAttributeValues: { ':o': orderId },
  }));
  return ((Items ?? []) as RefundRecord[]).filter((r) => r.recordType === 'REFUND' && refundsInFlight.has(r.status));
}

function refundResume(refund: RefundRecord, epoch: number): Resume {
  const check = { refundId: refund.id, orderId: refund.orderId, amount: refund.amount, items: refund.items, needsApproval: refund.status !== 'APPROVED' };
  const resumeAt = refund.status === 'AWAITING_APPROVAL' ? 'AwaitApproval' : refund.status === 'APPROVED' ? 'RefundPayment' : 'CheckRefund';
  return {
    machine: 'Refund',
    name: sagaExecutionName('refund', refund.id, epoch),
    input: {
      refundId: refund.id, orderId: refund.orderId, amount: refund.amount, reason: refund.reason, requestedBy: refund.requestedBy,
      items: refund.items, resumeAt, check,
    },
  };
}

/**
 * Restores, from their copies here, the lost region's orders whose own item never replicated (it
 * acknowledged them in its last second): each as the copy holds it (PLACED), written only if no
 * item of the order is here, so a replicated one always wins. Idempotent.
 */
export async function restoreCopiedOrders(lostRegion: string): Promise<string[]> {
  const copies = await scanAll<OrderCopy>({
    TableName: tableName('Orders'), FilterExpression: 'copyHome = :lost', ExpressionAttributeValues: { ':lost': lostRegion },
  });
  const restored: string[] = [];
  for (const copy of copies) {
    try {
      await documentClient().send(new PutCommand({ TableName: tableName('Orders'), Item: copy.order, ConditionExpression: 'attribute_not_exists(id)' }));
      restored.push(copy.copyOf);
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error; // the order's own item is here
    }
  }
  return restored;
}

const adoptInParallel = 8;

/** One order: taken over at the next epoch, its records settled, and the sagas to resume it; undefined if another region took it. */
async function adoptOrder(order: Order, lostRegion: string, survivor: string): Promise<{ adopted: AdoptedOrder; resumes: Resume[] } | undefined> {
  const epoch = await takeOwnership(order, lostRegion, survivor);
  if (epoch === undefined) return undefined;
  const fulfilment = await fulfilmentResume(order);
  const toPack = order.status === 'PLACED' || order.status === 'PACKING';
  const stockReserved = fulfilment !== null ? await settleAdoptedReservation(order, lostRegion, toPack) : undefined;
  // A saga still to capture or settle needs the hold's record; restored from the order if it never came.
  const authorisationRecorded = fulfilment !== null ? await restoreAuthorisation(order) : undefined;
  const resumes: Resume[] = [];
  if (fulfilment !== null) {
    resumes.push({ machine: 'Fulfilment', name: sagaExecutionName('order', order.id, epoch), input: { orderId: order.id, ...fulfilment } });
  }
  const refunds = await refundsToResume(order.id);
  resumes.push(...refunds.map((refund) => refundResume(refund, epoch)));
  return {
    adopted: {
      orderId: order.id, status: order.status, epoch, resumedAt: fulfilment?.resumeAt ?? null, refundsResumed: refunds.length,
      ...(stockReserved !== undefined && { stockReserved }),
      ...(authorisationRecorded !== undefined && { authorisationRecorded }),
    },
    resumes,
  };
}

export async function adoptOrders(lostRegion: string, survivor: string, startKey?: string | null): Promise<OrdersAdoption> {
  // Before the first page: the orders only their copies brought here become orders to adopt.
  const restored = startKey ? [] : await restoreCopiedOrders(lostRegion);
  const page = await documentClient().send(new ScanCommand({
    TableName: tableName('Orders'), ConsistentRead: true, Limit: pageSize,
    // Orders adopted by an earlier, interrupted run of the runbook are resumed again (the start is
    // idempotent by execution name).
    FilterExpression: 'homeRegion = :lost OR (homeRegion = :me AND adoptedFrom = :lost)',
    ExpressionAttributeValues: { ':lost': lostRegion, ':me': survivor },
    ExclusiveStartKey: startKey ? JSON.parse(startKey) as Record<string, unknown> : undefined,
  }));
  const adopted: AdoptedOrder[] = [];
  const resumes: Resume[] = [];
  // Orders are independent of one another: a few at a time, so a page costs a few round trips, not
  // a few per order (an evacuation under load took minutes one order at a time).
  const orders = (page.Items ?? []) as Order[];
  for (let at = 0; at < orders.length; at += adoptInParallel) {
    const done = await Promise.all(orders.slice(at, at + adoptInParallel).map((order) => adoptOrder(order, lostRegion, survivor)));
    for (const one of done) {
      if (one === undefined) continue;
      adopted.push(one.adopted);
      resumes.push(...one.resumes);
    }
  }
  const nextKey = page.LastEvaluatedKey === undefined ? null : JSON.stringify(page.LastEvaluatedKey);
  return { lostRegion, survivor, adopted, resumes, nextKey, ...(restored.length > 0 && { restoredFromCopies: restored.length }) };
}

export async function adoptRegion(input: AdoptRegionInput): Promise<StockAdoption | OrdersAdoption> {
  const lostRegion = requireString(input.lostRegion, 'lostRegion');
  const survivor = currentRegion();
  if (lostRegion === survivor) throw new ValidationError(`${survivor} cannot adopt its own orders; run the evacuation in a surviving region`);
  if (input.phase === 'stock') return adoptStock(lostRegion, survivor);
  if (input.phase === 'orders') return adoptOrders(lostRegion, survivor, input.startKey);
  throw new ValidationError('phase must be stock or orders');
}

export const handler = makeTask<AdoptRegionInput, StockAdoption | OrdersAdoption>({
  name: 'AdoptRegion',
  idempotencyKey: '[lostRegion, phase, startKey, executionId]',
  run: adoptRegion,
});
