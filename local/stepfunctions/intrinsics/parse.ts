// Parser of intrinsic function calls, e.g. `States.Format('Hi {}', $.name)`
// (https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html).
// Arguments: string literals in single quotes (escape ' { } \ with a backslash), numbers,
// true/false/null, JSONPaths ($, $$, $variable) and nested calls.
import { statesError } from '../errors.ts';
import type { Json } from '../types.ts';

export type IntrinsicArg =
  | { readonly kind: 'literal'; readonly value: Json }
  | { readonly kind: 'path'; readonly path: string }
  | { readonly kind: 'call'; readonly call: IntrinsicCall };

export interface IntrinsicCall {
  readonly name: string;
  readonly args: readonly IntrinsicArg[];
}

export function looksLikeIntrinsic(text: string): boolean {
  return /^States\.[A-Za-z0-9]+\s*\(/.test(text.trim());
}

export function parseIntrinsic(text: string): IntrinsicCall {
  let pos = 0;
  const src = text.trim();
  const fail = (why: string): never => {
    throw statesError.intrinsic(`Invalid intrinsic function call '${src}': ${why} at position ${pos}`);
  };
  const skip = () => {
    while (pos < src.length && /\s/.test(src[pos])) pos++;
  };

  const call = (): IntrinsicCall => {
    const name = /^States\.[A-Za-z0-9]+/.exec(src.slice(pos))?.[0] ?? fail('expected a function name');
    pos += name.length;
    skip();
    if (src[pos] !== '(') fail("expected '('");
    pos++;
    const args: IntrinsicArg[] = [];
    skip();
    if (src[pos] === ')') {
      pos++;
      return { name, args };
    }
    for (;;) {
      skip();
      args.push(arg());
      skip();
      if (src[pos] === ',') { pos++; continue; }
      if (src[pos] === ')') { pos++; return { name, args }; }
      fail("expected ',' or ')'");
    }
  };

  const arg = (): IntrinsicArg => {
    const rest = src.slice(pos);
    if (rest.startsWith("'")) return { kind: 'literal', value: string() };
    if (rest.startsWith('States.')) return { kind: 'call', call: call() };
    if (rest.startsWith('$')) return { kind: 'path', path: path() };
    const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(rest)?.[0];
    if (number) { pos += number.length; return { kind: 'literal', value: Number(number) }; }
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (rest.startsWith(word)) { pos += word.length; return { kind: 'literal', value }; }
    }
    return fail('unexpected argument');
  };

  const string = (): string => {
    pos++;
    let out = '';
    while (pos < src.length) {
      const ch = src[pos++];
      if (ch === '\\') {
        const next = src[pos++];
        if (next === undefined) fail('unterminated escape');
        out += next;
      } else if (ch === "'") {
        return out;
      } else {
        out += ch;
      }
    }
    return fail('unterminated string');
  };

  // A path ends at a top-level ',' or ')' (brackets and quotes may contain them).
  const path = (): string => {
    const start = pos;
    let depth = 0;
    let quote: string | null = null;
    while (pos < src.length) {
      const ch = src[pos];
      if (quote) { if (ch === quote) quote = null; }
      else if (ch === "'" || ch === '"') quote = ch;
      else if (ch === '[' || ch === '(') depth++;
      else if (ch === ']' || (ch === ')' && depth > 0)) depth--;
      else if ((ch === ',' || ch === ')') && depth === 0) break;
      pos++;
    }
    return src.slice(start, pos).trim();
  };

  const parsed = call();
  skip();
  if (pos !== src.length) fail('unexpected text after the call');
  return parsed;
}
