// The one registry of task handlers. CDK makes a Lambda function per entry and substitutes
// `${<Name>FunctionArn}` in the ASL files with its ARN; the local runtime substitutes the same
// placeholders with local ARNs and runs the entry's `handler` in-process.
import type { TableId } from '../infra/tables.ts';

export type Service = 'orders' | 'warehouse' | 'payment' | 'delivery' | 'products' | 'finance' | 'platform';

export interface TaskDefinition {
  readonly service: Service;
  /** Repo-relative path of the module that exports `handler`. */
  readonly entry: string;
  /** Tables the task reads and writes: CDK grants exactly these. */
  readonly tables: { readonly read: readonly TableId[]; readonly write: readonly TableId[] };
  /** Other permissions the task needs, e.g. 'states:SendTaskSuccess', 'events:PutEvents'. */
  readonly actions?: readonly string[];
  readonly timeoutSeconds?: number;
}

type Tables = TaskDefinition['tables'];
// Every task keeps its Powertools idempotency records in the Idempotency table.
const io = (read: readonly TableId[], write: readonly TableId[]): Tables => ({
  read: [...read, 'Idempotency'], write: [...write, 'Idempotency'],
});
const publishes = ['events:PutEvents'] as const;
/** The payment tasks read the provider's key (PAYMENT_SECRET_ID) from Secrets Manager. */
const providerKey = ['secretsmanager:GetSecretValue'] as const;

/** Filled in by the order domain: one entry per task, keyed by the name used in the placeholder. */
export const taskRegistry: Record<string, TaskDefinition> = {
  // Checkout
  ValidateOrder: { service: 'orders', entry: 'tasks/orders/validate-order.ts', tables: io(['Products', 'Orders'], []) },
  ReserveStock: { service: 'warehouse', entry: 'tasks/warehouse/reserve-stock.ts', tables: io(['Inventory'], ['Inventory']) },
  AuthorisePayment: { service: 'payment', entry: 'tasks/payment/authorise-payment.ts', tables: io(['Payments'], ['Payments']), actions: providerKey },
  StoreOrder: { service: 'orders', entry: 'tasks/orders/store-order.ts', tables: io(['Orders'], ['Orders']), actions: publishes },
  ReleaseStock: { service: 'warehouse', entry: 'tasks/warehouse/release-stock.ts', tables: io(['Inventory'], ['Inventory']) },
  VoidPayment: { service: 'payment', entry: 'tasks/payment/void-payment.ts', tables: io(['Payments'], ['Payments']), actions: providerKey },
  // Fulfilment
  RequestPacking: {
    service: 'warehouse', entry: 'tasks/warehouse/request-packing.ts',
    tables: io(['Orders', 'Inventory'], ['Inventory', 'Orders']), actions: publishes,
  },
  MarkOrder: { service: 'orders', entry: 'tasks/orders/mark-order.ts', tables: io(['Orders'], ['Orders']), actions: publishes },
  CapturePayment: { service: 'payment', entry: 'tasks/payment/capture-payment.ts', tables: io(['Orders', 'Payments'], ['Payments']), actions: providerKey },
  BookShipment: {
    service: 'delivery', entry: 'tasks/delivery/book-shipment.ts',
    tables: io(['Orders', 'Shipments'], ['Shipments', 'Orders']), actions: publishes,
  },
  DispatchStock: { service: 'warehouse', entry: 'tasks/warehouse/dispatch-stock.ts', tables: io(['Orders', 'Inventory'], ['Inventory']) },
  AwaitDelivery: { service: 'delivery', entry: 'tasks/delivery/await-delivery.ts', tables: io(['Orders', 'Shipments'], ['Shipments']) },
  RefundPayment: { service: 'payment', entry: 'tasks/payment/refund-payment.ts', tables: io(['Payments'], ['Payments']), actions: providerKey },
  Restock: { service: 'warehouse', entry: 'tasks/warehouse/restock.ts', tables: io(['Inventory'], ['Inventory']) },
  WriteLedger: { service: 'finance', entry: 'tasks/finance/write-ledger.ts', tables: io(['Payments', 'Refunds'], ['Refunds']) },
  // Refund
  CheckRefund: { service: 'finance', entry: 'tasks/finance/check-refund.ts', tables: io(['Orders', 'Payments', 'Refunds'], ['Refunds']) },
  RequestApproval: { service: 'finance', entry: 'tasks/finance/request-approval.ts', tables: io(['Refunds'], ['Refunds']) },
  RecordDecision: { service: 'finance', entry: 'tasks/finance/record-decision.ts', tables: io(['Refunds'], ['Refunds']) },
  UpdateOrder: {
    service: 'orders', entry: 'tasks/orders/update-order.ts', tables: io(['Orders', 'Payments'], ['Orders']), actions: publishes,
  },
  FinishRefund: { service: 'finance', entry: 'tasks/finance/finish-refund.ts', tables: io(['Refunds'], ['Refunds']) },
  // Regions (issue 16): the evacuation runbook's adoption, the hand-back of the adopted stock, and the reservation sweeper (scheduled).
  AdoptRegion: {
    service: 'platform', entry: 'tasks/regions/adopt-region.ts',
    tables: io(['Orders', 'Inventory', 'Payments', 'Refunds'], ['Orders', 'Inventory', 'Payments']), timeoutSeconds: 300,
  },
  // The mirror of AdoptRegion's stock phase, run by the adopter once the lost region returns (the HandBack runbook).
  HandBackStock: {
    service: 'platform', entry: 'tasks/regions/hand-back-stock.ts', tables: io(['Inventory', 'Orders'], ['Inventory']), timeoutSeconds: 300,
  },
  SweepReservations: { service: 'warehouse', entry: 'tasks/warehouse/sweep-reservations.ts', tables: io(['Inventory', 'Orders'], ['Inventory']), timeoutSeconds: 120 },
  // Payments (issue 15): scheduled hourly, compares the provider with the books (infra/lib/payment-reconciliation.ts).
  ReconcilePayments: {
    service: 'payment', entry: 'tasks/payment/reconcile-payments.ts', tables: io(['Payments', 'Orders', 'Refunds'], ['Payments']), actions: providerKey, timeoutSeconds: 300,
  },
  // Outside the sagas: for status changes made by resolvers (a Lambda data source).
  PublishStatus: { service: 'orders', entry: 'tasks/orders/publish-status.ts', tables: io(['Orders'], []), actions: publishes },
};

/** The ASL placeholder of a task: `${ValidateOrderFunctionArn}` for `ValidateOrder`. */
export function functionArnPlaceholder(taskName: string): string {
  return `${taskName}FunctionArn`;
}
