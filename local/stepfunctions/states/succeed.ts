// Succeed: ends the branch with its (filtered) input
// (https://docs.aws.amazon.com/step-functions/latest/dg/state-succeed.html).
import { evaluateJsonata } from '../data/jsonata.ts';
import { filterPath } from '../data/json-path.ts';
import { jsonataScope, pathScope } from './io.ts';
import type { StateHandler } from './state-run.ts';

export const succeed: StateHandler = async (run) => {
  if (run.language === 'JSONata') {
    const output = run.state.Output === undefined ? run.input : await evaluateJsonata(run.state.Output, jsonataScope(run), 'Output');
    return { output, variables: run.variables };
  }
  const input = filterPath(run.state.InputPath as string | undefined, run.input, pathScope(run, run.input), 'InputPath');
  const output = filterPath(run.state.OutputPath as string | undefined, input, pathScope(run, input), 'OutputPath');
  return { output, variables: run.variables };
};
