// RequestApproval (a .waitForTaskToken step): stores the task token on the refund that waits for
// finance. decideRefund answers with SendTaskSuccess {approved, decidedBy, note}; after
// TimeoutSeconds the saga gives up (States.Timeout). A redrive's new token replaces the old one.
import { makeTask } from '../lib/task.ts';
import { requireString } from '../lib/input.ts';
import { changeRefund, step } from './refunds.ts';

export interface RequestApprovalInput {
  readonly refundId: string;
  readonly taskToken: string;
}

export interface RequestApprovalResult {
  readonly refundId: string;
  readonly status: 'AWAITING_APPROVAL';
}

export async function requestApproval(input: RequestApprovalInput): Promise<RequestApprovalResult> {
  const refundId = requireString(input.refundId, 'refundId');
  const taskToken = requireString(input.taskToken, 'taskToken');
  await changeRefund({
    refundId, to: 'AWAITING_APPROVAL', from: ['AWAITING_APPROVAL'],
    steps: [step('AwaitApproval', 'WAITING')], set: { approvalTaskToken: taskToken },
  });
  return { refundId, status: 'AWAITING_APPROVAL' };
}

export const handler = makeTask<RequestApprovalInput, RequestApprovalResult>({
  name: 'RequestApproval',
  fenced: true,
  idempotencyKey: '[refundId, taskToken]',
  run: requestApproval,
});
