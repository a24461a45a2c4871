// Evaluates a parsed intrinsic call: arguments first (paths read from the scope), then the function.
import { statesError } from '../errors.ts';
import { readPath, type PathScope } from '../data/json-path.ts';
import type { Json } from '../types.ts';
import { checkArgs, type IntrinsicFunction } from './constraints.ts';
import { parseIntrinsic, type IntrinsicArg, type IntrinsicCall } from './parse.ts';
import { format } from './format.ts';
import { stringToJson } from './string-to-json.ts';
import { jsonToString } from './json-to-string.ts';
import { array } from './array.ts';
import { arrayPartition } from './array-partition.ts';
import { arrayContains } from './array-contains.ts';
import { arrayRange } from './array-range.ts';
import { arrayGetItem } from './array-get-item.ts';
import { arrayLength } from './array-length.ts';
import { arrayUnique } from './array-unique.ts';
import { base64Encode } from './base64-encode.ts';
import { base64Decode } from './base64-decode.ts';
import { hash } from './hash.ts';
import { jsonMerge } from './json-merge.ts';
import { mathRandom } from './math-random.ts';
import { mathAdd } from './math-add.ts';
import { stringSplit } from './string-split.ts';
import { uuid } from './uuid.ts';

const FUNCTIONS: ReadonlyMap<string, IntrinsicFunction> = new Map(
  [format, stringToJson, jsonToString, array, arrayPartition, arrayContains, arrayRange, arrayGetItem, arrayLength,
    arrayUnique, base64Encode, base64Decode, hash, jsonMerge, mathRandom, mathAdd, stringSplit, uuid].map((f) => [f.name, f]),
);

export { looksLikeIntrinsic } from './parse.ts';

function evaluateArg(arg: IntrinsicArg, scope: PathScope): Json {
  if (arg.kind === 'literal') return arg.value;
  if (arg.kind === 'call') return evaluateCall(arg.call, scope);
  const value = readPath(arg.path, scope);
  if (value === undefined) throw statesError.runtime(`The JSONPath '${arg.path}' could not be found in the input`);
  return value;
}

function evaluateCall(call: IntrinsicCall, scope: PathScope): Json {
  const fn = FUNCTIONS.get(call.name);
  if (!fn) throw statesError.intrinsic(`Unknown intrinsic function ${call.name}`);
  const args = call.args.map((arg) => evaluateArg(arg, scope));
  checkArgs(fn.name, fn.signature, args);
  return fn.call(args);
}

export function evaluateIntrinsic(text: string, scope: PathScope): Json {
  return evaluateCall(parseIntrinsic(text), scope);
}

/** Names the parser accepts; used by the definition checks. */
export function isKnownIntrinsic(name: string): boolean {
  return FUNCTIONS.has(name);
}
