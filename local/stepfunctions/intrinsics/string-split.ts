// States.StringSplit: split on any of the delimiter characters; empty pieces between two
// delimiters are kept (as aws-local-stepfunctions, the differential oracle, does).
import type { IntrinsicFunction } from './constraints.ts';

export const stringSplit: IntrinsicFunction = {
  name: 'States.StringSplit',
  signature: { min: 2, max: 2, types: ['string', 'string'] },
  call([text, delimiters]) {
    const chars = new Set(delimiters as string);
    const pieces: string[] = [''];
    for (const ch of text as string) {
      if (chars.has(ch)) pieces.push('');
      else pieces[pieces.length - 1] += ch;
    }
    return pieces;
  },
};
