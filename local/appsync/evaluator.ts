// Loads APPSYNC_JS code (an ES module exporting `request` and `response`) into an isolated node:vm
// context whose only importable modules are `@aws-appsync/utils`, `/dynamodb` and `/rds`,
// and runs one handler at a time with the invocation state the runtime writes into.
import vm from 'node:vm';
import { transformSync } from 'esbuild';
import { builtInModules } from './runtime/modules.ts';
import { currentInvocation, withInvocation, type Invocation } from './runtime/invocation.ts';
import { lintAppSyncCode, type CodeError } from './lint.ts';

export type Handler = (ctx: unknown) => unknown;

export interface CompiledCode {
  readonly filename: string;
  readonly request?: Handler;
  readonly response?: Handler;
}

/** Code that AppSync would refuse to save: lint findings or a syntax/import error. */
export class CodeValidationError extends Error {
  readonly codeErrors: readonly CodeError[];
  constructor(filename: string, codeErrors: readonly CodeError[]) {
    super(`${filename}: ${codeErrors.map((e) => `${e.location.line}:${e.location.column} ${e.value}`).join('; ')}`);
    this.name = 'CodeValidationError';
    this.codeErrors = codeErrors;
  }
}

function sandboxConsole(): Record<string, (...args: unknown[]) => void> {
  const log = (level: string) => (...args: unknown[]) => {
    const line = args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
    currentInvocation().logs.push(`${level} - ${line}`);
  };
  return { log: log('INFO'), info: log('INFO'), warn: log('WARN'), error: log('ERROR'), debug: log('DEBUG') };
}

export function compileCode(code: string, filename: string, options: { lint?: boolean } = {}): CompiledCode {
  if (options.lint !== false) {
    const errors = lintAppSyncCode(code, filename);
    if (errors.length > 0) throw new CodeValidationError(filename, errors);
  }
  let cjs: string;
  try {
    cjs = transformSync(code, { format: 'cjs', loader: 'js', sourcefile: filename, target: 'es2022' }).code;
  } catch (err) {
    const e = err as { errors?: Array<{ text: string; location?: { line: number; column: number; length: number } }> };
    throw new CodeValidationError(filename, (e.errors ?? [{ text: String(err) }]).map((x) => ({
      errorType: 'SYNTAX_ERROR', value: x.text, location: { line: x.location?.line ?? 0, column: x.location?.column ?? 0, span: x.location?.length ?? 0 },
    })));
  }
  const context = vm.createContext({ console: sandboxConsole() }, { name: filename, codeGeneration: { strings: false, wasm: false } });
  const module = { exports: {} as Record<string, unknown> };
  const require = (specifier: string): unknown => {
    const found = builtInModules[specifier];
    if (found === undefined) {
      throw new CodeValidationError(filename, [{ errorType: 'IMPORT_ERROR', value: `Unsupported import "${specifier}": only @aws-appsync/utils, @aws-appsync/utils/dynamodb and @aws-appsync/utils/rds are available`, location: { line: 0, column: 0, span: 0 } }]);
    }
    return found;
  };
  const wrapper = new vm.Script(`(function (exports, require, module) {${cjs}\n})`, { filename });
  (wrapper.runInContext(context) as (e: unknown, r: unknown, m: unknown) => void)(module.exports, require, module);
  const { request, response } = module.exports;
  return {
    filename,
    request: typeof request === 'function' ? (request as Handler) : undefined,
    response: typeof response === 'function' ? (response as Handler) : undefined,
  };
}

/** Runs one handler with `invocation` current; errors (util.error, earlyReturn, bugs) propagate. */
export function runHandler(code: CompiledCode, which: 'request' | 'response', ctx: unknown, invocation: Invocation): unknown {
  const handler = code[which];
  if (handler === undefined) throw new CodeValidationError(code.filename, [{ errorType: 'MISSING_HANDLER', value: `The code does not export a ${which} function`, location: { line: 0, column: 0, span: 0 } }]);
  return withInvocation(invocation, () => handler(ctx));
}
