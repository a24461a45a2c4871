// The invariant checker over the platform's tables, for tests that drive the sagas to an end (the
// workflow fault matrix, API and reliability tests). It reads every table once and reports each
// broken rule; call it when no execution is in flight. Rules:
// - stock: counts are whole and never negative; each region's `reserved` equals what its RESERVED
//   reservations hold; with `initialStock`, available + reserved + dispatched - returned - movements
//   (the warehouse's restocks and write-offs, pk PRODUCT#<id>, sk MOVEMENT#...) = initial;
// - money: a capture has a live authorisation of the same amount; a voided one has no capture;
//   captured - refunds (done or under way) = refundable; the ledger books exactly the captures and
//   the refunds that were made, each entry two balanced lines;
// - orders: history ends in the status; the status agrees with the payment, stock and shipment
//   records; a checkout that never stored its order left nothing reserved or authorised;
// - the provider's side (with `provider`, a Stripe client with the account's key, read through
//   Stripe's API as an auditor would: every PaymentIntent and Refund): per order, the money held,
//   captured and refunded at the provider equals what the Payments table says (and so, by the
//   ledger rules above, what the ledger books); one
//   hold, one capture, one provider refund per refund record; nothing at the provider for an order
//   the tables do not know, and nothing in flight (PENDING) once the sagas stopped.
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type Stripe from 'stripe';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tables } from '../../infra/tables.ts';
import type { Order, OrderStatus, StockLine } from '../../tasks/lib/types.ts';
import type { Reservation, StockRow } from '../../tasks/warehouse/inventory.ts';
import type { ReturnRecord } from '../../tasks/warehouse/restock.ts';
import { isCaptured, type AuthorisationRecord, type CaptureRecord, type RefundPaymentRecord } from '../../tasks/payment/payments.ts';
import type { Shipment } from '../../tasks/delivery/shipments.ts';
import type { LedgerEntryMarker, LedgerLine } from '../../tasks/finance/ledger.ts';
import { isOrderCopy } from '../../tasks/orders/order-copy.ts';

export interface InvariantOptions {
  /** Units each product had per region before the test, keyed `<productId>@<region>`. */
  readonly initialStock?: Readonly<Record<string, number>>;
  /** Table names, when a test uses others than the defaults. */
  readonly tableNames?: Partial<Record<'Inventory' | 'Orders' | 'Payments' | 'Shipments' | 'Refunds', string>>;
  /** The payment provider, read through its API: adds the provider-side rules. */
  readonly provider?: Stripe;
  /** With `provider`: which provider payments belong to these tables (several regions share one provider). */
  readonly ownsProviderOrder?: (orderId: string) => boolean;
}

export interface Violation {
  readonly rule: string;
  readonly subject: string;
  readonly detail: string;
}

/** Everything the checker read, grouped by order, for tests that assert an outcome per order. */
export interface OrderRecords {
  readonly order?: Order;
  readonly reservation?: Reservation;
  readonly returns: ReturnRecord[];
  readonly authorisation?: AuthorisationRecord;
  readonly capture?: CaptureRecord;
  readonly refunds: RefundPaymentRecord[];
  readonly shipment?: Shipment;
  readonly ledgerEntries: LedgerEntryMarker[];
}

/** A stock movement recorded by the warehouse's restock mutation. */
export interface StockMovement {
  readonly pk: string;
  readonly region: string;
  readonly quantity: number;
}

export interface Snapshot {
  readonly stock: StockRow[];
  readonly movements: StockMovement[];
  readonly orders: Map<string, OrderRecords>;
  readonly ledgerLines: LedgerLine[];
}

/** Every item of a table, strongly consistent, page by page. */
export async function scanAll(doc: DynamoDBDocumentClient, tableName: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}

export async function readSnapshot(doc: DynamoDBDocumentClient, options: InvariantOptions = {}): Promise<Snapshot> {
  const name = (id: keyof NonNullable<InvariantOptions['tableNames']>) => options.tableNames?.[id] ?? tables[id].tableName;
  const [inventory, orders, payments, shipments, refunds] = await Promise.all(
    (['Inventory', 'Orders', 'Payments', 'Shipments', 'Refunds'] as const).map((id) => scanAll(doc, name(id))),
  );
  const byOrder = new Map<string, OrderRecords>();
  const records = (orderId: string): OrderRecords => {
    let r = byOrder.get(orderId);
    if (r === undefined) {
      r = { returns: [], refunds: [], ledgerEntries: [] };
      byOrder.set(orderId, r);
    }
    return r;
  };
  const set = <K extends keyof OrderRecords>(orderId: string, key: K, value: OrderRecords[K]) => {
    byOrder.set(orderId, { ...records(orderId), [key]: value });
  };
  const stock: StockRow[] = [];
  const movements: StockMovement[] = [];
  for (const item of inventory) {
    const pk = String(item.pk);
    const sk = String(item.sk);
    if (pk.startsWith('PRODUCT#') && sk.startsWith('REGION#')) stock.push(item as unknown as StockRow);
    else if (pk.startsWith('PRODUCT#') && sk.startsWith('MOVEMENT#')) movements.push(item as unknown as StockMovement);
    else if (sk === 'RESERVATION') set(String(item.orderId), 'reservation', item as unknown as Reservation);
    else if (sk.startsWith('RETURN#')) records(String(item.orderId)).returns.push(item as unknown as ReturnRecord);
  }
  // The Orders table also holds each region's order-number counter (SEQUENCE#...) and the copies
  // StoreOrder writes to another region (COPY#...), which are not orders.
  for (const item of orders) if (!String(item.id).startsWith('SEQUENCE#') && !isOrderCopy(item)) set(String(item.id), 'order', item as unknown as Order);
  for (const item of payments) {
    const operation = String(item.operation);
    if (operation === 'AUTHORISATION') set(String(item.orderId), 'authorisation', item as unknown as AuthorisationRecord);
    else if (operation === 'CAPTURE') set(String(item.orderId), 'capture', item as unknown as CaptureRecord);
    else if (operation.startsWith('REFUND#')) records(String(item.orderId)).refunds.push(item as unknown as RefundPaymentRecord);
  }
  for (const item of shipments) set(String(item.orderId), 'shipment', item as unknown as Shipment);
  const ledgerLines: LedgerLine[] = [];
  for (const item of refunds) {
    const pk = String(item.pk);
    if (pk.startsWith('LEDGER-ENTRY#')) records(String(item.orderId)).ledgerEntries.push(item as unknown as LedgerEntryMarker);
    else if (pk.startsWith('LEDGER#')) ledgerLines.push(item as unknown as LedgerLine);
  }
  return { stock, movements, orders: byOrder, ledgerLines };
}

const sumOf = (lines: readonly StockLine[], productId: string) => lines.filter((l) => l.productId === productId).reduce((s, l) => s + l.quantity, 0);

function stockViolations(snapshot: Snapshot, options: InvariantOptions): Violation[] {
  const out: Violation[] = [];
  const all = [...snapshot.orders.values()];
  for (const row of snapshot.stock) {
    const subject = `${row.productId}@${row.region}`;
    for (const field of ['available', 'reserved'] as const) {
      const value = row[field] ?? 0;
      if (!Number.isInteger(value) || value < 0) out.push({ rule: 'stock.nonNegative', subject, detail: `${field} is ${value}` });
    }
    const inRegion = all.filter((r) => r.reservation?.region === row.region);
    const held = inRegion.filter((r) => r.reservation!.status === 'RESERVED').reduce((s, r) => s + sumOf(r.reservation!.items, row.productId), 0);
    if ((row.reserved ?? 0) !== held) out.push({ rule: 'stock.reservedMatchesReservations', subject, detail: `reserved ${row.reserved ?? 0}, reservations hold ${held}` });
    const initial = options.initialStock?.[subject];
    if (initial !== undefined) {
      const dispatched = inRegion.filter((r) => r.reservation!.status === 'DISPATCHED').reduce((s, r) => s + sumOf(r.reservation!.items, row.productId), 0);
      const returned = all.flatMap((r) => r.returns).filter((r) => r.region === row.region).reduce((s, r) => s + sumOf(r.items, row.productId), 0);
      const moved = snapshot.movements.filter((m) => m.pk === row.pk && m.region === row.region).reduce((sum, m) => sum + m.quantity, 0);
      const accounted = (row.available ?? 0) + (row.reserved ?? 0) + dispatched - returned - moved;
      if (accounted !== initial) {
        out.push({ rule: 'stock.conserved', subject, detail: `available ${row.available} + reserved ${row.reserved} + dispatched ${dispatched} - returned ${returned} - moved ${moved} = ${accounted}, not ${initial}` });
      }
    }
  }
  return out;
}

function moneyViolations(orderId: string, r: OrderRecords, lines: readonly LedgerLine[]): Violation[] {
  const out: Violation[] = [];
  const v = (rule: string, detail: string) => out.push({ rule, subject: orderId, detail });
  const captured = isCaptured(r.capture) ? r.capture.amount.amount : 0;
  const refunded = r.refunds.filter((x) => x.status === 'REFUNDED').reduce((s, x) => s + x.amount.amount, 0);
  const pending = r.refunds.filter((x) => x.status === 'PENDING').reduce((s, x) => s + x.amount.amount, 0);
  if (r.authorisation?.status === 'PENDING') v('money.noAuthorisationInFlight', `authorisation ${r.authorisation.reference} still PENDING with the provider`);
  if (r.capture?.status === 'PENDING') v('money.noCaptureInFlight', 'capture still PENDING with the provider');
  if (isCaptured(r.capture)) {
    if (r.authorisation === undefined) v('money.captureHasAuthorisation', 'captured without an authorisation');
    else {
      if (r.authorisation.status === 'VOIDED') v('money.voidedNotCaptured', 'a voided authorisation was captured');
      // Less when the order shrank (the rest of the hold released), never more.
      if (captured > r.authorisation.amount.amount) v('money.captureWithinAuthorisation', `authorised ${r.authorisation.amount.amount}, captured ${captured}`);
    }
    if (r.capture.refundable !== captured - refunded - pending) {
      v('money.refundable', `refundable ${r.capture.refundable}, captured ${captured} - refunded ${refunded} - pending ${pending}`);
    }
  } else if (r.refunds.some((x) => x.status !== 'FAILED')) v('money.refundNeedsCapture', 'refunds without a capture');
  if (refunded + pending > captured) v('money.refundsWithinCapture', `refunds ${refunded + pending} exceed capture ${captured}`);
  if (pending > 0) v('money.noRefundInFlight', `${pending} still PENDING with the provider`);

  const entries = r.ledgerEntries;
  const captureEntries = entries.filter((e) => e.kind === 'CAPTURE');
  const bookedCapture = captureEntries.reduce((s, e) => s + e.amount.amount, 0);
  if (captureEntries.length > 1 || bookedCapture !== captured) v('ledger.capture', `ledger books ${bookedCapture} in ${captureEntries.length} entries, captured ${captured}`);
  for (const refund of r.refunds) {
    const booked = entries.filter((e) => e.kind === 'REFUND' && e.refundId === refund.refundId);
    const expected = refund.status === 'REFUNDED' ? 1 : 0;
    if (booked.length !== expected || (expected === 1 && booked[0]!.amount.amount !== refund.amount.amount)) {
      v('ledger.refund', `refund ${refund.refundId} (${refund.status}, ${refund.amount.amount}) has ${booked.length} ledger entries`);
    }
  }
  const unknownRefundEntries = entries.filter((e) => e.kind === 'REFUND' && !r.refunds.some((x) => x.refundId === e.refundId));
  if (unknownRefundEntries.length > 0) v('ledger.refund', `ledger books refunds the provider never made: ${unknownRefundEntries.map((e) => e.refundId).join(', ')}`);
  for (const entry of entries) {
    const mine = lines.filter((l) => l.entryId === entry.entryId);
    const debit = mine.filter((l) => l.direction === 'DEBIT').reduce((s, l) => s + l.amount, 0);
    const credit = mine.filter((l) => l.direction === 'CREDIT').reduce((s, l) => s + l.amount, 0);
    if (mine.length !== 2 || debit !== credit || debit !== entry.amount.amount) {
      v('ledger.balanced', `entry ${entry.entryId}: ${mine.length} lines, debits ${debit}, credits ${credit}, amount ${entry.amount.amount}`);
    }
  }
  return out;
}

const beforeCapture: readonly OrderStatus[] = ['PLACED', 'PACKING'];
const shippedStatuses: readonly OrderStatus[] = ['SHIPPED', 'DELIVERED', 'PARTIALLY_REFUNDED', 'REFUNDED'];

function orderViolations(orderId: string, r: OrderRecords): Violation[] {
  const out: Violation[] = [];
  const v = (rule: string, detail: string) => out.push({ rule, subject: orderId, detail });
  const order = r.order;
  const reservation = r.reservation?.status ?? 'NONE';
  const authorisation = r.authorisation?.status ?? 'NONE';
  const captured = isCaptured(r.capture) ? r.capture.amount.amount : 0;
  const refunded = r.refunds.filter((x) => x.status === 'REFUNDED').reduce((s, x) => s + x.amount.amount, 0);
  const liveShipment = r.shipment !== undefined && r.shipment.status !== 'CANCELLED';

  if (order === undefined) {
    // A checkout that failed before or at StoreOrder must have released and voided what it took.
    if (reservation === 'RESERVED' || reservation === 'DISPATCHED') v('checkout.compensated', `no order, but stock is ${reservation}`);
    if (authorisation === 'AUTHORISED' || authorisation === 'PENDING') v('checkout.compensated', `no order, but the payment is still ${authorisation}`);
    return out;
  }
  const last = order.history[order.history.length - 1];
  if (order.history[0]?.status !== 'PLACED') v('order.historyStartsPlaced', `history starts with ${order.history[0]?.status}`);
  if (last?.status !== order.status) v('order.historyEndsInStatus', `status ${order.status}, last history entry ${last?.status}`);
  if (r.authorisation !== undefined && r.authorisation.amount.amount !== order.total.amount) {
    v('order.totalAuthorised', `total ${order.total.amount}, authorised ${r.authorisation.amount.amount}`);
  }
  const expect = (rule: string, ok: boolean, detail: string) => { if (!ok) v(rule, `${order.status}: ${detail}`); };
  const s = order.status;
  if (beforeCapture.includes(s) || s === 'PACKED') {
    expect('order.status.payment', authorisation === 'AUTHORISED' && (s === 'PACKED' || captured === 0), `authorisation ${authorisation}, captured ${captured}`);
    expect('order.status.stock', reservation === 'RESERVED', `reservation ${reservation}`);
    expect('order.status.shipment', !liveShipment, 'has a live shipment');
  }
  if (shippedStatuses.includes(s)) {
    expect('order.status.payment', captured > 0, 'nothing captured');
    expect('order.status.stock', reservation === 'DISPATCHED', `reservation ${reservation}`);
    expect('order.status.shipment', liveShipment && r.shipment!.trackingNumber === order.trackingNumber, 'no live shipment with the order\'s tracking number');
  }
  if (s === 'SHIPPED' || s === 'DELIVERED') expect('order.status.refunds', refunded === 0, `refunded ${refunded}`);
  if (s === 'PARTIALLY_REFUNDED') expect('order.status.refunds', refunded > 0 && refunded < captured, `refunded ${refunded} of ${captured}`);
  if (s === 'REFUNDED') expect('order.status.refunds', refunded === captured && captured > 0, `refunded ${refunded} of ${captured}`);
  if (s === 'CANCELLED' || s === 'FAILED') {
    // Compensated: no money kept, no stock held, and whatever left the warehouse came back.
    const moneyBack = captured === 0 ? authorisation !== 'AUTHORISED' : refunded === captured;
    expect('order.status.payment', moneyBack, `authorisation ${authorisation}, captured ${captured}, refunded ${refunded}`);
    expect('order.status.stock', reservation !== 'RESERVED', 'stock still reserved');
    if (reservation === 'DISPATCHED') {
      const returned = r.returns.flatMap((x) => x.items);
      const all = r.reservation!.items.every((l) => sumOf(returned, l.productId) === l.quantity);
      expect('order.status.stock', all, 'dispatched goods not all restocked');
    } else {
      expect('order.status.shipment', !liveShipment, 'has a live shipment');
    }
  }
  return out;
}

/** Everything the provider holds for the account, as an auditor lists it (Stripe's list endpoints, all pages). */
export interface ProviderView {
  readonly intents: Stripe.PaymentIntent[];
  readonly refunds: Stripe.Refund[];
}

export async function readProvider(stripe: Stripe): Promise<ProviderView> {
  const intents: Stripe.PaymentIntent[] = [];
  const refunds: Stripe.Refund[] = [];
  await stripe.paymentIntents.list({ limit: 100 }).autoPagingEach((pi) => { intents.push(pi); });
  await stripe.refunds.list({ limit: 100 }).autoPagingEach((refund) => { refunds.push(refund); });
  return { intents, refunds };
}

const sum = (values: readonly number[]) => values.reduce((s, x) => s + x, 0);

function providerViolations(snapshot: Snapshot, view: ProviderView, owns: (orderId: string) => boolean): Violation[] {
  const out: Violation[] = [];
  const orderOfIntent = new Map(view.intents.map((pi) => [pi.id, pi.metadata?.orderId]));
  const byOrder = new Map<string, { intents: Stripe.PaymentIntent[]; refunds: Stripe.Refund[] }>();
  const at = (orderId: string) => byOrder.get(orderId) ?? byOrder.set(orderId, { intents: [], refunds: [] }).get(orderId)!;
  for (const pi of view.intents) if (pi.metadata?.orderId !== undefined && owns(pi.metadata.orderId)) at(pi.metadata.orderId).intents.push(pi);
  for (const refund of view.refunds) {
    const intent = typeof refund.payment_intent === 'string' ? refund.payment_intent : refund.payment_intent?.id;
    const orderId = intent === undefined ? refund.metadata?.orderId : orderOfIntent.get(intent);
    if (orderId !== undefined && owns(orderId)) at(orderId).refunds.push(refund);
  }
  const orderIds = new Set([...byOrder.keys(), ...[...snapshot.orders.keys()].filter(owns)]);
  for (const orderId of orderIds) {
    const v = (rule: string, detail: string) => out.push({ rule, subject: orderId, detail });
    const r = snapshot.orders.get(orderId);
    const p = byOrder.get(orderId) ?? { intents: [], refunds: [] };
    const holds = p.intents.filter((pi) => pi.status === 'requires_capture');
    const captures = p.intents.filter((pi) => pi.amount_received > 0);
    const refunds = p.refunds.filter((x) => x.status === 'succeeded' || x.status === 'pending');
    const heldThere = sum(holds.map((pi) => pi.amount_capturable));
    const capturedThere = sum(captures.map((pi) => pi.amount_received));
    const refundedThere = sum(refunds.map((x) => x.amount));

    const authorised = r?.authorisation?.status === 'AUTHORISED' && r.capture === undefined ? r.authorisation.amount.amount : 0;
    const captured = isCaptured(r?.capture) ? r.capture.amount.amount : 0;
    const refundedHere = (r?.refunds ?? []).filter((x) => x.status === 'REFUNDED');

    if (r === undefined && p.intents.some((pi) => pi.status === 'requires_capture' || pi.amount_received > 0)) {
      v('provider.noRecord', `the provider holds ${heldThere} and captured ${capturedThere} for an order the tables do not know`);
      continue;
    }
    if (holds.length > 1) v('provider.oneHold', `${holds.length} holds at the provider: ${holds.map((pi) => pi.id).join(', ')}`);
    if (heldThere !== authorised) v('provider.held', `held at the provider ${heldThere}, authorised in the table ${authorised}`);
    if (captures.length > 1) v('provider.oneCapture', `${captures.length} PaymentIntents captured at the provider`);
    if (capturedThere !== captured) v('provider.captured', `captured at the provider ${capturedThere}, in the table ${captured}`);
    if (refunds.length !== refundedHere.length) v('provider.refundsOnce', `${refunds.length} refunds at the provider, ${refundedHere.length} REFUNDED in the table`);
    const refundedInTable = sum(refundedHere.map((x) => x.amount.amount));
    if (refundedThere !== refundedInTable) v('provider.refunded', `refunded at the provider ${refundedThere}, in the table ${refundedInTable}`);
  }
  return out;
}

export async function checkInvariants(doc: DynamoDBDocumentClient, options: InvariantOptions = {}): Promise<Violation[]> {
  const snapshot = await readSnapshot(doc, options);
  const provider = options.provider === undefined ? [] : providerViolations(snapshot, await readProvider(options.provider), options.ownsProviderOrder ?? (() => true));
  return [
    ...stockViolations(snapshot, options),
    ...[...snapshot.orders].flatMap(([orderId, r]) => [...moneyViolations(orderId, r, snapshot.ledgerLines), ...orderViolations(orderId, r)]),
    ...provider,
  ];
}

/** Throws one error listing every violation; returns the snapshot for further assertions. */
export async function assertInvariants(doc: DynamoDBDocumentClient, options: InvariantOptions = {}): Promise<Snapshot> {
  const violations = await checkInvariants(doc, options);
  if (violations.length > 0) {
    throw new Error(`invariants broken:\n${violations.map((x) => `  ${x.rule} [${x.subject}] ${x.detail}`).join('\n')}`);
  }
  return readSnapshot(doc, options);
}
