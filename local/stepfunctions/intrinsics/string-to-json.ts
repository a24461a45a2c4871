// States.StringToJson: parse a JSON string.
import { statesError } from '../errors.ts';
import type { Json } from '../types.ts';
import type { IntrinsicFunction } from './constraints.ts';

export const stringToJson: IntrinsicFunction = {
  name: 'States.StringToJson',
  signature: { min: 1, max: 1, types: ['string'] },
  call([text]) {
    try {
      return JSON.parse(text as string) as Json;
    } catch {
      throw statesError.intrinsic(`States.StringToJson: ${JSON.stringify(text)} is not valid JSON`);
    }
  },
};
