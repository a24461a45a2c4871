// Who may act on an order: the region named by its `homeRegion`, at the epoch named by `ownerEpoch`.
// Both change only together, by a conditional write naming the epoch replaced (adoption), so a
// region that was declared lost and comes back finds the order owned elsewhere and stops.
import type { Order } from '../lib/types.ts';

/** The epoch an order has when nothing ever adopted it (orders stored before epochs existed too). */
export const firstEpoch = 0;

export function epochOf(order: Pick<Order, 'ownerEpoch'>): number {
  return order.ownerEpoch ?? firstEpoch;
}

/**
 * The name of the STANDARD execution that runs an order's (or a refund's) saga at an epoch:
 * `order-<id>` at the first epoch (the name Checkout gives it), `order-<id>-e<epoch>` after an
 * adoption, so a name taken in the adopting region by an earlier ownership never collides.
 */
export function sagaExecutionName(prefix: 'order' | 'refund', id: string, epoch: number): string {
  return epoch === firstEpoch ? `${prefix}-${id}` : `${prefix}-${id}-e${epoch}`;
}

/**
 * The epoch a saga execution was started for, read from its name (see sagaExecutionName); undefined
 * for an execution that is not an order's or refund's saga (Checkout's EXPRESS runs).
 */
export function executionEpoch(executionArnOrName: string): number | undefined {
  // An execution ARN ends in the execution name (`...:execution:<machine>:<name>`).
  const name = executionArnOrName.split(':').at(-1) ?? '';
  // Order ids are name-based UUIDs (order-id.ts; older ones ULIDs), refund ids ULIDs: the id's own
  // shape is spelled out, so a UUID's last group can never be read as an epoch suffix.
  const match = /^(?:order|refund)-(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9A-Za-z]+)(?:-e(\d+))?$/.exec(name);
  if (match === null) return undefined;
  return match[1] === undefined ? firstEpoch : Number(match[1]);
}

export type OwnershipVerdict =
  | { readonly owned: true }
  | { readonly owned: false; readonly reason: string };

/**
 * Whether `region`, running an execution started at `executionEpoch` (undefined when the caller is
 * not an execution), may act on the order.
 */
export function judgeOwnership(order: Pick<Order, 'id' | 'homeRegion' | 'ownerEpoch'>, region: string, executionEpochValue?: number): OwnershipVerdict {
  if (order.homeRegion !== region) {
    return { owned: false, reason: `order ${order.id} is owned by ${order.homeRegion} (epoch ${epochOf(order)}), not ${region}` };
  }
  if (executionEpochValue !== undefined && executionEpochValue !== epochOf(order)) {
    return { owned: false, reason: `order ${order.id} is at epoch ${epochOf(order)}; this execution ran for epoch ${executionEpochValue}` };
  }
  return { owned: true };
}
