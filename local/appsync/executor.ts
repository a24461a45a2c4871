// Executes GraphQL operations with AppSync's semantics on graphql-js: field-level authorisation from
// the directives, APPSYNC_JS resolvers, and errors in AppSync's shape
// ({ path, data, errorType, errorInfo, locations, message }, the failed field null, partial results;
// https://docs.aws.amazon.com/appsync/latest/devguide/troubleshooting-and-common-mistakes.html).
import {
  execute, parse, validate, print, getOperationAST, GraphQLError, Kind,
  type DocumentNode, type OperationDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode, type FragmentDefinitionNode,
} from 'graphql';
import type { SubscriptionFilter } from '@aws-appsync/utils';
import type { LoadedApi } from './api.ts';
import type { Caller } from './auth.ts';
import { runResolver, type ResolverContext } from './pipeline.ts';
import { ResolverError, UnauthorizedResolverError, type AppSyncErrorEntry } from './runtime/invocation.ts';
import { CodeValidationError } from './evaluator.ts';
import { DataSourceRequestError } from './datasources/types.ts';

export interface GraphQLRequest {
  readonly query: string;
  readonly variables?: Record<string, unknown> | null;
  readonly operationName?: string | null;
}

export interface AppSyncError {
  path: ReadonlyArray<string | number> | null;
  data?: unknown;
  errorType?: string | null;
  errorInfo?: unknown;
  locations: Array<{ line: number; column: number; sourceName: null }> | null;
  message: string;
}

export interface AppSyncResponse {
  data?: Record<string, unknown> | null;
  errors?: AppSyncError[];
}

export interface PreparedOperation {
  readonly document: DocumentNode;
  readonly operation: OperationDefinitionNode;
}

export type Mode =
  | { readonly kind: 'execute' }
  /** Subscription `start`: authorise, run the subscription's resolver for its filters, return nothing. */
  | { readonly kind: 'subscribe' }
  /** Fan-out: resolve the subscriber's selection set over a published payload. */
  | { readonly kind: 'publish'; readonly payload: unknown };

export interface ExecutionOutcome {
  readonly response: AppSyncResponse;
  /** Root mutation fields and their selected results, for subscription fan-out. */
  readonly mutations: ReadonlyArray<{ readonly fieldName: string; readonly value: unknown }>;
  readonly invalidations: ReadonlyArray<{ readonly subscriptionField: string; readonly payload: Record<string, unknown> }>;
  readonly subscriptionFilter: SubscriptionFilter | null;
  readonly invalidationFilter: SubscriptionFilter | null;
  readonly responseHeaders: Record<string, string>;
}

class UnauthorizedFieldError extends Error {}

interface ExecState {
  readonly caller: Caller;
  readonly headers: Record<string, unknown>;
  readonly variables: Record<string, unknown>;
  readonly mode: Mode;
  readonly appended: AppSyncError[];
  readonly mutationKeys: Array<{ key: string; fieldName: string }>;
  readonly invalidations: Array<{ subscriptionField: string; payload: Record<string, unknown> }>;
  subscriptionFilter: SubscriptionFilter | null;
  invalidationFilter: SubscriptionFilter | null;
  readonly responseHeaders: Record<string, string>;
}

const locationsOf = (e: GraphQLError) => e.locations?.map((l) => ({ line: l.line, column: l.column, sourceName: null })) ?? null;

/** A request-level error (syntax, validation, variables): no path, as AppSync reports them. */
export function validationErrors(errors: readonly GraphQLError[]): AppSyncResponse {
  return { errors: errors.map((e) => ({ path: null, locations: locationsOf(e), message: `Validation error: ${e.message}` })) };
}

function entryError(e: GraphQLError, entry: AppSyncErrorEntry): AppSyncError {
  return { path: e.path ?? null, data: entry.data, errorType: entry.errorType, errorInfo: entry.errorInfo, locations: locationsOf(e), message: entry.message };
}

function toAppSyncError(e: GraphQLError): AppSyncError {
  const original = e.originalError;
  if (original instanceof ResolverError) return entryError(e, original.entry);
  const base = { path: e.path ?? null, data: null, errorInfo: null, locations: locationsOf(e) };
  if (original instanceof UnauthorizedFieldError) return { ...base, errorType: 'Unauthorized', message: original.message };
  if (original instanceof DataSourceRequestError || original instanceof CodeValidationError) return { ...base, errorType: 'MappingTemplate', message: original.message };
  // Anything else thrown while a handler ran is a runtime error in the resolver code.
  if (original !== undefined && !(original instanceof GraphQLError)) return { ...base, errorType: 'Code', message: `Runtime Error: ${original.message}` };
  return { ...base, errorType: null, message: e.message };
}

// ctx.info.selectionSetList: every selected field path, nested paths joined with '/', fragments expanded.
function selectionList(set: SelectionSetNode | undefined, fragments: Record<string, FragmentDefinitionNode>, prefix = ''): string[] {
  if (set === undefined) return [];
  const out: string[] = [];
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      const name = sel.alias?.value ?? sel.name.value;
      if (name === '__typename') continue;
      out.push(prefix + name, ...selectionList(sel.selectionSet, fragments, `${prefix}${name}/`));
    } else if (sel.kind === Kind.INLINE_FRAGMENT) out.push(...selectionList(sel.selectionSet, fragments, prefix));
    else out.push(...selectionList(fragments[sel.name.value]?.selectionSet, fragments, prefix));
  }
  return out;
}

function infoFor(info: GraphQLResolveInfo, variables: Record<string, unknown>): unknown {
  const node = info.fieldNodes[0];
  let list: string[] | undefined;
  let graphql: string | undefined;
  return {
    fieldName: info.fieldName,
    parentTypeName: info.parentType.name,
    variables,
    get selectionSetList() { return (list ??= selectionList(node.selectionSet, info.fragments)); },
    get selectionSetGraphQL() { return (graphql ??= node.selectionSet ? print(node.selectionSet) : ''); },
  };
}

export class Executor {
  private readonly api: LoadedApi;
  private readonly env: Record<string, string>;
  private readonly cache = new Map<string, PreparedOperation | readonly GraphQLError[]>();

  constructor(api: LoadedApi, env: Record<string, string>) {
    this.api = api;
    this.env = env;
  }

  get schema() { return this.api.schema; }

  /** Parses and validates once per distinct query text and operation name. */
  prepare(request: GraphQLRequest): PreparedOperation | readonly GraphQLError[] {
    const key = `${request.operationName ?? ''}\u0000${request.query}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    let result: PreparedOperation | readonly GraphQLError[];
    try {
      const document = parse(request.query);
      const errors = validate(this.api.schema, document);
      const operation = getOperationAST(document, request.operationName ?? undefined);
      if (errors.length > 0) result = errors;
      else if (operation == null) result = [new GraphQLError(request.operationName ? `Unknown operation named "${request.operationName}"` : 'An operationName is required when the document has several operations')];
      else result = { document, operation };
    } catch (err) {
      result = [err as GraphQLError];
    }
    if (this.cache.size > 1000) this.cache.clear();
    this.cache.set(key, result);
    return result;
  }

  async run(prepared: PreparedOperation, variables: Record<string, unknown> | null | undefined, caller: Caller, headers: Record<string, unknown>, mode: Mode): Promise<ExecutionOutcome> {
    const state: ExecState = {
      caller, headers, variables: variables ?? {}, mode, appended: [], mutationKeys: [], invalidations: [],
      subscriptionFilter: null, invalidationFilter: null, responseHeaders: {},
    };
    const result = await execute({
      schema: this.api.schema, document: prepared.document, operationName: prepared.operation.name?.value,
      variableValues: variables ?? undefined, contextValue: state,
      rootValue: mode.kind === 'publish' ? {} : undefined,
      fieldResolver: (source, args, _context, info) => this.resolveField(source, args as Record<string, unknown>, state, info),
    });
    // Variable coercion failures never reach a resolver: request-level errors.
    if (result.data === undefined && result.errors) return { ...this.emptyOutcome(state), response: validationErrors(result.errors) };
    const errors = [...(result.errors ?? []).map(toAppSyncError), ...state.appended];
    const data = (result.data ?? null) as Record<string, unknown> | null;
    return {
      response: errors.length > 0 ? { data, errors } : { data },
      mutations: state.mutationKeys.map((m) => ({ fieldName: m.fieldName, value: data?.[m.key] ?? null })).filter((m) => m.value !== null),
      invalidations: state.invalidations,
      subscriptionFilter: state.subscriptionFilter,
      invalidationFilter: state.invalidationFilter,
      responseHeaders: state.responseHeaders,
    };
  }

  private emptyOutcome(state: ExecState): ExecutionOutcome {
    return { response: {}, mutations: [], invalidations: [], subscriptionFilter: null, invalidationFilter: null, responseHeaders: state.responseHeaders };
  }

  private async resolveField(source: unknown, args: Record<string, unknown>, state: ExecState, info: GraphQLResolveInfo): Promise<unknown> {
    const typeName = info.parentType.name;
    if (!this.api.authorizer.allows(typeName, info.fieldName, state.caller)) {
      throw new UnauthorizedFieldError(`Not Authorized to access ${info.fieldName} on type ${typeName}`);
    }
    const isRoot = info.path.prev === undefined;
    if (state.mode.kind === 'publish') {
      if (isRoot) return state.mode.payload;
      return source === null || typeof source !== 'object' ? undefined : (source as Record<string, unknown>)[info.fieldName];
    }
    const resolver = this.api.resolvers.get(`${typeName}.${info.fieldName}`);
    if (resolver === undefined) {
      if (isRoot) return null;
      return source === null || typeof source !== 'object' ? undefined : (source as Record<string, unknown>)[info.fieldName];
    }
    if (isRoot && info.operation.operation === 'mutation') state.mutationKeys.push({ key: String(info.path.key), fieldName: info.fieldName });
    const ctx: ResolverContext = {
      arguments: args, args, identity: state.caller.identity, source: isRoot ? null : source, stash: {}, prev: { result: null },
      result: undefined, error: undefined, request: { headers: state.headers, domainName: null }, info: infoFor(info, state.variables), env: this.env,
    };
    const { value, invocation } = await runResolver(resolver, ctx, state.caller.authType).catch((err: unknown) => {
      if (err instanceof UnauthorizedResolverError) throw new UnauthorizedFieldError(`Not Authorized to access ${info.fieldName} on type ${typeName}`);
      throw err;
    });
    for (const e of invocation.appendedErrors) {
      state.appended.push({ path: info.path ? pathArray(info.path) : null, data: e.data, errorType: e.errorType, errorInfo: e.errorInfo, locations: null, message: e.message });
    }
    state.invalidations.push(...invocation.invalidations);
    Object.assign(state.responseHeaders, invocation.responseHeaders);
    if (invocation.subscriptionFilter) state.subscriptionFilter = invocation.subscriptionFilter;
    if (invocation.invalidationFilter) state.invalidationFilter = invocation.invalidationFilter;
    return state.mode.kind === 'subscribe' && isRoot ? null : value;
  }
}

function pathArray(path: GraphQLResolveInfo['path']): Array<string | number> {
  const out: Array<string | number> = [];
  for (let p: GraphQLResolveInfo['path'] | undefined = path; p; p = p.prev) out.unshift(p.key);
  return out;
}
