// The in-process transport of the platform's own AWS SDK clients (the tasks', the Step Functions
// engine's, AppSync's data sources'): a smithy request handler that hands a request for a local
// endpoint straight to that endpoint's service, without a socket. The SDK still builds, signs and
// parses every request and answer exactly as over the network; only the TCP and HTTP framing is
// skipped, which on loopback costs more than the whole DynamoDB operation (about 0.35 ms of the
// caller's CPU per call). Requests for any other origin go over the network as usual.
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { HttpHandlerOptions, HttpRequest, HttpResponse } from '@smithy/types';
import { lowerCaseKeys, type LocalService } from '../http/exchange.ts';

function originOf(endpoint: string): string {
  const url = new URL(endpoint);
  return `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
}

function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  throw new TypeError('the in-process transport carries string and byte bodies only');
}

function pathOf(request: HttpRequest): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query ?? {})) {
    for (const one of Array.isArray(value) ? value : [value]) if (one !== null && one !== undefined) query.append(name, one);
  }
  const search = query.toString();
  return search ? `${request.path}?${search}` : request.path;
}

export class LocalTransport {
  private readonly services = new Map<string, LocalService>();
  private network?: NodeHttpHandler;

  /** Routes requests for `endpoint` (scheme, host and port) to `service`. */
  register(endpoint: string, service: LocalService): void {
    this.services.set(originOf(endpoint), service);
  }

  /** The service registered for `endpoint`'s origin, if it is a local one. */
  serviceFor(endpoint: string): LocalService | undefined {
    return this.services.get(originOf(endpoint));
  }

  async handle(request: HttpRequest, options: HttpHandlerOptions = {}): Promise<{ response: HttpResponse }> {
    const service = this.services.get(`${request.hostname}:${request.port ?? (request.protocol === 'https:' ? 443 : 80)}`);
    // The SDK passes smithy's HttpRequest class, which the network handler's signature names.
    if (!service) return (this.network ??= new NodeHttpHandler()).handle(request as Parameters<NodeHttpHandler['handle']>[0], options);
    if (options.abortSignal?.aborted) throw Object.assign(new Error('Request aborted'), { name: 'AbortError' });
    const answer = await service({ method: request.method, path: pathOf(request), headers: lowerCaseKeys(request.headers), body: bodyText(request.body) });
    return { response: { statusCode: answer.status, headers: lowerCaseKeys(answer.headers), body: Buffer.from(answer.body, 'utf8') } };
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  /** A client's destroy() leaves the shared transport alone; the platform closes it with `close`. */
  destroy(): void {}

  close(): void {
    this.network?.destroy();
  }
}
