// JSONPath as ASL uses it (https://docs.aws.amazon.com/step-functions/latest/dg/amazon-states-language-paths.html):
// reference paths for InputPath/OutputPath/ItemsPath/Choice, any path in `.$` fields, `$$` for the
// context object and `$name` for variables. jsonpath-plus evaluates; this file adds ASL's rules.
import { JSONPath } from 'jsonpath-plus';
import type { Json, JsonObject } from '../types.ts';
import { clone, isObject } from './clone.ts';
import { statesError } from '../errors.ts';

/** What a path can read: the state's input, the context object and the variables in scope. */
export interface PathScope {
  readonly input: Json;
  readonly context: Json;
  readonly variables: JsonObject;
}

const INDEFINITE = /\.\.|\*|\[\?|\[[^\]]*[,:][^\]]*\]/;

export function isIndefinite(path: string): boolean {
  return INDEFINITE.test(path);
}

function query(path: string, json: Json): Json[] {
  return JSONPath({ path, json: json as object, wrap: true, eval: 'safe' }) as Json[];
}

/** Split `$$.x` / `$var.x` / `$.x` into the document it reads and the path within it. */
function target(path: string, scope: PathScope): { json: Json; path: string } {
  if (path.startsWith('$$')) return { json: scope.context, path: '$' + path.slice(2) };
  const variable = /^\$([A-Za-z_][A-Za-z0-9_]*)(.*)$/s.exec(path);
  if (variable) {
    const [, name, rest] = variable;
    if (!(name in scope.variables)) throw statesError.runtime(`The JSONPath '${path}' references an undefined variable '${name}'`);
    return { json: scope.variables[name], path: '$' + rest };
  }
  return { json: scope.input, path };
}

/** Evaluate a path; definite paths give one value, indefinite ones an array. Missing → undefined. */
export function readPath(path: string, scope: PathScope): Json | undefined {
  const { json, path: inner } = target(path, scope);
  if (inner === '$') return json;
  const results = query(inner, json);
  if (isIndefinite(inner)) return results;
  return results.length === 0 ? undefined : results[0];
}

/** A path that must match (InputPath, OutputPath, ItemsPath, `.$` fields). */
export function requirePath(path: string, scope: PathScope, field: string): Json {
  const value = readPath(path, scope);
  if (value === undefined) {
    throw statesError.runtime(`The JSONPath '${path}' specified for the field '${field}' could not be found in the input '${JSON.stringify(scope.input)}'`);
  }
  return value;
}

/**
 * Why a plain `$.a.b` path matches nothing, in the words AWS's JSONPath library uses: the first
 * missing step short of the end is "Missing property in path $['a']", a missing last step "No
 * results for path: $['a']['b']" (recorded on AWS in localstack's AWS-validated
 * scenarios/test_base_scenarios snapshot). Undefined for other paths.
 */
function missingPathCause(path: string, value: Json): string | undefined {
  if (!/^\$(\.[A-Za-z_][A-Za-z0-9_-]*)+$/.test(path)) return undefined;
  const steps = path.slice(2).split('.');
  let node: Json | undefined = value;
  for (const [i, step] of steps.entries()) {
    const next: Json | undefined = node !== null && typeof node === 'object' && !Array.isArray(node) ? node[step] : undefined;
    if (next === undefined) {
      const bracketed = `$${steps.slice(0, i + 1).map((s) => `['${s}']`).join('')}`;
      return i === steps.length - 1 ? `Invalid path '${path}' : No results for path: ${bracketed}` : `Invalid path '${path}' : Missing property in path ${bracketed}`;
    }
    node = next;
  }
  return undefined;
}

/** InputPath / OutputPath: null discards the input (gives {}), '$' keeps it. */
export function filterPath(path: string | null | undefined, value: Json, scope: Omit<PathScope, 'input'>, field: string): Json {
  if (path === undefined || path === '$') return value;
  if (path === null) return {};
  const found = readPath(path, { ...scope, input: value });
  if (found !== undefined) return found;
  const cause = missingPathCause(path, value);
  if (cause !== undefined) throw statesError.runtime(cause);
  return requirePath(path, { ...scope, input: value }, field);
}

/** ResultPath: place `result` into a copy of `input` (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html). */
export function applyResultPath(path: string | null | undefined, input: Json, result: Json): Json {
  if (path === undefined || path === '$') return result;
  if (path === null) return input;
  const steps = (JSONPath.toPathArray(path) as string[]).slice(1);
  if (steps.length === 0) return result;
  if (!isObject(input)) {
    throw statesError.resultPath(`Unable to apply ResultPath "${path}" to input ${JSON.stringify(input)}`);
  }
  const root = clone(input) as JsonObject;
  let node: Json = root;
  for (const [i, step] of steps.entries()) {
    const last = i === steps.length - 1;
    if (Array.isArray(node) && /^\d+$/.test(step)) {
      const index = Number(step);
      if (last) node[index] = result;
      else node = node[index] ?? (node[index] = {});
    } else if (isObject(node)) {
      if (last) node[step] = result;
      else node = isObject(node[step]) || Array.isArray(node[step]) ? node[step] : (node[step] = {});
    } else {
      throw statesError.resultPath(`Unable to apply ResultPath "${path}" to input ${JSON.stringify(input)}`);
    }
  }
  return root;
}
