// The input/output pipeline shared by Pass, Task, Map and Parallel, for both query languages:
// JSONPath InputPath → Parameters → (work) → ResultSelector → ResultPath → OutputPath
// (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html), and
// JSONata Arguments → (work) → Output, with Assign in both
// (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html).
import { applyTemplate, evaluateDynamic } from '../data/payload-template.ts';
import { applyResultPath, filterPath, type PathScope } from '../data/json-path.ts';
import { evaluateJsonata, type JsonataScope } from '../data/jsonata.ts';
import { isObject } from '../data/clone.ts';
import type { Json, JsonObject } from '../types.ts';
import type { StateRun } from './state-run.ts';

export function pathScope(run: StateRun, input: Json): PathScope {
  return { input, context: run.context, variables: run.variables };
}

export function jsonataScope(run: StateRun, extra: Partial<JsonataScope['states']> = {}): JsonataScope {
  return { states: { input: run.input, context: run.context, ...extra }, variables: run.variables };
}

/** The input the state works on: after InputPath and Parameters, or after Arguments. */
export async function effectiveInput(run: StateRun, templateField = 'Parameters'): Promise<Json> {
  const s = run.state;
  if (run.language === 'JSONata') {
    const args = s.Arguments === undefined ? run.input : await evaluateJsonata(s.Arguments, jsonataScope(run), 'Arguments');
    run.inspect?.('afterArguments', args);
    return args;
  }
  const afterInputPath = filterPath(s.InputPath as string | null | undefined, run.input, pathScope(run, run.input), 'InputPath');
  run.inspect?.('afterInputPath', afterInputPath);
  const template = s[templateField];
  const effective = template === undefined ? afterInputPath : applyTemplate(template as Json, pathScope(run, afterInputPath));
  run.inspect?.('afterParameters', effective);
  return effective;
}

export function afterInputPath(run: StateRun): Json {
  return filterPath(run.state.InputPath as string | null | undefined, run.input, pathScope(run, run.input), 'InputPath');
}

export interface Finished {
  readonly output: Json;
  readonly variables: JsonObject;
}

/** Assign: new variables from the result (JSONPath) or from `$states` (JSONata). */
export async function assign(run: StateRun, assignments: unknown, result: Json, extra: Partial<JsonataScope['states']> = {}): Promise<JsonObject> {
  if (!isObject(assignments)) return run.variables;
  let values: JsonObject;
  if (run.language === 'JSONata') {
    values = (await evaluateJsonata(assignments, jsonataScope(run, extra), 'Assign')) as JsonObject;
  } else {
    values = assignPaths(assignments as JsonObject, pathScope(run, result));
  }
  return { ...run.variables, ...values };
}

function assignPaths(template: JsonObject, scope: PathScope): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$') && typeof value === 'string') out[key.slice(0, -2)] = evaluateDynamic(value, scope, key);
    else out[key] = applyTemplate(value, scope);
  }
  return out;
}

/** The state's output from its result, and the variables it assigns. */
export async function finish(run: StateRun, result: Json): Promise<Finished> {
  const s = run.state;
  run.inspect?.('result', result);
  if (run.language === 'JSONata') {
    const variables = await assign(run, s.Assign, result, { result });
    const output = s.Output === undefined ? result : await evaluateJsonata(s.Output, jsonataScope(run, { result }), 'Output');
    return { output, variables };
  }
  const selected = s.ResultSelector === undefined ? result : applyTemplate(s.ResultSelector as Json, pathScope(run, result));
  run.inspect?.('afterResultSelector', selected);
  const variables = await assign(run, s.Assign, selected);
  const placed = applyResultPath(s.ResultPath as string | null | undefined, run.input, selected);
  run.inspect?.('afterResultPath', placed);
  const output = filterPath(s.OutputPath as string | null | undefined, placed, pathScope(run, placed), 'OutputPath');
  return { output, variables };
}

export function nextOf(run: StateRun): string | undefined {
  return run.state.End === true ? undefined : (run.state.Next as string);
}
