// The drill's GraphQL calls, as the web app makes them on AWS without a domain: straight to a
// region's API, that region chosen by the app's own failover (web/src/region-failover.ts), and an
// operation on an order's saga sent on to the order's home region when a region answers WrongRegion.

export class GraphQLCallError extends Error {
  override readonly name = 'GraphQLCallError';
  readonly type: string;
  readonly info?: unknown;
  readonly status?: number;

  constructor(type: string, message: string, options: { info?: unknown; status?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.type = type;
    this.info = options.info;
    this.status = options.status;
  }
}

export interface Caller {
  readonly url: string;
  readonly token: string;
}

/** One call to one region's API; a network failure or 5xx is a region failure (isRegionFailure). */
export async function callGraphQL<T>(caller: Caller, query: string, variables: Record<string, unknown>, timeoutMs = 15_000): Promise<T> {
  let response: Response;
  try {
    response = await fetch(caller.url, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: caller.token },
      body: JSON.stringify({ query, variables }), signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    // Refused: the region never saw the request. Anything else (a timeout, a reset) leaves it
    // unknown whether the region acted on it; placeOrder may still go elsewhere with the same key
    // (the order's id and claim are the same in every region).
    const refused = ((error as Error).cause as { code?: string } | undefined)?.code === 'ECONNREFUSED';
    throw new GraphQLCallError(refused ? 'RegionUnavailable' : 'NetworkError', (error as Error).message, { cause: error });
  }
  if (response.status >= 500) throw new GraphQLCallError('NetworkError', `HTTP ${response.status}`, { status: response.status });
  const body = await response.json().catch(() => ({})) as { data?: T; errors?: { errorType?: string; message?: string; errorInfo?: unknown }[] };
  const first = body.errors?.[0];
  if (first) throw new GraphQLCallError(first.errorType ?? 'GraphQLError', first.message ?? 'failed', { info: first.errorInfo });
  if (!response.ok || body.data === undefined) throw new GraphQLCallError('HttpError', `HTTP ${response.status}`, { status: response.status });
  return body.data;
}

/** The region WrongRegion names (errorInfo.homeRegion), if the error is one. */
export function homeRegionOf(error: unknown): string | undefined {
  if (!(error instanceof GraphQLCallError) || error.type !== 'WrongRegion') return undefined;
  const home = (error.info as { homeRegion?: unknown } | undefined)?.homeRegion;
  return typeof home === 'string' ? home : undefined;
}

export const documents = {
  products: 'query Products($limit: Int, $nextToken: String) { products(limit: $limit, nextToken: $nextToken) { items { id name price { amount currency } stock onSale } nextToken } }',
  placeOrder: 'mutation Place($input: PlaceOrderInput!) { placeOrder(input: $input) { id status homeRegion total { amount currency } } }',
  ordersByStatus: 'query ByStatus($status: OrderStatus!, $limit: Int, $nextToken: String) { ordersByStatus(status: $status, limit: $limit, nextToken: $nextToken) { items { id status homeRegion updatedAt total { amount currency } } nextToken } }',
  confirmPacked: 'mutation Packed($orderId: ID!, $packages: Int!) { confirmPacked(orderId: $orderId, packages: $packages) { id status } }',
  updateDelivery: 'mutation Delivery($orderId: ID!, $status: DeliveryUpdate!) { updateDelivery(orderId: $orderId, status: $status) { id status } }',
  cancelOrder: 'mutation Cancel($id: ID!) { cancelOrder(id: $id) { id status } }',
  requestRefund: 'mutation Refund($input: RefundRequestInput!) { requestRefund(input: $input) { id status } }',
  refunds: 'query Refunds($status: RefundStatus) { refunds(status: $status) { items { id orderId status } nextToken } }',
  decideRefund: 'mutation Decide($id: ID!, $approve: Boolean!, $note: String) { decideRefund(id: $id, approve: $approve, note: $note) { id status } }',
} as const;
