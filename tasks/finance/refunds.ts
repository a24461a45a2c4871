// Refund saga records in the Refunds table (pk REFUND#<id>, sk REFUND): status moves only forward
// through the listed predecessors, and every step appends a SagaStep, both in one conditional write.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../infra/tables.ts';
import { documentClient } from '../lib/clients.ts';
import { InvalidState, NotFound } from '../lib/errors.ts';
import { nowIso } from '../lib/types.ts';
import type { RefundRecord, RefundStatus, SagaStep } from '../lib/types.ts';

export const refundKey = (refundId: string) => ({ pk: `REFUND#${refundId}`, sk: 'REFUND' as const });

export async function loadRefund(refundId: string): Promise<RefundRecord | undefined> {
  const { Item } = await documentClient().send(new GetCommand({
    TableName: tableName('Refunds'), Key: refundKey(refundId), ConsistentRead: true,
  }));
  return Item as RefundRecord | undefined;
}

export function step(name: string, status: string, detail?: unknown, at = nowIso()): SagaStep {
  return detail === undefined ? { name, status, at } : { name, status, at, detail: JSON.stringify(detail) };
}

export interface RefundChange {
  readonly refundId: string;
  /** New status, or undefined to only record steps. */
  readonly to?: RefundStatus;
  readonly from?: readonly RefundStatus[];
  readonly steps: readonly SagaStep[];
  readonly set?: Readonly<Record<string, unknown>>;
  readonly remove?: readonly string[];
}

/** Applies a status change with its steps; asking for the status the refund already has is a no-op. */
export async function changeRefund(change: RefundChange): Promise<RefundRecord> {
  const names: Record<string, string> = { '#steps': 'steps', '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = { ':steps': change.steps, ':at': nowIso() };
  const sets = ['#steps = list_append(#steps, :steps)', '#updatedAt = :at'];
  const conditions = ['attribute_exists(pk)'];
  if (change.to !== undefined) {
    names['#status'] = 'status';
    values[':to'] = change.to;
    sets.push('#status = :to');
    if (change.from !== undefined) {
      conditions.push(`#status IN (${change.from.map((s, i) => { values[`:from${i}`] = s; return `:from${i}`; }).join(', ')})`);
    }
  }
  Object.entries(change.set ?? {}).forEach(([attribute, value], i) => {
    names[`#set${i}`] = attribute;
    values[`:set${i}`] = value;
    sets.push(`#set${i} = :set${i}`);
  });
  const removals = (change.remove ?? []).map((attribute, i) => { names[`#rm${i}`] = attribute; return `#rm${i}`; });
  try {
    const { Attributes } = await documentClient().send(new UpdateCommand({
      TableName: tableName('Refunds'), Key: refundKey(change.refundId),
      UpdateExpression: `SET ${sets.join(', ')}${removals.length > 0 ? ` REMOVE ${removals.join(', ')}` : ''}`,
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: names, ExpressionAttributeValues: values, ReturnValues: 'ALL_NEW',
    }));
    return Attributes as RefundRecord;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const current = await loadRefund(change.refundId);
    if (current === undefined) throw new NotFound(`refund ${change.refundId} does not exist`);
    if (current.status === change.to) return current;
    throw new InvalidState(`refund ${change.refundId} is ${current.status}; cannot become ${change.to}`);
  }
}
