// Payload templates of JSONPath states (Parameters, ResultSelector, ItemSelector): fields ending
// in `.$` take a path, a `$$` context path, a `$variable` or an intrinsic call
// (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html).
import { statesError } from '../errors.ts';
import { evaluateIntrinsic, looksLikeIntrinsic } from '../intrinsics/index.ts';
import type { Json, JsonObject } from '../types.ts';
import { isObject } from './clone.ts';
import { readPath, type PathScope } from './json-path.ts';

/** A `.$` value or an Assign value in JSONPath mode: path or intrinsic, evaluated against the scope. */
export function evaluateDynamic(expression: string, scope: PathScope, field: string): Json {
  if (looksLikeIntrinsic(expression)) return evaluateIntrinsic(expression, scope);
  if (!expression.startsWith('$')) {
    throw statesError.runtime(`The value for the field '${field}' must be a valid JSONPath or a valid intrinsic function call`);
  }
  const value = readPath(expression, scope);
  if (value === undefined) {
    throw statesError.runtime(`The JSONPath '${expression}' specified for the field '${field}' could not be found in the input '${JSON.stringify(scope.input)}'`);
  }
  return value;
}

export function applyTemplate(template: Json, scope: PathScope): Json {
  if (Array.isArray(template)) return template.map((item) => applyTemplate(item, scope));
  if (!isObject(template)) return template;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$') && typeof value === 'string') out[key.slice(0, -2)] = evaluateDynamic(value, scope, key);
    else out[key] = applyTemplate(value, scope);
  }
  return out;
}
