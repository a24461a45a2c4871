// GraphQL documents the API tests send, as a client app would.
import { gql } from 'graphql-request';

export const ORDER_FIELDS = `id userId status total { amount currency } deliveryPrice { amount currency } trackingNumber
  items { productId name quantity unitPrice { amount currency } } history { status at note }
  refunds { id status amount { amount } } createdAt updatedAt`;

export const REFUND_FIELDS = 'id orderId status amount { amount currency } requestedBy decidedBy decisionNote steps { name status at }';

export const PRODUCTS = gql`query Products($category: String, $limit: Int, $nextToken: String) {
  products(category: $category, limit: $limit, nextToken: $nextToken) { items { id name brand category price { amount currency } stock onSale updatedAt } nextToken } }`;
export const PRODUCT = gql`query Product($id: ID!) { product(id: $id) { id name price { amount currency } stock onSale updatedAt } }`;
export const PLACE_ORDER = gql`mutation Place($input: PlaceOrderInput!) { placeOrder(input: $input) { ${ORDER_FIELDS} } }`;
export const ORDER = gql`query Order($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`;
export const MY_ORDERS = gql`query Mine($limit: Int, $nextToken: String) { myOrders(limit: $limit, nextToken: $nextToken) { items { id status createdAt } nextToken } }`;
export const CANCEL_ORDER = gql`mutation Cancel($id: ID!) { cancelOrder(id: $id) { ${ORDER_FIELDS} } }`;
export const CONFIRM_PACKED = gql`mutation Packed($orderId: ID!, $packages: Int!) { confirmPacked(orderId: $orderId, packages: $packages) { id status } }`;
export const PACKING_FAILED = gql`mutation PackingFailed($orderId: ID!, $reason: String!) { reportPackingFailed(orderId: $orderId, reason: $reason) { id status } }`;
export const UPDATE_DELIVERY = gql`mutation Delivery($orderId: ID!, $status: DeliveryUpdate!, $note: String) {
  updateDelivery(orderId: $orderId, status: $status, note: $note) { id status history { status note } } }`;
export const REQUEST_REFUND = gql`mutation Refund($input: RefundRequestInput!) { requestRefund(input: $input) { ${REFUND_FIELDS} } }`;
export const DECIDE_REFUND = gql`mutation Decide($id: ID!, $approve: Boolean!, $note: String) { decideRefund(id: $id, approve: $approve, note: $note) { ${REFUND_FIELDS} } }`;
export const REFUNDS = gql`query Refunds($status: RefundStatus) { refunds(status: $status) { items { ${REFUND_FIELDS} } nextToken } }`;
export const LEDGER = gql`query Ledger($from: AWSDateTime!, $to: AWSDateTime!) { ledger(from: $from, to: $to) { id at orderId refundId account debit credit currency } }`;
export const SAVE_PRODUCT = gql`mutation Save($input: ProductInput!) { saveProduct(input: $input) { id name price { amount currency } stock onSale updatedAt } }`;
export const RESTOCK = gql`mutation Restock($productId: ID!, $quantity: Int!, $note: String) { restock(productId: $productId, quantity: $quantity, note: $note) { id stock } }`;
export const FAILED_EXECUTIONS = gql`query Failed($stateMachine: StateMachineName!) {
  failedExecutions(stateMachine: $stateMachine) { items { executionArn name status redriveCount failure { error cause } } nextToken } }`;
export const REDRIVE = gql`mutation Redrive($arn: ID!) { redriveExecution(executionArn: $arn) { executionArn status redriveCount } }`;
export const EXECUTION_HISTORY = gql`query History($arn: ID!) { executionHistory(executionArn: $arn) { events { id type timestamp detail } nextToken } }`;

export const usAddress = { name: 'Sam Smoker', line1: '1 Main Street', city: 'Austin', postalCode: '78701', country: 'US' };
