// What the payment provider itself holds after the drill, read through Stripe's API (the local
// Stripe every region shares, as they share Stripe on AWS): holds (requires_capture) whose order no
// region stored, orders charged twice, and refunds beyond what was captured.
interface PaymentIntent { id: string; status: string; amount: number; amount_received?: number; metadata?: { orderId?: string } }
interface Refund { id: string; status: string; amount: number; payment_intent: string }

async function listAll<T extends { id: string }>(endpoint: string, secretKey: string, resource: string): Promise<T[]> {
  const items: T[] = [];
  let after: string | undefined;
  for (;;) {
    const url = new URL(`/v1/${resource}`, endpoint);
    url.searchParams.set('limit', '100');
    if (after) url.searchParams.set('starting_after', after);
    const response = await fetch(url, { headers: { authorization: `Bearer ${secretKey}` } });
    if (!response.ok) throw new Error(`GET /v1/${resource}: HTTP ${response.status} ${await response.text()}`);
    const page = await response.json() as { data: T[]; has_more: boolean };
    items.push(...page.data);
    if (!page.has_more || page.data.length === 0) return items;
    after = page.data.at(-1)!.id;
  }
}

export interface ProviderAudit {
  /** Uncaptured holds whose order was never stored (the reconciliation voids them once past the checkout budget). */
  readonly holdsWithoutOrder: number;
  /** Orders with more than one captured PaymentIntent. */
  readonly ordersChargedTwice: number;
  /** PaymentIntents refunded beyond what they captured. */
  readonly overRefunded: number;
}

export async function auditProvider(endpoint: string, secretKey: string, storedOrders: ReadonlySet<string>): Promise<ProviderAudit> {
  const intents = await listAll<PaymentIntent>(endpoint, secretKey, 'payment_intents');
  const refunds = await listAll<Refund>(endpoint, secretKey, 'refunds');
  const captured = new Map<string, number>();
  for (const pi of intents) {
    const orderId = pi.metadata?.orderId;
    if (orderId && pi.status === 'succeeded') captured.set(orderId, (captured.get(orderId) ?? 0) + 1);
  }
  const refundedBy = new Map<string, number>();
  for (const r of refunds) if (r.status === 'succeeded' || r.status === 'pending') refundedBy.set(r.payment_intent, (refundedBy.get(r.payment_intent) ?? 0) + r.amount);
  return {
    holdsWithoutOrder: intents.filter((pi) => pi.status === 'requires_capture' && !storedOrders.has(pi.metadata?.orderId ?? '')).length,
    ordersChargedTwice: [...captured.values()].filter((n) => n > 1).length,
    overRefunded: intents.filter((pi) => (refundedBy.get(pi.id) ?? 0) > (pi.amount_received ?? 0)).length,
  };
}
