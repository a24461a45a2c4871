// States.UUID: a version 4 UUID.
import { randomUUID } from 'node:crypto';
import type { IntrinsicFunction } from './constraints.ts';

export const uuid: IntrinsicFunction = {
  name: 'States.UUID',
  signature: { min: 0, max: 0, types: [] },
  call: () => randomUUID(),
};
