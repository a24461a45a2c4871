// RecordDecision: writes finance's answer on the refund: APPROVED or REJECTED, who decided and why.
// The decider may not be the requester (the resolver refuses that first; this is the saga's guard).
import { makeTask } from '../lib/task.ts';
import { NotFound, ValidationError } from '../lib/errors.ts';
import { requireObject, requireString } from '../lib/input.ts';
import { changeRefund, loadRefund, step } from './refunds.ts';

export interface Decision {
  readonly approved: boolean;
  readonly decidedBy: string;
  readonly note?: string | null;
}

export interface RecordDecisionInput {
  readonly refundId: string;
  readonly decision: Decision;
}

export interface RecordDecisionResult {
  readonly refundId: string;
  readonly approved: boolean;
}

export async function recordDecision(input: RecordDecisionInput): Promise<RecordDecisionResult> {
  const refundId = requireString(input.refundId, 'refundId');
  const decision = requireObject(input.decision, 'decision');
  if (typeof decision.approved !== 'boolean') throw new ValidationError('decision.approved must be true or false');
  const decidedBy = requireString(decision.decidedBy, 'decision.decidedBy');
  const refund = await loadRefund(refundId);
  if (refund === undefined) throw new NotFound(`refund ${refundId} does not exist`);
  if (refund.requestedBy === decidedBy) throw new ValidationError('the requester of a refund may not decide it');
  const note = typeof decision.note === 'string' && decision.note !== '' ? decision.note : undefined;
  await changeRefund({
    refundId,
    to: decision.approved ? 'APPROVED' : 'REJECTED',
    from: ['AWAITING_APPROVAL'],
    steps: [step('Decision', decision.approved ? 'APPROVED' : 'REJECTED', { decidedBy, note })],
    set: note === undefined ? { decidedBy } : { decidedBy, decisionNote: note },
    remove: ['approvalTaskToken'],
  });
  return { refundId, approved: decision.approved };
}

export const handler = makeTask<RecordDecisionInput, RecordDecisionResult>({
  name: 'RecordDecision',
  fenced: true,
  idempotencyKey: 'refundId',
  run: recordDecision,
});
