// No acknowledged order lost (issue 16): global tables replicate about a second late, so an order
// acknowledged in a region's last second could be missing in the survivors. StoreOrder therefore
// also writes the order, before placeOrder answers, to the other regions' replicas of the same
// table (all at once; the answer waits for the first, in practice the nearest other continent).
// The copy is the very item of the home write (same attributes, same updatedAt), and is conditional on no item being there: when replication brings the home write (or the copy reaches
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
 * Writes the order to every other region at once and answers when the first has it: a region that
 * is down (refusing, or silent until the 600 ms bound) costs nothing while another answers. When
 * none answers, the order is still acknowledged (two regions out at once: availability is kept
 * over the second copy) and the gap is logged and counted.
 */
export async function copyOrderToPeer(order: Order, home: string): Promise<CopyOutcome> {
  const tried = otherRegions(home);
  if (tried.length === 0) return { copied: false, tried };
  const copyTo = async (region: string): Promise<string> => {
    try {
      await peerDocumentClient(region).send(new PutCommand({
        TableName: tableName('Orders'), Item: order, ConditionExpression: 'attribute_not_exists(id)',
      }));
    } catch (error) {
      // Already there: a replayed StoreOrder, or replication was faster. Either way it is safe.
      if (error instanceof ConditionalCheckFailedException) return region;
      logger.warn('order copy to another region failed', { orderId: order.id, region, error: String(error) });
      throw error;
    }
    return region;
  };
  try {
    return { copied: true, region: await Promise.any(tried.map(copyTo)) };
  } catch {
    metrics.addMetric('OrderCopyMissing', MetricUnit.Count, 1);
    logger.error('order acknowledged with no copy in another region', { orderId: order.id, tried });
    return { copied: false, tried };
  }
}
