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

/** Whether a result is JSON: not a function (jsonata's lambdas are objects) nor a non-finite number. */
function isJsonResult(result: unknown): boolean {
  if (typeof result === 'function') return false;
  if (typeof result === 'number') return Number.isFinite(result);
  if (result === null || typeof result !== 'object') return true;
  if ('_jsonata_lambda' in result || '_jsonata_function' in result) return false;
  return Object.values(result).every(isJsonResult);
}

// Causes as AWS words them (recorded in localstack's AWS-validated snapshots, e.g.
// tests/aws/services/stepfunctions/v2/assign/test_assign_reference_variables.snapshot.json).
async function evaluateExpression(text: string, scope: JsonataScope, field: string): Promise<Json> {
  const source = EXPRESSION.exec(text.trim())![1].trim();
  const says = `The JSONata expression '${source}' specified for the field '${field}'`;
  let result: unknown;
  try {
    result = await compile(source).evaluate(scope.states.input, { ...scope.variables, states: scope.states });
  } catch (error) {
    if ((error as { name?: string }).name === 'States.QueryEvaluationError') throw error;
    const code = (error as { code?: string }).code;
    throw statesError.query(`${says} threw an error during evaluation. ${code ? `${code}: ` : ''}${(error as Error).message}`);
  }
  // JSON has no undefined: an expression that yields nothing (an unknown variable, a missing
  // field) fails the state wherever it is written.
  if (result === undefined) throw statesError.query(`${says} returned nothing (undefined).`);
  if (!isJsonResult(result)) throw statesError.query(`${says} returned an unsupported result type.`);
  // jsonata marks sequences with extra properties; a JSON round trip makes plain values.
  return JSON.parse(JSON.stringify(result)) as Json;
}

/**
 * Evaluate every `{% %}` string in a value (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html);
 * `field` is where the value sits ('Output', 'Arguments/FunctionName'), as error causes name it.
 */
export async function evaluateJsonata(template: unknown, scope: JsonataScope, field: string): Promise<Json> {
  if (isJsonataExpression(template)) return evaluateExpression(template, scope, field);
  if (Array.isArray(template)) return Promise.all(template.map((item, i) => evaluateJsonata(item, scope, `${field}/${i}`)));
  if (isObject(template)) {
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(template)) out[key] = await evaluateJsonata(value, scope, `${field}/${key}`);
    return out;
  }
  return template as Json;
}
