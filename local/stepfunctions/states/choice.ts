// Choice: the first matching rule's Next, else Default, else States.NoChoiceMatched
// (https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html). JSONata rules use Condition.
import { statesError } from '../errors.ts';
import { evaluateJsonata } from '../data/jsonata.ts';
import { filterPath } from '../data/json-path.ts';
import type { Json } from '../types.ts';
import { evaluateRule } from './choice-rules.ts';
import { assign, jsonataScope, pathScope } from './io.ts';
import type { StateHandler, StateRun } from './state-run.ts';

type Rule = Record<string, unknown>;

async function matches(run: StateRun, rule: Rule, input: Json): Promise<boolean> {
  if (run.language === 'JSONata') {
    const result = await evaluateJsonata(rule.Condition, jsonataScope(run), 'Condition');
    if (typeof result !== 'boolean') throw statesError.query(`The Condition of a Choice rule must evaluate to a boolean, got ${JSON.stringify(result)}`);
    return result;
  }
  return evaluateRule(rule, pathScope(run, input));
}

export const choice: StateHandler = async (run) => {
  const s = run.state;
  const input = run.language === 'JSONata' ? run.input : filterPath(s.InputPath as string | undefined, run.input, pathScope(run, run.input), 'InputPath');
  let picked: { next: string; assign?: unknown; output?: unknown } | undefined;
  for (const rule of (s.Choices as Rule[]) ?? []) {
    if (await matches(run, rule, input)) {
      picked = { next: rule.Next as string, assign: rule.Assign, output: rule.Output };
      break;
    }
  }
  if (!picked && typeof s.Default === 'string') picked = { next: s.Default, assign: s.Assign, output: s.Output };
  if (!picked) throw statesError.noChoice('No Matches!');
  const variables = await assign(run, picked.assign, input);
  let output: Json;
  if (run.language === 'JSONata') {
    const template = picked.output ?? s.Output;
    output = template === undefined ? run.input : await evaluateJsonata(template, jsonataScope(run), 'Output');
  } else {
    output = filterPath(s.OutputPath as string | undefined, input, pathScope(run, input), 'OutputPath');
  }
  return { output, variables, next: picked.next, assign: picked.assign ?? {} };
};
