// ValidateOrder: the first Checkout step. Checks the cart against the catalogue (products exist,
// are on sale, prices equal the catalogue's, quantities 1-100), the buyer's age against the
// destination's legal age, that tobacco may be shipped there, quotes delivery and checks the
// expected total. Names the order: its id is derived from the shopper and the idempotency key
// (order-id.ts), so a replay gets the same id in any region (a different body with that key gets
// IdempotencyConflict), and claims it across the regions (order-claim.ts) before any step writes.
// An order already placed with that key in another region (the shopper's first attempt, which
// timed out for them) is answered as it is: `placedIn` names its region and Checkout ends there.
import { makeTask } from '../lib/task.ts';
import { currentRegion, documentClient } from '../lib/clients.ts';
import {
  AgeRestricted, IdempotencyConflict, NotFound, OperationInProgress, PriceMismatch, ProductNotFound, ShippingRestricted, ValidationError,
} from '../lib/errors.ts';
import { loadOrder } from '../lib/order-guard.ts';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../infra/tables.ts';
import { copyId, type OrderCopy } from './order-copy.ts';
import { requireInteger, requireObject, requireString } from '../lib/input.ts';
import type { Address, Money, Order, OrderItem } from '../lib/types.ts';
import { destinationOf } from './destinations.ts';
import { quoteDelivery } from './delivery-quote.ts';
import { ageOn, parseBirthdate } from './age.ts';
import { loadProducts } from './catalogue.ts';
import { orderIdFor } from './order-id.ts';
import { claimOrder } from '../regions/order-claim.ts';

export interface CheckoutItemInput {
  readonly productId: string;
  readonly quantity: number;
  readonly unitPrice: Money;
}

/** The Checkout execution's input, built by the placeOrder resolver. */
export interface CheckoutInput {
  readonly idempotencyKey: string;
  readonly userId: string;
  /** The `birthdate` claim of the caller's ID token (YYYY-MM-DD). */
  readonly birthdate?: string;
  readonly items: readonly CheckoutItemInput[];
  readonly deliveryAddress: Address;
  readonly paymentToken: string;
  readonly expectedTotal?: Money | null;
}

export interface OrderQuote {
  readonly orderId: string;
  readonly items: readonly OrderItem[];
  readonly itemsTotal: Money;
  readonly deliveryPrice: Money;
  readonly total: Money;
  readonly deliveryAddress: Address;
  /** The region that already placed this order (a retry sent elsewhere); null: this checkout places it. */
  readonly placedIn: string | null;
  /** That order as this region holds it (placeOrder answers with it); null when this checkout places it. */
  readonly placedOrder: Order | null;
}

export const maxLines = 50;

function readMoney(value: unknown, field: string): Money {
  const money = requireObject(value, field);
  const amount = requireInteger(money.amount, `${field}.amount`, 0, Number.MAX_SAFE_INTEGER);
  const currency = requireString(money.currency, `${field}.currency`);
  if (!/^[A-Z]{3}$/.test(currency)) throw new ValidationError(`${field}.currency must be an ISO 4217 code`);
  return { amount, currency };
}

function readAddress(value: unknown): Address {
  const raw = requireObject(value, 'deliveryAddress');
  const text = (field: string, optional = false): string | undefined => {
    const v = raw[field];
    if (optional && (v === undefined || v === null || v === '')) return undefined;
    const s = requireString(v, `deliveryAddress.${field}`).trim();
    if (s.length > 200) throw new ValidationError(`deliveryAddress.${field} is longer than 200 characters`);
    return s;
  };
  const country = text('country')!.toUpperCase();
  if (!/^[A-Z]{2}$/.test(country) || destinationOf(country) === undefined) {
    throw new ValidationError(`deliveryAddress.country ${country} is not a country we know`);
  }
  const line2 = text('line2', true);
  const region = text('region', true);
  return {
    name: text('name')!, line1: text('line1')!, ...(line2 === undefined ? {} : { line2 }),
    city: text('city')!, postalCode: text('postalCode')!, ...(region === undefined ? {} : { region }), country,
  };
}

function readItems(value: unknown): CheckoutItemInput[] {
  if (!Array.isArray(value) || value.length === 0) throw new ValidationError('the cart is empty');
  if (value.length > maxLines) throw new ValidationError(`a cart holds at most ${maxLines} lines`);
  const seen = new Set<string>();
  return value.map((raw, i) => {
    const item = requireObject(raw, `items[${i}]`);
    const productId = requireString(item.productId, `items[${i}].productId`);
    if (seen.has(productId)) throw new ValidationError(`product ${productId} appears twice; use one line with its quantity`);
    seen.add(productId);
    return {
      productId,
      quantity: requireInteger(item.quantity, `items[${i}].quantity`, 1, 100),
      unitPrice: readMoney(item.unitPrice, `items[${i}].unitPrice`),
    };
  });
}

/**
 * The order as this region's replica holds it, if it is there: its own item (replicated), else the
 * copy its region wrote here before answering (order-copy.ts).
 */
async function storedOrder(orderId: string): Promise<Order | undefined> {
  try {
    return await loadOrder(orderId);
  } catch (error) {
    if (!(error instanceof NotFound)) throw error;
  }
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName('Orders'), Key: { id: copyId(orderId) }, ConsistentRead: true }));
  return (Item as OrderCopy | undefined)?.order;
}

/**
 * The answer to a retry of an order another region placed: the same order, when the request is the
 * one that placed it (same lines, address and expected total; the card is not kept on the order).
 */
function alreadyPlaced(order: Order, items: readonly CheckoutItemInput[], address: Address, expectedTotal: Money | null | undefined): OrderQuote {
  const line = (i: { productId: string; quantity: number; unitPrice: Money }) => `${i.productId}:${i.quantity}:${i.unitPrice.amount}${i.unitPrice.currency}`;
  const sameLines = JSON.stringify(items.map(line).sort()) === JSON.stringify(order.items.map(line).sort());
  const sameAddress = JSON.stringify(address) === JSON.stringify(readAddress(order.deliveryAddress));
  const sameTotal = expectedTotal === undefined || expectedTotal === null
    || (expectedTotal.amount === order.total.amount && expectedTotal.currency === order.total.currency);
  if (!sameLines || !sameAddress || !sameTotal) {
    throw new IdempotencyConflict(`the idempotency key was already used for order ${order.id} with a different request`);
  }
  return {
    orderId: order.id, items: order.items, itemsTotal: order.itemsTotal, deliveryPrice: order.deliveryPrice, total: order.total,
    deliveryAddress: order.deliveryAddress, placedIn: order.homeRegion, placedOrder: order,
  };
}

export async function validateOrder(input: CheckoutInput, today = new Date()): Promise<OrderQuote> {
  const orderId = orderIdFor(requireString(input.userId, 'userId'), requireString(input.idempotencyKey, 'idempotencyKey'));
  requireString(input.paymentToken, 'paymentToken');
  const items = readItems(input.items);
  const deliveryAddress = readAddress(input.deliveryAddress);
  const destination = destinationOf(deliveryAddress.country)!;
  const region = currentRegion();

  const [products, existing] = await Promise.all([loadProducts(items.map((i) => i.productId)), storedOrder(orderId)]);
  if (existing !== undefined && existing.homeRegion !== region) return alreadyPlaced(existing, items, deliveryAddress, input.expectedTotal);

  if (!destination.tobaccoAllowed) {
    throw new ShippingRestricted(`tobacco cannot be shipped to ${deliveryAddress.country}`);
  }
  const birth = parseBirthdate(input.birthdate);
  if (birth === undefined) throw new AgeRestricted('the buyer has no valid birthdate, so their age cannot be verified');
  if (ageOn(birth, today) < destination.legalAge) {
    throw new AgeRestricted(`the legal smoking age in ${deliveryAddress.country} is ${destination.legalAge}`);
  }

  const lines: OrderItem[] = items.map((item) => {
    const product = products.get(item.productId);
    if (product === undefined || product.onSale !== true) {
      throw new ProductNotFound(`product ${item.productId} does not exist or is not on sale`);
    }
    if (product.price.amount !== item.unitPrice.amount || product.price.currency !== item.unitPrice.currency) {
      throw new PriceMismatch(`product ${item.productId} costs ${product.price.amount} ${product.price.currency}, not ${item.unitPrice.amount} ${item.unitPrice.currency}`);
    }
    return { productId: item.productId, name: product.name, quantity: item.quantity, unitPrice: product.price };
  });

  const currency = lines[0]!.unitPrice.currency;
  if (lines.some((l) => l.unitPrice.currency !== currency)) throw new ValidationError('a cart must be in one currency');
  const itemsTotal: Money = { amount: lines.reduce((sum, l) => sum + l.quantity * l.unitPrice.amount, 0), currency };
  const deliveryPrice = quoteDelivery(destination.zone, itemsTotal);
  const total: Money = { amount: itemsTotal.amount + deliveryPrice.amount, currency };

  if (input.expectedTotal !== undefined && input.expectedTotal !== null) {
    const expected = readMoney(input.expectedTotal, 'expectedTotal');
    if (expected.amount !== total.amount || expected.currency !== total.currency) {
      throw new PriceMismatch(`the total is ${total.amount} ${total.currency}, not the expected ${expected.amount} ${expected.currency}`);
    }
  }

  const claim = await claimOrder(orderId, region);
  if (!claim.won) {
    const elsewhere = [...new Set(Object.values(claim.holders))].join(' and ');
    throw new OperationInProgress(`order ${orderId} is being placed in ${elsewhere}; ask again in a moment`);
  }
  return { orderId, items: lines, itemsTotal, deliveryPrice, total, deliveryAddress, placedIn: null, placedOrder: null };
}

export const handler = makeTask<CheckoutInput, OrderQuote>({
  name: 'ValidateOrder',
  idempotencyKey: '[userId, idempotencyKey]',
  payloadValidation: '[items, deliveryAddress, paymentToken, expectedTotal]',
  // A shopper may retry placeOrder with the same key for a day and get the same order.
  expiresAfterSeconds: 24 * 60 * 60,
  run: (input) => validateOrder(input),
});
