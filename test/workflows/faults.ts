// The faults the matrix injects per Task state. The rows come from the ASL (matrix.ts); this file
// says which error is each state's business error, which transient error stands for an outage, and
// how a compensation step is reached. coverage.test.ts checks it against the ASL, so a new state
// cannot join a workflow without its faults.
import type { TaskStateRow } from './matrix.ts';

/** An outage past the retries: an AWS dependency down (tasks/lib/errors.ts transientErrorNames), or
 * for the states:startExecution integration the throttling AWS reports as StepFunctions.ThrottlingException
 * (https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html). */
export function transientError(row: TaskStateRow): string {
  return row.resource.startsWith('arn:aws:states:::states:startExecution') ? 'StepFunctions.ThrottlingException' : 'DependencyUnavailable';
}

export interface BusinessFault {
  readonly error: string;
  /** Reported by the person answering the task token (SendTaskFailure) rather than thrown by the task. */
  readonly byPerson?: boolean;
}

/**
 * Each forward state's business error: the one its task (or the person behind it) reports. Forward
 * states without a Catch (BookCapture, DispatchStock, MarkDelivered; Refund's Restock, WriteLedger,
 * UpdateOrder, FinishRefund) have no business error by design: after the money moved they only
 * record it, so the only way they fail is an outage (column a).
 */
export const businessFaults: Readonly<Record<string, BusinessFault>> = {
  'Checkout.ValidateOrder': { error: 'AgeRestricted' },
  'Checkout.ReserveStock': { error: 'OutOfStock' },
  'Checkout.AuthorisePayment': { error: 'PaymentDeclined' },
  'Checkout.StoreOrder': { error: 'InvalidState' },
  'Checkout.StartFulfilment': { error: 'StepFunctions.ExecutionLimitExceededException' },
  'Fulfilment.RequestPacking': { error: 'PackingFailed', byPerson: true },
  'Fulfilment.MarkPacked': { error: 'InvalidState' },
  'Fulfilment.CapturePayment': { error: 'PaymentDeclined' },
  'Fulfilment.BookShipment': { error: 'DeliveryFailed' },
  'Fulfilment.AwaitDelivery': { error: 'DeliveryFailed', byPerson: true },
  'Refund.CheckRefund': { error: 'ValidationError' },
  'Refund.AwaitApproval': { error: 'InvalidState' },
  'Refund.RecordDecision': { error: 'ValidationError' },
  'Refund.RefundPayment': { error: 'PaymentDeclined' },
  // A saga the runbook resumes was started by an earlier run of it: nothing to start.
  'Evacuation.StartFulfilment': { error: 'StepFunctions.ExecutionAlreadyExistsException' },
  'Evacuation.StartRefund': { error: 'StepFunctions.ExecutionAlreadyExistsException' },
};

/**
 * Compensation states run only after a business error (or a human-step timeout), so the outage is
 * injected there after the forward state named here failed with its business error. They have no
 * business error of their own (releasing, voiding, refunding or marking what is already undone is a
 * no-op), so only column (a) applies to them.
 */
export const compensationTriggers: Readonly<Record<string, string>> = {
  'Checkout.MarkOrderFailed': 'StoreOrder',
  'Checkout.VoidPayment': 'AuthorisePayment',
  'Checkout.ReleaseStock': 'ReserveStock',
  'Fulfilment.VoidPayment': 'CapturePayment',
  'Fulfilment.ReleaseStock': 'CapturePayment',
  'Fulfilment.MarkFailed': 'CapturePayment',
  'Fulfilment.RefundCaptured': 'BookShipment',
  'Fulfilment.BookCompensationRefund': 'BookShipment',
  'Fulfilment.ReleaseAfterCapture': 'BookShipment',
  'Fulfilment.RefundReturned': 'AwaitDelivery',
  'Fulfilment.BookReturnRefund': 'AwaitDelivery',
  'Fulfilment.RestockReturned': 'AwaitDelivery',
  'Refund.RefundFailed': 'RefundPayment',
};

export const key = (row: TaskStateRow) => `${row.workflow}.${row.state}`;
