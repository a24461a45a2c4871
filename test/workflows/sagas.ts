// Drives the sagas on the matrix's engine: an order placed through Checkout and its Fulfilment run
// to the end; a refund requested as requestRefund does (the REQUESTED record, then StartExecution
// named refund-<id>); and the compensated ends the README prescribes, asserted over the tables.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { tables } from '../../infra/tables.ts';
import { cigar } from '../unit/helpers/fixtures.ts';
import type { WorkflowEngine } from './harness.ts';

export interface FulfilmentRun { orderId: string; arn: string; status: string; error?: string; output?: { outcome?: string; error?: { Error: string } } }
export interface RefundRun { orderId: string; refundId: string; arn: string; status: string; error?: string }

export const refundAmount = { amount: 1_250, currency: 'USD' };

export function sagas(sf: WorkflowEngine) {
  let seq = 0;

  /** Places an order (Checkout starts its Fulfilment) and waits for the Fulfilment to stop. */
  async function fulfil(label: string): Promise<FulfilmentRun> {
    const placed = await sf.checkout(`f-${label}-${++seq}`);
    expect(placed.status).toBe('SUCCEEDED');
    const { orderId } = JSON.parse(placed.output!) as { orderId: string };
    const arn = sf.executionArn('Fulfilment', `order-${orderId}`);
    const done = await sf.waitFor(arn);
    return { orderId, arn, status: done.status, error: done.error, output: done.output === undefined ? undefined : JSON.parse(done.output) };
  }

  /** A compensated Fulfilment: succeeded as COMPENSATED, the order FAILED, nothing kept. */
  async function expectCompensated(run: FulfilmentRun, error: string) {
    expect(run).toMatchObject({ status: 'SUCCEEDED', output: { outcome: 'COMPENSATED', error: { Error: error } } });
    const r = await sf.records(run.orderId);
    expect(r.order!.status).toBe('FAILED');
    expect(r.reservation!.status).not.toBe('RESERVED');
    const captured = r.capture?.amount.amount ?? 0;
    if (captured === 0) expect(r.authorisation!.status).toBe('VOIDED');
    else expect(r.refunds.filter((x) => x.status === 'REFUNDED').reduce((s, x) => s + x.amount.amount, 0)).toBe(captured);
    await sf.assertInvariants();
  }

  /**
   * A delivered order, then requestRefund's writes (the REQUESTED refund) and its StartExecution;
   * `extra` adds fields to the execution input (what a caller allowed to start Refund could send).
   */
  async function refund(label: string, extra: Record<string, unknown> = {}): Promise<RefundRun> {
    const delivered = await fulfil(`for-${label}`);
    expect(delivered.status).toBe('SUCCEEDED');
    const { orderId } = delivered;
    const refundId = `rf-${label}-${seq}`;
    const at = new Date().toISOString();
    const request = { refundId, orderId, amount: refundAmount, reason: 'damaged', requestedBy: 'user-1', items: [{ productId: cigar.id, quantity: 1 }] };
    await sf.doc.send(new PutCommand({
      TableName: tables.Refunds.tableName,
      Item: { pk: `REFUND#${refundId}`, sk: 'REFUND', recordType: 'REFUND', id: refundId, orderId, amount: refundAmount, reason: request.reason, status: 'REQUESTED', requestedBy: request.requestedBy, items: request.items, steps: [], createdAt: at, updatedAt: at },
    }));
    const { executionArn } = await sf.engine.actions.startExecution({ stateMachineArn: sf.machineArn('Refund'), name: `refund-${refundId}`, input: JSON.stringify({ ...request, ...extra }) });
    const done = await sf.waitFor(executionArn);
    return { orderId, refundId, arn: executionArn, status: done.status, error: done.error };
  }

  const refundStatus = async (refundId: string) => (await sf.doc.send(new GetCommand({
    TableName: tables.Refunds.tableName, Key: { pk: `REFUND#${refundId}`, sk: 'REFUND' }, ConsistentRead: true,
  }))).Item?.status as string | undefined;

  /** A refund that ended without moving anything: FAILED, no money or stock moved, the order as it was. */
  async function expectNothingMoved(run: RefundRun) {
    expect(run.status).toBe('SUCCEEDED');
    expect(await refundStatus(run.refundId)).toBe('FAILED');
    const r = await sf.records(run.orderId);
    expect(r.refunds.filter((x) => x.status === 'REFUNDED')).toEqual([]);
    expect(r.capture!.refundable).toBe(r.capture!.amount.amount);
    expect(r.returns).toEqual([]);
    expect(r.order!.status).toBe('DELIVERED');
    await sf.assertInvariants();
  }

  return { fulfil, expectCompensated, refund, refundStatus, expectNothingMoved };
}
