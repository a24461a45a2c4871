// The resolver map: which data source, resolver and pipeline functions serve each field.
// Read by CDK (infra/) to create the AppSync resources and by the local AppSync runtime (local/appsync/).
import type { TableId } from '../infra/tables.ts';

export type DataSourceDefinition =
  | { readonly name: string; readonly type: 'AMAZON_DYNAMODB'; readonly table: TableId }
  /**
   * HTTP data source signed for Step Functions (`states`). `sync` selects the `sync-states` endpoint
   * that serves StartSyncExecution on AWS; the local runtime serves both on one port.
   */
  | { readonly name: string; readonly type: 'HTTP'; readonly service: 'states'; readonly sync?: boolean }
  | { readonly name: string; readonly type: 'AWS_LAMBDA'; readonly task: string }
  | { readonly name: string; readonly type: 'NONE' };

export interface FunctionDefinition {
  readonly name: string;
  readonly dataSource: string;
  /** Repo-relative path of the APPSYNC_JS file (exports request and response). */
  readonly code: string;
}

export type ResolverDefinition =
  | { readonly typeName: string; readonly fieldName: string; readonly kind: 'UNIT'; readonly dataSource: string; readonly code: string }
  | { readonly typeName: string; readonly fieldName: string; readonly kind: 'PIPELINE'; readonly functions: readonly string[]; readonly code: string };

export interface ResolverMap {
  readonly schema: string;
  /** Names of the API's environment variables (`ctx.env`); values are set per region by CDK and by the local runtime. */
  readonly environment: readonly string[];
  readonly dataSources: readonly DataSourceDefinition[];
  readonly functions: readonly FunctionDefinition[];
  readonly resolvers: readonly ResolverDefinition[];
}

const PIPELINE = 'schema/resolvers/pipeline.js';

function unit(typeName: string, fieldName: string, dataSource: string): ResolverDefinition {
  return { typeName, fieldName, kind: 'UNIT', dataSource, code: `schema/resolvers/${typeName}.${fieldName}.js` };
}

function pipeline(typeName: string, fieldName: string, functions: readonly string[], code = `schema/resolvers/${typeName}.${fieldName}.js`): ResolverDefinition {
  return { typeName, fieldName, kind: 'PIPELINE', functions, code };
}

function fn(name: string, dataSource: string): FunctionDefinition {
  return { name, dataSource, code: `schema/functions/${name}.js` };
}

export const resolverMap: ResolverMap = {
  schema: 'schema/schema.graphql',
  environment: ['HOME_REGION', 'INVENTORY_TABLE', 'REFUNDS_TABLE', 'CHECKOUT_STATE_MACHINE_ARN', 'FULFILMENT_STATE_MACHINE_ARN', 'REFUND_STATE_MACHINE_ARN'],
  dataSources: [
    { name: 'ProductsTable', type: 'AMAZON_DYNAMODB', table: 'Products' },
    { name: 'InventoryTable', type: 'AMAZON_DYNAMODB', table: 'Inventory' },
    { name: 'OrdersTable', type: 'AMAZON_DYNAMODB', table: 'Orders' },
    { name: 'RefundsTable', type: 'AMAZON_DYNAMODB', table: 'Refunds' },
    { name: 'PaymentsTable', type: 'AMAZON_DYNAMODB', table: 'Payments' },
    { name: 'ShipmentsTable', type: 'AMAZON_DYNAMODB', table: 'Shipments' },
    { name: 'PublishStatusFunction', type: 'AWS_LAMBDA', task: 'PublishStatus' },
    { name: 'StepFunctions', type: 'HTTP', service: 'states' },
    { name: 'StepFunctionsSync', type: 'HTTP', service: 'states', sync: true },
    { name: 'None', type: 'NONE' },
  ],
  functions: [
    fn('loadReadableOrder', 'OrdersTable'),
    fn('loadProduct', 'ProductsTable'),
    fn('checkProductVersion', 'ProductsTable'),
    fn('putProduct', 'ProductsTable'),
    fn('adjustStock', 'InventoryTable'),
    fn('startCheckout', 'StepFunctionsSync'),
    fn('loadPlacedOrder', 'OrdersTable'),
    fn('markOrderCancelled', 'OrdersTable'),
    fn('loadPackingRequest', 'InventoryTable'),
    fn('sendTaskOutcome', 'StepFunctions'),
    fn('publishOrderStatus', 'PublishStatusFunction'),
    fn('loadOrderAgain', 'OrdersTable'),
    fn('loadShipment', 'ShipmentsTable'),
    fn('appendTransitNote', 'OrdersTable'),
    fn('loadRefundForDecision', 'RefundsTable'),
    fn('loadRefundAgain', 'RefundsTable'),
    fn('findRefundKey', 'RefundsTable'),
    fn('checkRefundable', 'PaymentsTable'),
    fn('claimRefund', 'RefundsTable'),
    fn('loadRefundById', 'RefundsTable'),
    fn('startRefund', 'StepFunctions'),
    fn('describeExecution', 'StepFunctions'),
    fn('redriveExecution', 'StepFunctions'),
    fn('loadExecutionRefund', 'RefundsTable'),
    fn('requireOrderHome', 'OrdersTable'),
    fn('assignOrderNumber', 'OrdersTable'),
    fn('recordOrderNumber', 'OrdersTable'),
    fn('findOrderNumber', 'OrdersTable'),
  ],
  resolvers: [
    unit('Query', 'products', 'ProductsTable'),
    unit('Query', 'product', 'ProductsTable'),
    unit('Product', 'stock', 'InventoryTable'),
    unit('Product', 'stockByRegion', 'InventoryTable'),
    pipeline('Query', 'order', ['loadReadableOrder'], PIPELINE),
    ...['myOrders', 'ordersByUser', 'ordersByStatus', 'packingQueue', 'deliveryQueue'].map((fieldName): ResolverDefinition => (
      { typeName: 'Query', fieldName, kind: 'UNIT', dataSource: 'OrdersTable', code: 'schema/resolvers/orderListing.js' })),
    unit('Query', 'failedExecutions', 'StepFunctions'),
    unit('Query', 'executionHistory', 'StepFunctions'),
    pipeline('Query', 'orderExecutions', ['describeExecution']),
    pipeline('ExecutionSummary', 'failure', ['describeExecution']),
    pipeline('Refund', 'execution', ['describeExecution']),
    pipeline('Mutation', 'redriveExecution', ['loadExecutionRefund', 'requireOrderHome', 'redriveExecution', 'describeExecution']),
    unit('Query', 'refunds', 'RefundsTable'),
    unit('Order', 'refunds', 'RefundsTable'),
    pipeline('Mutation', 'placeOrder', ['startCheckout', 'loadPlacedOrder', 'assignOrderNumber', 'recordOrderNumber']),
    pipeline('Query', 'orderByNumber', ['findOrderNumber'], PIPELINE),
    unit('Query', 'searchOrders', 'OrdersTable'),
    unit('Order', 'payment', 'PaymentsTable'),
    unit('Order', 'shipment', 'ShipmentsTable'),
    unit('Refund', 'order', 'OrdersTable'),
    pipeline('Mutation', 'cancelOrder', ['loadReadableOrder', 'markOrderCancelled', 'loadPackingRequest', 'sendTaskOutcome', 'publishOrderStatus']),
    pipeline('Mutation', 'confirmPacked', ['loadReadableOrder', 'loadPackingRequest', 'sendTaskOutcome', 'loadOrderAgain']),
    pipeline('Mutation', 'reportPackingFailed', ['loadReadableOrder', 'loadPackingRequest', 'sendTaskOutcome', 'loadOrderAgain']),
    pipeline('Mutation', 'updateDelivery', ['loadReadableOrder', 'loadShipment', 'appendTransitNote', 'sendTaskOutcome', 'publishOrderStatus', 'loadOrderAgain']),
    pipeline('Mutation', 'requestRefund', ['loadReadableOrder', 'findRefundKey', 'checkRefundable', 'claimRefund', 'loadRefundById', 'startRefund']),
    pipeline('Mutation', 'decideRefund', ['loadRefundById', 'requireOrderHome', 'loadRefundForDecision', 'sendTaskOutcome', 'loadRefundAgain']),
    unit('Query', 'ledger', 'RefundsTable'),
    pipeline('Mutation', 'saveProduct', ['checkProductVersion', 'putProduct']),
    pipeline('Mutation', 'restock', ['loadProduct', 'adjustStock']),
    unit('Mutation', 'publishOrderUpdate', 'OrdersTable'),
    unit('Subscription', 'onOrderUpdated', 'None'),
  ],
};
