// No acknowledged order lost (issue 16): global tables replicate about a second late, so an order
// acknowledged in a region's last second could be missing in the survivors. StoreOrder therefore
// also writes a copy of the order, before placeOrder answers, to the nearest other continent's
// replica of the Orders table. The copy is an item of its own (`COPY#<order id>`, the order nested
// in it, nothing any index reads), never the order's own item: a copy write that lands late (its
// region answered after the 600 ms bound, and applied it anyway) would otherwise be the newest
// write of the order and, under last-writer-wins, undo the saga's next change (a 20/s drill saw
// 175 orders back at PLACED). The order's own item keeps one writer, its home region; the copy is
// written once and read only by an evacuation, which restores the orders whose own item never
// replicated (adopt-region.ts).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../infra/tables.ts';
import { logger, metrics } from '../lib/observability.ts';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { nowIso } from '../lib/types.ts';
import type { Order } from '../lib/types.ts';
import { otherRegions, peerDocumentClient } from '../regions/peers.ts';

/** The copy's item: keyed apart from the order, its home named apart from the order's `homeRegion`. */
export interface OrderCopy {
  readonly id: string;
  readonly copyOf: string;
  readonly copyHome: string;
  readonly order: Order;
  readonly copiedAt: string;
}

export const copyId = (orderId: string) => `COPY#${orderId}`;
export const isOrderCopy = (item: { readonly id?: unknown }) => String(item.id).startsWith('COPY#');

export type CopyOutcome =
  | { readonly copied: true; readonly region: string }
  /** No other region is configured (single-region `npm start`), or none answered. */
  | { readonly copied: false; readonly tried: readonly string[] };

/**
 * Writes the copy to the nearest reachable other region. A region that does not answer in time is
 * skipped for the next; when none answers, the order is still acknowledged (two regions out at once:
 * availability is kept over the second copy) and the gap is logged and counted.
 */
export async function copyOrderToPeer(order: Order, home: string): Promise<CopyOutcome> {
  const tried: string[] = [];
  const copy: OrderCopy = { id: copyId(order.id), copyOf: order.id, copyHome: home, order, copiedAt: nowIso() };
  for (const region of otherRegions(home)) {
    tried.push(region);
    try {
      await peerDocumentClient(region).send(new PutCommand({
        TableName: tableName('Orders'), Item: copy, ConditionExpression: 'attribute_not_exists(id)',
      }));
      return { copied: true, region };
    } catch (error) {
      // Already there: a replayed StoreOrder. The same copy either way.
      if (error instanceof ConditionalCheckFailedException) return { copied: true, region };
      logger.warn('order copy to another region failed; trying the next', { orderId: order.id, region, error: String(error) });
    }
  }
  if (tried.length > 0) {
    metrics.addMetric('OrderCopyMissing', MetricUnit.Count, 1);
    logger.error('order acknowledged with no copy in another region', { orderId: order.id, tried });
  }
  return { copied: false, tried };
}
