// States.Format: fill each {} with the next argument. Strings go in as they are; objects and arrays
// as Java prints them ({a=1, b=[]}), as recorded on AWS in localstack's test_generic snapshot
// (https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#asl-intrsc-func-generic).
import type { Json } from '../types.ts';
import { requireThat, type IntrinsicFunction } from './constraints.ts';

function javaText(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(javaText).join(', ')}]`;
  if (value !== null && typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${k}=${javaText(v)}`).join(', ')}}`;
  return String(value);
}

export const format: IntrinsicFunction = {
  name: 'States.Format',
  signature: { min: 1, max: Infinity, types: ['string', 'any'] },
  call([template, ...values]) {
    const parts = (template as string).split('{}');
    requireThat(parts.length - 1 === values.length, 'States.Format', `the template has ${parts.length - 1} placeholders but ${values.length} arguments were given`);
    return parts.reduce((out, part, i) => out + part + (i < values.length ? javaText(values[i]) : ''), '');
  },
};
