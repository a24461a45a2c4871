// The local event bus's public surface, for local/platform.ts and the Step Functions engine.
export { startEventBus } from './server.ts';
export type { EventBusOptions, LocalEventBus } from './server.ts';
export { EventBus } from './bus.ts';
export type { DeliveryFailure, EventTarget, PutEventsInput, PutEventsResult, RetryPolicy } from './bus.ts';
export type { BusEvent, PutEventsEntry } from './event-entry.ts';
export { compilePattern } from './pattern.ts';
export type { EventPattern } from './pattern.ts';
export { ServiceError } from '../aws/service-error.ts';
