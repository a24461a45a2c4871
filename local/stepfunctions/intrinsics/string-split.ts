// States.StringSplit: split on any of the delimiter characters, leaving out empty pieces (so
// ',,,,' gives [] and ', , ,' gives [' ', ' ']), as recorded on AWS in localstack's
// test_string_operations snapshot
// (https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#asl-intrsc-func-string-operation).
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
    return pieces.filter((piece) => piece !== '');
  },
};
