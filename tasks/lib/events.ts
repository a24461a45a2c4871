// Order status events on EventBridge (the local bus locally): source `bigsmokes.orders`,
// detail-type `OrderStatusChanged`. Rules route them to the API's publishOrderUpdate mutation.
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { eventBusName as platformEventBus, orderStatusEvent } from '../../infra/names.ts';
import { eventBridgeClient } from './clients.ts';
import { EventBusUnavailable } from './errors.ts';
import type { Order } from './types.ts';


export interface OrderStatusDetail {
  readonly orderId: string;
  readonly userId: string;
  readonly status: Order['status'];
  readonly at: string;
  readonly note?: string;
  readonly homeRegion: string;
}

function eventBusName(env: NodeJS.ProcessEnv = process.env): string {
  return env.EVENT_BUS_NAME ?? platformEventBus;
}

/** Publishes the order's current status; at least once, so consumers must tolerate a repeat. */
export async function publishOrderStatus(order: Order): Promise<OrderStatusDetail> {
  const last = order.history[order.history.length - 1];
  const detail: OrderStatusDetail = {
    orderId: order.id,
    userId: order.userId,
    status: order.status,
    at: last?.at ?? order.updatedAt,
    note: last?.note,
    homeRegion: order.homeRegion,
  };
  const result = await eventBridgeClient().send(new PutEventsCommand({
    Entries: [{
      EventBusName: eventBusName(),
      Source: orderStatusEvent.source,
      DetailType: orderStatusEvent.detailType,
      Detail: JSON.stringify(detail),
      Resources: [`order/${order.id}`],
    }],
  }));
  if ((result.FailedEntryCount ?? 0) > 0) {
    const entry = result.Entries?.find((e) => e.ErrorCode !== undefined);
    throw new EventBusUnavailable(`PutEvents rejected the status event: ${entry?.ErrorCode ?? 'unknown'} ${entry?.ErrorMessage ?? ''}`.trim());
  }
  return detail;
}
