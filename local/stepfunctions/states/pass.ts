// Pass: its Result (or its effective input) becomes the result
// (https://docs.aws.amazon.com/step-functions/latest/dg/state-pass.html).
import type { Json } from '../types.ts';
import { effectiveInput, finish, nextOf } from './io.ts';
import type { StateHandler } from './state-run.ts';

export const pass: StateHandler = async (run) => {
  let result: Json;
  if (run.language === 'JSONata') result = run.input;
  else result = 'Result' in run.state ? (run.state.Result as Json) : await effectiveInput(run);
  const { output, variables } = await finish(run, result);
  return { output, variables, next: nextOf(run) };
};
