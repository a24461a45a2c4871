// Map (inline): runs the ItemProcessor for each item of ItemsPath/Items, ItemSelector shaping each
// iteration's input, at most MaxConcurrency at once; more failures than ToleratedFailureCount /
// ToleratedFailurePercentage fail the state (States.ExceedToleratedFailureThreshold when a
// tolerance is set, else the iteration's own error)
// (https://docs.aws.amazon.com/step-functions/latest/dg/state-map-inline.html).
import { AbortedError } from '../clock.ts';
import { StatesError, statesError, toStatesError } from '../errors.ts';
import { applyTemplate } from '../data/payload-template.ts';
import { evaluateJsonata } from '../data/jsonata.ts';
import { requirePath } from '../data/json-path.ts';
import type { Json, StatesBlock } from '../types.ts';
import { afterInputPath, finish, jsonataScope, nextOf, pathScope } from './io.ts';
import type { StateHandler, StateRun } from './state-run.ts';

// Causes below are AWS's words, recorded in localstack's AWS-validated
// tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.snapshot.json.
type NumberField = 'MaxConcurrency' | 'ToleratedFailureCount' | 'ToleratedFailurePercentage';

async function numberField(run: StateRun, field: NumberField, fallback: number): Promise<number> {
  const s = run.state;
  let value = s[field] as Json | undefined;
  if (run.language === 'JSONata' && value !== undefined) value = await evaluateJsonata(value, jsonataScope(run), field);
  const path = run.language === 'JSONPath' && typeof s[`${field}Path`] === 'string' ? (s[`${field}Path`] as string) : undefined;
  if (path !== undefined) {
    // The path may name a variable ($max) as well as the input ($.max).
    value = requirePath(path, pathScope(run, run.input), `${field}Path`);
    const integer = field !== 'ToleratedFailurePercentage';
    if (typeof value !== 'number' || (integer && !Number.isInteger(value))) {
      const shown = typeof value === 'string' ? value : JSON.stringify(value);
      throw statesError.runtime(`The ${field}Path field refers to value "${shown}" which is not a valid ${integer ? 'integer' : 'float'}: ${path}`);
    }
  }
  if (value === undefined) return fallback;
  if (typeof value !== 'number') throw statesError.runtime(`${field} must be a number, got ${JSON.stringify(value)}`);
  if (field === 'ToleratedFailurePercentage' && (value < 0 || value > 100)) throw statesError.runtime('ToleratedFailurePercentage must be between 0 and 100.');
  if (value < 0) throw statesError.runtime(`${field} cannot be negative.`);
  return value;
}

function typeName(value: Json): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

async function itemsOf(run: StateRun): Promise<Json[]> {
  const s = run.state;
  let items: Json;
  if (run.language === 'JSONata' && s.Items !== undefined) {
    items = await evaluateJsonata(s.Items, jsonataScope(run), 'Items');
    if (!Array.isArray(items)) {
      const source = typeof s.Items === 'string' ? s.Items.trim().replace(/^\{%\s*|\s*%\}$/g, '') : JSON.stringify(s.Items);
      throw statesError.query(`The JSONata expression '${source}' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '${typeName(items)}' for value: ${JSON.stringify(items)}`, 'Items');
    }
    return items;
  }
  if (run.language === 'JSONata') {
    items = run.input;
  } else {
    const input = afterInputPath(run);
    items = typeof s.ItemsPath === 'string' ? requirePath(s.ItemsPath, pathScope(run, input), 'ItemsPath') : input;
  }
  if (!Array.isArray(items)) {
    const cause = `Map state input must be an array but was: ${JSON.stringify(items)}`;
    throw run.language === 'JSONata' ? statesError.query(cause, 'Items') : statesError.runtime(cause);
  }
  return items;
}

async function iterationInput(run: StateRun, item: Json, index: number, parentInput: Json): Promise<Json> {
  const s = run.state;
  const selector = s.ItemSelector ?? s.Parameters;
  if (selector === undefined) return item;
  const context = { ...run.context, Map: { Item: { Index: index, Value: item } } };
  if (run.language === 'JSONata') {
    return evaluateJsonata(selector, { states: { input: run.input, context }, variables: run.variables }, 'ItemSelector');
  }
  return applyTemplate(selector as Json, { input: parentInput, context, variables: run.variables });
}

export const map: StateHandler = async (run) => {
  const branch = run.branch;
  const exec = branch.exec;
  const path = branch.record.path;
  const s = run.state;
  const processor = (s.ItemProcessor ?? s.Iterator) as StatesBlock;
  const countSet = 'ToleratedFailureCount' in s || 'ToleratedFailureCountPath' in s;
  const percentSet = 'ToleratedFailurePercentage' in s || 'ToleratedFailurePercentagePath' in s;
  const hasTolerance = countSet || percentSet;
  let items: Json[], parentInput: Json, concurrency: number, toleratedCount: number, toleratedPercent: number;
  try {
    items = await itemsOf(run);
    parentInput = run.language === 'JSONata' ? run.input : afterInputPath(run);
    concurrency = (await numberField(run, 'MaxConcurrency', 0)) || Infinity;
    toleratedCount = await numberField(run, 'ToleratedFailureCount', 0);
    toleratedPercent = await numberField(run, 'ToleratedFailurePercentage', 0);
  } catch (thrown) {
    // As AWS records it: the field's EvaluationFailed (JSONata), then MapStateFailed.
    const error = branch.fieldFailure(run.name, toStatesError(thrown));
    exec.emit(path, 'MapStateFailed');
    throw error;
  }

  exec.emit(path, 'MapStateStarted', { length: items.length });
  const scope = branch.childScope();
  const results: Json[] = new Array(items.length).fill(null);
  let failures = 0;
  let firstError: StatesError | undefined;
  let next = 0;

  const tooManyFailures = () => !hasTolerance
    || (countSet && failures > toleratedCount)
    || (percentSet && (failures / Math.max(items.length, 1)) * 100 > toleratedPercent);

  const worker = async (): Promise<void> => {
    while (next < items.length && !scope.signal.aborted) {
      const index = next++;
      exec.emit(path, 'MapIterationStarted', { name: run.name, index });
      try {
        const input = await iterationInput(run, items[index], index, parentInput);
        results[index] = await branch.runChild(index, processor, input, scope.signal);
        exec.emit(path, 'MapIterationSucceeded', { name: run.name, index });
      } catch (thrown) {
        if (thrown instanceof AbortedError) {
          exec.emit(path, 'MapIterationAborted', { name: run.name, index });
          return;
        }
        const error = toStatesError(thrown);
        exec.emit(path, 'MapIterationFailed', { name: run.name, index });
        failures += 1;
        firstError ??= error;
        results[index] = { Error: error.name, Cause: error.cause };
        if (tooManyFailures()) scope.abort();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(items.length, 1)) }, worker));
  if (branch.signal.aborted) throw new AbortedError();
  if (failures > 0 && tooManyFailures()) {
    const error = hasTolerance
      ? new StatesError('States.ExceedToleratedFailureThreshold', 'The specified tolerated failure threshold was exceeded')
      : firstError!;
    // The API's HistoryEvent has no details for MapStateFailed.
    exec.emit(path, 'MapStateFailed');
    throw error;
  }
  exec.emit(path, 'MapStateSucceeded');
  const { output, variables } = await finish(run, results);
  return { output, variables, next: nextOf(run) };
};
