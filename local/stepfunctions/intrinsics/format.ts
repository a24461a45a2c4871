// States.Format: fill each {} with the next argument (strings, numbers, booleans, null).
import { requireThat, type IntrinsicFunction } from './constraints.ts';

export const format: IntrinsicFunction = {
  name: 'States.Format',
  signature: { min: 1, max: Infinity, types: ['string', 'scalar'] },
  call([template, ...values]) {
    const parts = (template as string).split('{}');
    requireThat(parts.length - 1 === values.length, 'States.Format', `the template has ${parts.length - 1} placeholders but ${values.length} arguments were given`);
    return parts.reduce((out, part, i) => out + part + (i < values.length ? String(values[i]) : ''), '');
  },
};
