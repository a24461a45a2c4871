// One Amplify API client for every page: queries and mutations as promises with typed errors,
// subscriptions as callbacks. Signed-in calls use the user pool; anonymous catalogue reads the API key.
import { CONNECTION_STATE_CHANGE, ConnectionState, generateClient } from 'aws-amplify/api';
import { fetchAuthSession } from 'aws-amplify/auth';
import { Hub } from 'aws-amplify/utils';
import { regionalFailover, useRegion } from '../config.ts';

export type AuthMode = 'userPool' | 'apiKey';

/** An AppSync error (errors[0].errorType and message), or a network failure (`NetworkError`). */
export class ApiError extends Error {
  readonly type: string;
  /** AppSync's errorInfo (e.g. the refundable amount, or WrongRegion's homeRegion). */
  readonly info?: unknown;
  constructor(type: string, message: string, info?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.type = type;
    this.info = info ?? undefined;
  }
}

interface RawError { errorType?: string; message?: string; errorInfo?: unknown; originalError?: { name?: string; message?: string } }
interface GraphQLResponse<T> { data: T; errors?: RawError[] }
interface Subscribable<T> {
  subscribe(observer: { next: (value: GraphQLResponse<T>) => void; error: (error: unknown) => void }): { unsubscribe(): void };
}
type Request = { query: string; variables?: Record<string, unknown>; authMode?: AuthMode };

// The client's overloads are keyed to generated typed documents; these pages send plain strings.
type Send = (request: Request, headers?: Record<string, string>) => unknown;
let graphql: Send | undefined;

// Amplify's userPool mode sends the access token; the API reads the ID token (API.md §1: the
// shopper's birthdate for the age check is an ID-token claim), so signed-in calls carry it instead.
async function idTokenHeader(authMode: AuthMode): Promise<Record<string, string> | undefined> {
  if (authMode !== 'userPool') return undefined;
  const token = (await fetchAuthSession()).tokens?.idToken?.toString();
  if (!token) throw new ApiError('SignInRequired', 'sign in first');
  return { Authorization: token };
}

async function send(request: Request): Promise<unknown> {
  if (!graphql) {
    const client = generateClient() as unknown as { graphql: Send };
    graphql = client.graphql.bind(client);
  }
  return graphql(request, await idTokenHeader(request.authMode ?? 'userPool'));
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const first = (error as { errors?: RawError[] } | undefined)?.errors?.[0];
  if (first) {
    const original = first.originalError;
    const unauthorized = /unauthori[sz]ed|401/i.test(`${first.errorType ?? ''} ${first.message ?? ''}`);
    // An error with no type and no underlying network failure is GraphQL refusing the request itself
    // (a value out of Int's range, say): the request was wrong, the network was fine.
    const type = first.errorType ?? (unauthorized ? 'UnauthorizedException' : original?.name ?? 'BadRequest');
    return new ApiError(type, first.message ?? original?.message ?? 'request failed', first.errorInfo);
  }
  const name = (error as Error | undefined)?.name;
  if (name === 'NoValidAuthTokens' || name === 'UserUnAuthenticatedException') return new ApiError('SignInRequired', 'sign in first');
  return new ApiError('NetworkError', (error as Error | undefined)?.message ?? String(error));
}

export async function gql<T>(query: string, variables: Record<string, unknown> = {}, authMode: AuthMode = 'userPool'): Promise<T> {
  const failover = regionalFailover();
  if (!failover) return gqlOnce<T>(query, variables, authMode);
  // Several regions: the nearest that answers (a new API client whenever the region changes).
  return failover.call((endpoint) => {
    if (useRegion(endpoint)) graphql = undefined;
    return gqlOnce<T>(query, variables, authMode);
  });
}

async function gqlOnce<T>(query: string, variables: Record<string, unknown>, authMode: AuthMode): Promise<T> {
  try {
    const result = (await send({ query, variables, authMode })) as GraphQLResponse<T>;
    if (result.errors?.length) throw toApiError(result);
    return result.data;
  } catch (error) {
    throw toApiError(error);
  }
}

/** Starts a subscription; returns its stop function. */
export function subscribe<T>(query: string, variables: Record<string, unknown>, onData: (data: T) => void, onError: (error: ApiError) => void): () => void {
  let subscription: { unsubscribe(): void } | undefined;
  let stopped = false;
  send({ query, variables, authMode: 'userPool' }).then((observable) => {
    if (stopped) return;
    subscription = (observable as Subscribable<T>).subscribe({
      next: (value) => { if (value.data) onData(value.data); },
      error: (error) => onError(toApiError(error)),
    });
  }, (error: unknown) => onError(toApiError(error)));
  return () => { stopped = true; subscription?.unsubscribe(); };
}

// The real-time connection's state (Amplify's CONNECTION_STATE_CHANGE on the 'api' Hub channel),
// kept here so a page that subscribes on an already open connection learns it at once.
let connected = false;
const connectionListeners = new Set<(connected: boolean) => void>();
Hub.listen('api', ({ payload }) => {
  if (payload.event !== CONNECTION_STATE_CHANGE) return;
  connected = (payload.data as { connectionState: string }).connectionState === ConnectionState.Connected;
  connectionListeners.forEach((listener) => listener(connected));
});

export function onConnectionState(listener: (connected: boolean) => void): () => void {
  connectionListeners.add(listener);
  listener(connected);
  return () => connectionListeners.delete(listener);
}
