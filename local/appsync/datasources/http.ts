// HTTP data source with AWS_IAM authorization (used here for the Step Functions `states` service):
// the request object's method, resourcePath and params become a SigV4-signed HTTP call, and the
// response becomes ctx.result = { statusCode, headers, body }
// (https://docs.aws.amazon.com/appsync/latest/devguide/js-resolver-reference-http.html).
import type { LocalTransport } from '../../aws/local-transport.ts';
import { lowerCaseKeys } from '../../http/exchange.ts';
import { signRequest, type LocalCredentials } from '../../aws/sigv4.ts';
import { DataSourceRequestError, requestObject, type DataSource } from './types.ts';

const methods = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

export interface HttpDataSourceOptions {
  readonly endpoint: string;
  readonly service: string;
  readonly region: string;
  readonly credentials: LocalCredentials;
  /** When the endpoint is one of the platform's own, the request skips the socket. */
  readonly transport?: LocalTransport;
}

export function httpDataSource(options: HttpDataSourceOptions): DataSource {
  const base = new URL(options.endpoint);
  const local = options.transport?.serviceFor(options.endpoint);
  return async (request) => {
    const r = requestObject(request, 'HTTP');
    const method = String(r.method ?? '').toUpperCase();
    if (!methods.has(method)) throw new DataSourceRequestError(`HTTP request needs a method (GET, POST, ...), got ${String(r.method)}`);
    if (typeof r.resourcePath !== 'string' || !r.resourcePath.startsWith('/')) throw new DataSourceRequestError('HTTP request needs a resourcePath starting with /');
    const params = (r.params ?? {}) as { query?: Record<string, unknown>; headers?: Record<string, unknown>; body?: unknown };
    const body = params.body === undefined || params.body === null ? undefined : typeof params.body === 'string' ? params.body : JSON.stringify(params.body);
    const headers: Record<string, string> = { host: base.host };
    for (const [k, v] of Object.entries(params.headers ?? {})) headers[k.toLowerCase()] = String(v);
    const query = Object.fromEntries(Object.entries(params.query ?? {}).map(([k, v]) => [k, String(v)]));
    const signed = await signRequest({
      method, protocol: base.protocol, hostname: base.hostname, port: base.port ? Number(base.port) : undefined,
      path: r.resourcePath, query, headers, body,
    }, { service: options.service, region: options.region, credentials: options.credentials });
    const url = new URL(r.resourcePath, base);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const { host: _host, ...sendHeaders } = signed.headers;
    try {
      if (local) {
        const answer = await local({ method, path: `${url.pathname}${url.search}`, headers: lowerCaseKeys(signed.headers), body: body ?? '' });
        return { result: { statusCode: answer.status, headers: lowerCaseKeys(answer.headers), body: answer.body } };
      }
      const res = await fetch(url, { method, headers: sendHeaders, body });
      const responseHeaders: Record<string, string> = {};
      res.headers.forEach((value, name) => { responseHeaders[name] = value; });
      return { result: { statusCode: res.status, headers: responseHeaders, body: await res.text() } };
    } catch (err) {
      return { result: null, error: { message: `HTTP request to ${url.origin} failed: ${(err as Error).message}`, type: 'HTTP:RequestFailed' } };
    }
  };
}
