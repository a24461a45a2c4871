// States.StringSplit: split on any of the delimiter characters, dropping empty pieces.
import type { IntrinsicFunction } from './constraints.ts';

export const stringSplit: IntrinsicFunction = {
  name: 'States.StringSplit',
  signature: { min: 2, max: 2, types: ['string', 'string'] },
  call([text, delimiters]) {
    const chars = [...(delimiters as string)];
    const pieces: string[] = [];
    let current = '';
    for (const ch of text as string) {
      if (chars.includes(ch)) { if (current) pieces.push(current); current = ''; }
      else current += ch;
    }
    if (current) pieces.push(current);
    return pieces;
  },
};
