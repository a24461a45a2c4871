// One replicated change as it travels between replicas: the item's new image (absent for a delete,
// TTL expiries included) and the clock of the write in its origin region.
import type { AttributeMap } from '../errors.ts';
import type { WriteClock } from './item-clocks.ts';

export interface ReplicatedChange {
  readonly table: string;
  readonly keys: AttributeMap;
  readonly newImage?: AttributeMap;
  readonly clock: WriteClock;
}
