// FinishRefund: the Refund saga's last step. REFUNDED after the money went back (recording the
// payment, restock and order steps with their times), or FAILED when a check, the approval's
// timeout or the provider ended it, with the error a finance agent can read.
import { makeTask } from '../lib/task.ts';
import { ValidationError } from '../lib/errors.ts';
import { requireString } from '../lib/input.ts';
import type { RefundRecord, SagaStep } from '../lib/types.ts';
import { changeRefund, step } from './refunds.ts';

export interface FinishRefundInput {
  readonly refundId: string;
  readonly status: 'REFUNDED' | 'FAILED';
  /** The caught error ({Error, Cause} as Step Functions gives it) when the saga failed. */
  readonly error?: { readonly Error?: string; readonly Cause?: string } | null;
  /** Results of the earlier steps, each with its `at`, recorded as saga steps. */
  readonly payment?: { readonly at: string; readonly providerRefundId?: string } | null;
  readonly restock?: { readonly at: string; readonly items: unknown } | null;
  readonly order?: { readonly at: string; readonly status: string } | null;
}

export async function finishRefund(input: FinishRefundInput): Promise<RefundRecord> {
  const refundId = requireString(input.refundId, 'refundId');
  if (input.status === 'REFUNDED') {
    const steps: SagaStep[] = [];
    if (input.payment) steps.push(step('RefundPayment', 'SUCCEEDED', { providerRefundId: input.payment.providerRefundId }, input.payment.at));
    if (input.restock) steps.push(step('Restock', 'SUCCEEDED', { items: input.restock.items }, input.restock.at));
    if (input.order) steps.push(step('UpdateOrder', 'SUCCEEDED', { status: input.order.status }, input.order.at));
    steps.push(step('FinishRefund', 'REFUNDED'));
    return changeRefund({ refundId, to: 'REFUNDED', from: ['APPROVED'], steps });
  }
  if (input.status === 'FAILED') {
    const error = { error: input.error?.Error ?? 'Unknown', cause: input.error?.Cause };
    return changeRefund({
      refundId, to: 'FAILED', from: ['REQUESTED', 'AWAITING_APPROVAL', 'APPROVED'],
      steps: [step('FinishRefund', 'FAILED', error)],
      set: { failure: error }, remove: ['approvalTaskToken'],
    });
  }
  throw new ValidationError('status must be REFUNDED or FAILED');
}

export const handler = makeTask<FinishRefundInput, RefundRecord>({
  name: 'FinishRefund',
  fenced: true,
  idempotencyKey: '[refundId, status]',
  run: finishRefund,
});
