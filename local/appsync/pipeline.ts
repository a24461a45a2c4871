// Runs one field's resolver: a unit resolver (request → data source → response) or a pipeline
// (request → functions → response), with runtime.earlyReturn's documented skips
// (https://docs.aws.amazon.com/appsync/latest/devguide/resolver-reference-overview-js.html,
//  https://docs.aws.amazon.com/appsync/latest/devguide/runtime-utils-js.html).
import { runHandler, type CompiledCode } from './evaluator.ts';
import { EarlyReturn, newInvocation, type AuthTypeName, type Invocation } from './runtime/invocation.ts';
import type { DataSource } from './datasources/types.ts';

export interface LoadedFunction {
  readonly name: string;
  readonly code: CompiledCode;
  readonly dataSource: DataSource;
}

export type LoadedResolver =
  | { readonly kind: 'UNIT'; readonly code: CompiledCode; readonly dataSource: DataSource }
  | { readonly kind: 'PIPELINE'; readonly code: CompiledCode; readonly functions: readonly LoadedFunction[] };

/** The `ctx` handlers receive; one object for the whole resolver run, as in AppSync. */
export interface ResolverContext {
  arguments: Record<string, unknown>;
  args: Record<string, unknown>;
  identity: unknown;
  source: unknown;
  stash: Record<string, unknown>;
  prev: { result: unknown };
  result: unknown;
  error: { message: string; type: string } | undefined;
  request: { headers: Record<string, unknown>; domainName: string | null };
  info: unknown;
  env: Record<string, string>;
}

type Step<T> = { value: T } | { early: EarlyReturn };

function attempt<T>(fn: () => T): Step<T> {
  try {
    return { value: fn() };
  } catch (err) {
    if (err instanceof EarlyReturn) return { early: err };
    throw err;
  }
}

async function callDataSource(ctx: ResolverContext, dataSource: DataSource, request: unknown): Promise<void> {
  const outcome = await dataSource(request);
  ctx.result = outcome.result;
  ctx.error = outcome.error;
}

async function runUnit(code: CompiledCode, dataSource: DataSource, ctx: ResolverContext, inv: Invocation): Promise<unknown> {
  const request = attempt(() => runHandler(code, 'request', ctx, inv));
  if ('early' in request) return request.early.value;
  await callDataSource(ctx, dataSource, request.value);
  const response = attempt(() => runHandler(code, 'response', ctx, inv));
  return 'early' in response ? response.early.value : response.value;
}

async function runPipeline(code: CompiledCode, functions: readonly LoadedFunction[], ctx: ResolverContext, inv: Invocation): Promise<unknown> {
  const before = attempt(() => runHandler(code, 'request', ctx, inv));
  ctx.prev = { result: 'early' in before ? before.early.value : before.value };
  if (!('early' in before)) {
    for (const fn of functions) {
      ctx.result = undefined;
      ctx.error = undefined;
      const request = attempt(() => runHandler(fn.code, 'request', ctx, inv));
      if ('early' in request) {
        ctx.prev = { result: request.early.value };
        if (request.early.skipTo === 'END') break;
        continue;
      }
      await callDataSource(ctx, fn.dataSource, request.value);
      const response = attempt(() => runHandler(fn.code, 'response', ctx, inv));
      ctx.prev = { result: 'early' in response ? response.early.value : response.value };
      if ('early' in response && response.early.skipTo === 'END') break;
    }
  }
  ctx.result = ctx.prev.result;
  ctx.error = undefined;
  const after = attempt(() => runHandler(code, 'response', ctx, inv));
  return 'early' in after ? after.early.value : after.value;
}

/** Runs the resolver; util.error surfaces as a thrown ResolverError, everything else as `value` plus the invocation's side effects. */
export async function runResolver(resolver: LoadedResolver, ctx: ResolverContext, authType: AuthTypeName | null): Promise<{ value: unknown; invocation: Invocation }> {
  const invocation = newInvocation(authType);
  const value = resolver.kind === 'UNIT'
    ? await runUnit(resolver.code, resolver.dataSource, ctx, invocation)
    : await runPipeline(resolver.code, resolver.functions, ctx, invocation);
  return { value, invocation };
}
