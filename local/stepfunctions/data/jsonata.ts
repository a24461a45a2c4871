// JSONata as Step Functions uses it (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html):
// any string field written `{% expression %}` is evaluated with `$states` (input, result,
// errorOutput, context) and the variables in scope bound as `$name`.
import jsonata from 'jsonata';
import { statesError } from '../errors.ts';
import type { Json, JsonObject } from '../types.ts';
import { isObject } from './clone.ts';
import { registerStepFunctionsFunctions } from './jsonata-functions.ts';

export interface JsonataScope {
  readonly states: { input: Json; context: Json; result?: Json; errorOutput?: Json };
  readonly variables: JsonObject;
}

const EXPRESSION = /^\{%([\s\S]*)%\}$/;
const compiled = new Map<string, ReturnType<typeof jsonata>>();

function compile(source: string): ReturnType<typeof jsonata> {
  let expr = compiled.get(source);
  if (!expr) {
    try {
      expr = jsonata(source);
    } catch (error) {
      throw statesError.query(`Invalid JSONata expression '${source}': ${(error as Error).message}`);
    }
    registerStepFunctionsFunctions(expr);
    compiled.set(source, expr);
  }
  return expr;
}

export function isJsonataExpression(value: unknown): value is string {
  return typeof value === 'string' && EXPRESSION.test(value.trim());
}

async function evaluateExpression(text: string, scope: JsonataScope, field: string): Promise<Json> {
  const source = EXPRESSION.exec(text.trim())![1];
  let result: unknown;
  try {
    result = await compile(source).evaluate(scope.states.input, { ...scope.variables, states: scope.states });
  } catch (error) {
    if ((error as { name?: string }).name === 'States.QueryEvaluationError') throw error;
    throw statesError.query(`An error occurred while evaluating the JSONata expression '${source.trim()}' for the field '${field}': ${(error as Error).message}`);
  }
  // JSON has no undefined: an expression that yields nothing (an unknown variable, a missing
  // field) fails the state wherever it is written, as on AWS.
  if (result === undefined) throw statesError.query(`The JSONata expression '${source.trim()}' specified for the field '${field}' returned nothing (undefined).`);
  if (typeof result === 'function') throw statesError.query(`The JSONata expression for the field '${field}' returned a function`);
  if (typeof result === 'number' && !Number.isFinite(result)) throw statesError.query(`The JSONata expression for the field '${field}' returned a non-finite number`);
  // jsonata marks sequences with extra properties; a JSON round trip makes plain values.
  return JSON.parse(JSON.stringify(result)) as Json;
}

/** Evaluate every `{% %}` string in a value (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html). */
export async function evaluateJsonata(template: unknown, scope: JsonataScope, field: string): Promise<Json> {
  if (isJsonataExpression(template)) return evaluateExpression(template, scope, field);
  if (Array.isArray(template)) return Promise.all(template.map((item) => evaluateJsonata(item, scope, field)));
  if (isObject(template)) {
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(template)) out[key] = await evaluateJsonata(value, scope, field);
    return out;
  }
  return template as Json;
}
