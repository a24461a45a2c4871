// Sample catalogue, cart and order shared by the task unit tests.
import type { Order } from '../../../tasks/lib/types.ts';

export const cigar = { id: 'p-cigar', name: 'Robusto', price: { amount: 1_250, currency: 'USD' }, onSale: true };
export const pipe = { id: 'p-pipe', name: 'Briar pipe', price: { amount: 8_000, currency: 'USD' }, onSale: true };

export const usAddress = { name: 'Ada Adult', line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' };

export function checkoutInput(overrides: Record<string, unknown> = {}) {
  return {
    idempotencyKey: 'key-1',
    userId: 'user-1',
    birthdate: '1990-05-01',
    items: [{ productId: cigar.id, quantity: 2, unitPrice: { amount: 1_250, currency: 'USD' } }],
    deliveryAddress: usAddress,
    paymentToken: 'tok_visa',
    expectedTotal: null,
    ...overrides,
  };
}

export function storedOrder(overrides: Partial<Order> = {}): Order {
  const at = '2026-11-25T10:00:00.000Z';
  return {
    id: 'order-1', userId: 'user-1', status: 'PLACED',
    items: [{ productId: cigar.id, name: cigar.name, quantity: 2, unitPrice: cigar.price }],
    itemsTotal: { amount: 2_500, currency: 'USD' }, deliveryPrice: { amount: 599, currency: 'USD' },
    total: { amount: 3_099, currency: 'USD' }, deliveryAddress: usAddress, homeRegion: 'us-east-1',
    idempotencyKey: 'key-1', authorisationId: 'auth_1', history: [{ status: 'PLACED', at }], createdAt: at, updatedAt: at,
    ...overrides,
  };
}
