// States.Base64Encode: at most 10,000 characters of input.
import { requireThat, type IntrinsicFunction } from './constraints.ts';

export const base64Encode: IntrinsicFunction = {
  name: 'States.Base64Encode',
  signature: { min: 1, max: 1, types: ['string'] },
  call([text]) {
    requireThat((text as string).length <= 10000, 'States.Base64Encode', 'the input exceeds 10000 characters');
    return Buffer.from(text as string, 'utf8').toString('base64');
  },
};
