// States.StringToJson: parse a JSON string; an empty or blank string is null, as recorded on AWS
// in localstack's test_json_manipulation snapshot
// (https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#asl-intrsc-func-json-manipulate).
import { statesError } from '../errors.ts';
import type { Json } from '../types.ts';
import type { IntrinsicFunction } from './constraints.ts';

export const stringToJson: IntrinsicFunction = {
  name: 'States.StringToJson',
  signature: { min: 1, max: 1, types: ['string'] },
  call([text]) {
    const s = text as string;
    if (s.trim() === '') return null;
    try {
      return JSON.parse(s) as Json;
    } catch {
      throw statesError.intrinsic(`States.StringToJson: ${JSON.stringify(text)} is not valid JSON`);
    }
  },
};
