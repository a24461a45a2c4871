// The Shipments table's item, one per order (pk orderId).
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../infra/tables.ts';
import { documentClient } from '../lib/clients.ts';

export type ShipmentStatus = 'BOOKED' | 'IN_TRANSIT' | 'DELIVERED' | 'FAILED' | 'CANCELLED';

export interface Shipment {
  readonly orderId: string;
  readonly shipmentId: string;
  readonly trackingNumber: string;
  readonly carrier: string;
  readonly parcels: number;
  readonly status: ShipmentStatus;
  readonly bookedAt: string;
  /** The AwaitDelivery step's token, for the delivery staff's updateDelivery. */
  readonly taskToken?: string;
}

export async function loadShipment(orderId: string): Promise<Shipment | undefined> {
  const { Item } = await documentClient().send(new GetCommand({
    TableName: tableName('Shipments'), Key: { orderId }, ConsistentRead: true,
  }));
  return Item as Shipment | undefined;
}
