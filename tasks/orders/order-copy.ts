// No acknowledged order lost (issue 16): global tables replicate about a second late, so an order
// acknowledged in a region's last second could be missing in the survivors. StoreOrder therefore
// also writes the order, before placeOrder answers, to the nearest other continent's replica of the
// same table. The copy is the very item of the home write (same attributes, same updatedAt), and is
// conditional on no item being there: when replication brings the home write (or the copy reaches
// home), last-writer-wins picks between identical items, so neither write can lose the order, and
// any later change (written after the answer) is newer than both.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../infra/tables.ts';
import { logger, metrics } from '../lib/observability.ts';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Order } from '../lib/types.ts';
import { otherRegions, peerDocumentClient } from '../regions/peers.ts';

export type CopyOutcome =
  | { readonly copied: true; readonly region: string }
  /** No other region is configured (single-region `npm start`), or none answered. */
  | { readonly copied: false; readonly tried: readonly string[] };

/**
 * Writes the order to the nearest reachable other region. A region that does not answer in time is
 * skipped for the next; when none answers, the order is still acknowledged (two regions out at once:
 * availability is kept over the second copy) and the gap is logged and counted. One region at a
 * time, each answer awaited: a copy that landed after StoreOrder answered would be newer than the
 * saga's next change of the order and undo it under last-writer-wins (a drill saw 175 orders
 * back at PLACED when copies to every region at once answered on the first).
 */
export async function copyOrderToPeer(order: Order, home: string): Promise<CopyOutcome> {
  const tried: string[] = [];
  for (const region of otherRegions(home)) {
    tried.push(region);
    try {
      await peerDocumentClient(region).send(new PutCommand({
        TableName: tableName('Orders'), Item: order, ConditionExpression: 'attribute_not_exists(id)',
      }));
      return { copied: true, region };
    } catch (error) {
      // Already there: a replayed StoreOrder, or replication was faster. Either way it is safe.
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
