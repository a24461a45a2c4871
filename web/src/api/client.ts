// One Amplify API client for every page: queries and mutations as promises with typed errors,
// subscriptions as callbacks. Signed-in calls use the user pool; anonymous catalogue reads the API key.
import { generateClient } from 'aws-amplify/api';

export type AuthMode = 'userPool' | 'apiKey';

/** An AppSync error (errors[0].errorType and message), or a network failure (`NetworkError`). */
export class ApiError extends Error {
  readonly type: string;
  constructor(type: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.type = type;
  }
}

interface RawError { errorType?: string; message?: string; originalError?: { name?: string; message?: string } }
interface GraphQLResponse<T> { data: T; errors?: RawError[] }
interface Subscribable<T> {
  subscribe(observer: { next: (value: GraphQLResponse<T>) => void; error: (error: unknown) => void }): { unsubscribe(): void };
}
type Request = { query: string; variables?: Record<string, unknown>; authMode?: AuthMode };

// The client's overloads are keyed to generated typed documents; these pages send plain strings.
type Send = (request: Request) => unknown;
let graphql: Send | undefined;
function send(request: Request): unknown {
  if (!graphql) {
    const client = generateClient() as unknown as { graphql: Send };
    graphql = client.graphql.bind(client);
  }
  return graphql(request);
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const first = (error as { errors?: RawError[] } | undefined)?.errors?.[0];
  if (first) {
    const original = first.originalError;
    const unauthorized = /unauthori[sz]ed|401/i.test(`${first.errorType ?? ''} ${first.message ?? ''}`);
    const type = first.errorType ?? (unauthorized ? 'UnauthorizedException' : original?.name ?? 'NetworkError');
    return new ApiError(type, first.message ?? original?.message ?? 'request failed');
  }
  const name = (error as Error | undefined)?.name;
  if (name === 'NoValidAuthTokens' || name === 'UserUnAuthenticatedException') return new ApiError('SignInRequired', 'sign in first');
  return new ApiError('NetworkError', (error as Error | undefined)?.message ?? String(error));
}

export async function gql<T>(query: string, variables: Record<string, unknown> = {}, authMode: AuthMode = 'userPool'): Promise<T> {
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
  const observable = send({ query, variables, authMode: 'userPool' }) as Subscribable<T>;
  const subscription = observable.subscribe({
    next: (value) => { if (value.data) onData(value.data); },
    error: (error) => onError(toApiError(error)),
  });
  return () => subscription.unsubscribe();
}
