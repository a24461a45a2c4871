// Fail: stops the branch with Error and Cause (or ErrorPath/CausePath, or JSONata)
// (https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html).
import { StatesError } from '../errors.ts';
import { evaluateJsonata } from '../data/jsonata.ts';
import { evaluateDynamic } from '../data/payload-template.ts';
import type { Json } from '../types.ts';
import { jsonataScope, pathScope } from './io.ts';
import type { StateHandler, StateRun } from './state-run.ts';

async function field(run: StateRun, name: 'Error' | 'Cause'): Promise<string | undefined> {
  const s = run.state;
  let value: Json | undefined;
  if (run.language === 'JSONata') {
    value = s[name] === undefined ? undefined : await evaluateJsonata(s[name], jsonataScope(run), name);
  } else if (typeof s[`${name}Path`] === 'string') {
    value = evaluateDynamic(s[`${name}Path`] as string, pathScope(run, run.input), `${name}Path`);
  } else {
    value = s[name] as Json | undefined;
  }
  return value === undefined || value === null ? undefined : typeof value === 'string' ? value : JSON.stringify(value);
}

export const fail: StateHandler = async (run) => {
  const error = await field(run, 'Error');
  const cause = await field(run, 'Cause');
  throw new StatesError(error ?? '', cause ?? '');
};
