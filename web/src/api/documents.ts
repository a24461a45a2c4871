// The GraphQL operations the pages send, written against schema/schema.graphql.
const money = 'amount currency';
const productFields = `id name brand category description price { ${money} } imageUrl stock onSale attributes updatedAt`;
const refundFields = `id orderId amount { ${money} } reason status requestedBy decidedBy decisionNote
  items { productId quantity } steps { name status at detail } createdAt updatedAt`;
const orderFields = `id userId status items { productId name quantity unitPrice { ${money} } } total { ${money} }
  deliveryAddress { name line1 line2 city postalCode region country } deliveryPrice { ${money} } trackingNumber
  history { status at note } refunds { ${refundFields} } orderNumber customerEmail
  shipment { carrier trackingNumber awaitingDelivery } createdAt updatedAt`;
// Staff (support, finance) also read what the provider authorised, captured and refunded.
const staffOrderFields = `${orderFields} payment { authorised { ${money} } captured { ${money} } refunded { ${money} } refundable { ${money} } }`;
const executionFields = `executionArn stateMachineArn name status startDate stopDate redriveCount redriveStatus
  failure { error cause }`;

export const listProducts = `query Products($category: String, $limit: Int, $nextToken: String) {
  products(category: $category, limit: $limit, nextToken: $nextToken) { items { ${productFields} } nextToken } }`;
// Catalogue and warehouse staff: every region's stock (signed in, not with the API key).
export const stockByRegion = `query StockByRegion($limit: Int, $nextToken: String) {
  products(limit: $limit, nextToken: $nextToken) { items { id stockByRegion { region available reserved } } nextToken } }`;
export const getProduct = `query Product($id: ID!) { product(id: $id) { ${productFields} } }`;

export const placeOrder = `mutation PlaceOrder($input: PlaceOrderInput!) { placeOrder(input: $input) { ${orderFields} } }`;
export const myOrders = `query MyOrders($limit: Int, $nextToken: String) {
  myOrders(limit: $limit, nextToken: $nextToken) { items { ${orderFields} } nextToken } }`;
export const getOrder = `query Order($id: ID!) { order(id: $id) { ${orderFields} } }`;
export const cancelOrder = `mutation CancelOrder($id: ID!) { cancelOrder(id: $id) { ${orderFields} } }`;
export const requestRefund = `mutation RequestRefund($input: RefundRequestInput!) { requestRefund(input: $input) { ${refundFields} } }`;
// As on AppSync, a subscriber only receives the fields the publishing mutation selected; the page
// asks for the status and reads the rest with the order query.
export const onOrderUpdated = `subscription OnOrderUpdated($id: ID) { onOrderUpdated(id: $id) { id status } }`;

export const getStaffOrder = `query StaffOrder($id: ID!) { order(id: $id) { ${staffOrderFields} } }`;
export const orderByNumber = `query OrderByNumber($number: String!) { orderByNumber(number: $number) { ${orderFields} } }`;
export const searchOrders = `query SearchOrders($filter: OrderSearchInput!, $limit: Int, $nextToken: String) {
  searchOrders(filter: $filter, limit: $limit, nextToken: $nextToken) { items { ${orderFields} } nextToken } }`;
export const deliveryQueue = `query DeliveryQueue($limit: Int, $nextToken: String) {
  deliveryQueue(limit: $limit, nextToken: $nextToken) { items { ${orderFields} } nextToken } }`;
export const updateDelivery = `mutation UpdateDelivery($orderId: ID!, $status: DeliveryUpdate!, $note: String) {
  updateDelivery(orderId: $orderId, status: $status, note: $note) { ${orderFields} } }`;

export const ordersByStatus = `query OrdersByStatus($status: OrderStatus!, $limit: Int, $nextToken: String) {
  ordersByStatus(status: $status, limit: $limit, nextToken: $nextToken) { items { ${orderFields} } nextToken } }`;
export const ordersByUser = `query OrdersByUser($userId: ID!, $limit: Int, $nextToken: String) {
  ordersByUser(userId: $userId, limit: $limit, nextToken: $nextToken) { items { ${orderFields} } nextToken } }`;
export const orderExecutions = `query OrderExecutions($orderId: ID!) { orderExecutions(orderId: $orderId) { ${executionFields} } }`;
export const failedExecutions = `query FailedExecutions($stateMachine: StateMachineName!, $limit: Int, $nextToken: String) {
  failedExecutions(stateMachine: $stateMachine, limit: $limit, nextToken: $nextToken) { items { ${executionFields} } nextToken } }`;
export const executionHistory = `query ExecutionHistory($executionArn: ID!, $nextToken: String) {
  executionHistory(executionArn: $executionArn, nextToken: $nextToken) {
    executionArn events { id type timestamp previousEventId detail } nextToken } }`;
export const redriveExecution = `mutation Redrive($executionArn: ID!) { redriveExecution(executionArn: $executionArn) { ${executionFields} } }`;

export const refunds = `query Refunds($status: RefundStatus, $limit: Int, $nextToken: String) {
  refunds(status: $status, limit: $limit, nextToken: $nextToken) { items { ${refundFields} requesterEmail requesterName
    order { ${staffOrderFields} } } nextToken } }`;
export const decideRefund = `mutation DecideRefund($id: ID!, $approve: Boolean!, $note: String) {
  decideRefund(id: $id, approve: $approve, note: $note) { ${refundFields} } }`;
export const ledger = `query Ledger($from: AWSDateTime!, $to: AWSDateTime!) {
  ledger(from: $from, to: $to) { id at orderId refundId account debit credit currency memo } }`;

export const packingQueue = `query PackingQueue($limit: Int, $nextToken: String) {
  packingQueue(limit: $limit, nextToken: $nextToken) { items { ${orderFields} } nextToken } }`;
export const confirmPacked = `mutation ConfirmPacked($orderId: ID!, $packages: Int!) {
  confirmPacked(orderId: $orderId, packages: $packages) { id status } }`;
export const reportPackingFailed = `mutation ReportPackingFailed($orderId: ID!, $reason: String!) {
  reportPackingFailed(orderId: $orderId, reason: $reason) { id status } }`;
export const restock = `mutation Restock($productId: ID!, $quantity: Int!, $note: String) {
  restock(productId: $productId, quantity: $quantity, note: $note) { ${productFields} } }`;

export const saveProduct = `mutation SaveProduct($input: ProductInput!) { saveProduct(input: $input) { ${productFields} } }`;
