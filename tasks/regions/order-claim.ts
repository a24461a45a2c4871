// Cross-region idempotency of placeOrder (issue 16). Powertools' idempotency record is per region
// and replicates about a second late, so a shopper whose placeOrder timed out in one region and who
// retried the same key in another used to get a second order. Before a checkout writes anything,
// it now claims its order id in a majority of the configured regions: a conditional put, in each
// region's own store, of an item whose key names that region (so replication of one region's
// claim never overwrites another region's: each claim item has a single writer, and the condition
// is decided by that region alone). Any two majorities of the regions share a region, so two
// checkouts of one order can never both hold one. Every region is asked at once, so a won claim
// costs one round trip to the nearest other continent.
//
// A claim is a lease (claimLeaseSeconds): a checkout that died holding it (its region lost) stops
// blocking the key once it has run out. It outlasts any Checkout: an EXPRESS execution runs at most
// five minutes, whatever its own timeouts (Step Functions' limit,
// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-standard-vs-express.html), so a
// claim's holder has ended before another region may take the order over.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { tableName } from '../../infra/tables.ts';
import { documentClient } from '../lib/clients.ts';
import { logger, metrics } from '../lib/observability.ts';
import { otherRegions, peerDocumentClient } from './peers.ts';

export const claimLeaseSeconds = 5 * 60 + 30;
/** Claims stay in the Idempotency table as long as ValidateOrder's own record (a day), then TTL removes them. */
const claimRetentionSeconds = 24 * 60 * 60;

export type ClaimVerdict =
  /** This region holds the order in a majority of the regions (or alone: see `withoutMajority`). */
  | { readonly won: true; readonly held: readonly string[]; readonly withoutMajority: boolean }
  /** Another region's checkout holds it (`holders`: region asked -> the region holding it there). */
  | { readonly won: false; readonly holders: Readonly<Record<string, string>>; readonly unreachable: readonly string[] };

type Answer = { readonly held: true } | { readonly heldBy: string } | { readonly unreachable: Error };

const claimId = (orderId: string, region: string) => `order-claim#${orderId}#${region}`;

function clientFor(region: string, me: string): DynamoDBDocumentClient {
  return region === me ? documentClient() : peerDocumentClient(region);
}

async function claimIn(region: string, orderId: string, me: string, nowSeconds: number): Promise<Answer> {
  try {
    await clientFor(region, me).send(new PutCommand({
      TableName: tableName('Idempotency'),
      Item: { id: claimId(orderId, region), orderId, claimedBy: me, leaseUntil: nowSeconds + claimLeaseSeconds, expiration: nowSeconds + claimRetentionSeconds },
      ConditionExpression: 'attribute_not_exists(id) OR claimedBy = :me OR leaseUntil < :now',
      ExpressionAttributeValues: { ':me': me, ':now': nowSeconds },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    }));
    return { held: true };
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      // The item comes back in the low-level shape (lib-dynamodb does not unmarshall errors).
      const holder = (error.Item?.claimedBy as { S?: string } | undefined)?.S ?? 'unknown';
      return { heldBy: holder };
    }
    // This region's own store failing is the checkout's failure (retried as DependencyUnavailable).
    if (region === me) throw error;
    return { unreachable: error instanceof Error ? error : new Error(String(error)) };
  }
}

/** Gives back what this checkout holds, so another region's retry need not wait for the lease. */
async function release(regions: readonly string[], orderId: string, me: string): Promise<void> {
  await Promise.all(regions.map((region) => clientFor(region, me).send(new DeleteCommand({
    TableName: tableName('Idempotency'), Key: { id: claimId(orderId, region) },
    ConditionExpression: 'claimedBy = :me', ExpressionAttributeValues: { ':me': me },
  })).catch((error: unknown) => {
    // Released meanwhile or unreachable: the lease ends it anyway.
    logger.info('order claim not released; its lease will end it', { orderId, region, error: String(error) });
  })));
}

/**
 * Claims `orderId` for this region's checkout. One region configured: nothing to claim against
 * (Powertools' record already orders the attempts within a region). Every region is asked at
 * once and the verdict is known as soon as a majority holds it: a region that is down costs
 * nothing while the others answer, and a won claim does not wait for the farthest region.
 */
export async function claimOrder(orderId: string, me: string, nowMs = Date.now()): Promise<ClaimVerdict> {
  const regions = [me, ...otherRegions(me)];
  if (regions.length === 1) return { won: true, held: [me], withoutMajority: false };
  const needed = Math.floor(regions.length / 2) + 1;
  const nowSeconds = Math.floor(nowMs / 1000);
  const held: string[] = [];
  const holders: Record<string, string> = {};
  const unreachable: string[] = [];
  const decided = () => held.length >= needed || Object.keys(holders).length > regions.length - needed;
  const asked = regions.map(async (region) => {
    const answer = await claimIn(region, orderId, me, nowSeconds);
    if ('held' in answer) held.push(region);
    else if ('heldBy' in answer) holders[region] = answer.heldBy;
    else {
      unreachable.push(region);
      logger.warn('order claim: region unreachable', { orderId, region, error: answer.unreachable.message });
    }
  });
  const all = Promise.all(asked);
  // This region's own store failing rejects `all` at once: the checkout's failure, retried.
  await Promise.race([all, new Promise<void>((resolve) => {
    const check = () => { if (decided()) resolve(); };
    for (const a of asked) a.then(check, () => undefined);
  })]);
  if (held.length >= needed) {
    // The farthest regions' answers may still be on their way; a claim they add is ours anyway.
    all.catch(() => undefined);
    return { won: true, held: [...held], withoutMajority: false };
  }
  await all;
  if (Object.keys(holders).length === 0) {
    // Every region that answered gave it to us, but too few answered (two regions out at once):
    // selling is kept over the guard, as for the order copy; counted so it is seen.
    metrics.addMetric('OrderClaimWithoutMajority', MetricUnit.Count, 1);
    logger.error('order claimed without a majority of the regions', { orderId, held, unreachable });
    return { won: true, held, withoutMajority: true };
  }
  await release(held, orderId, me);
  return { won: false, holders, unreachable };
}
