// The Checkout function on AWS: the tasks of placeOrder's synchronous path (and the compensations
// a declined card runs) in one function, one alias each (infra/shared-functions.ts).
import { handler as validateOrder } from './validate-order.ts';
import { handler as storeOrder } from './store-order.ts';
import { handler as reserveStock } from '../warehouse/reserve-stock.ts';
import { handler as releaseStock } from '../warehouse/release-stock.ts';
import { handler as authorisePayment } from '../payment/authorise-payment.ts';
import { handler as voidPayment } from '../payment/void-payment.ts';
import { byAlias } from '../lib/by-alias.ts';

export const handler = byAlias({
  ValidateOrder: validateOrder, ReserveStock: reserveStock, AuthorisePayment: authorisePayment, StoreOrder: storeOrder,
  VoidPayment: voidPayment, ReleaseStock: releaseStock,
});
