// A local endpoint is a function from a request to an answer. node:http is one way to reach it (the
// AWS CLI, a browser, any outside client); the in-process transport (local/aws/local-transport.ts)
// is the other, for the platform's own SDK clients. Both see the same bytes, so both get the same
// protocol handling and the same answers.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

export interface LocalRequest {
  readonly method: string;
  /** Path and query, as on the request line. */
  readonly path: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

export interface LocalAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export type LocalService = (request: LocalRequest) => Promise<LocalAnswer>;

export interface HttpAdapterOptions {
  /** Bodies above this size are not buffered; the service gets `tooLarge` instead. */
  readonly maxBodyBytes: number;
  readonly tooLarge: (request: Omit<LocalRequest, 'body'>) => LocalAnswer | Promise<LocalAnswer>;
}

/** Header names in lower case, as node:http gives them (a service reads, and the SDK expects, these). */
export function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  const lower: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) lower[name.toLowerCase()] = value;
  return lower;
}

function headersOf(req: IncomingMessage): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return headers;
}

/** Serves a local endpoint over node:http. */
export function httpAdapter(service: LocalService, options: HttpAdapterOptions): RequestListener {
  const respond = (res: ServerResponse, answer: LocalAnswer) => {
    const bytes = Buffer.from(answer.body, 'utf8');
    res.writeHead(answer.status, { ...answer.headers, 'content-length': bytes.length });
    res.end(bytes);
  };
  return (req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= options.maxBodyBytes) chunks.push(chunk);
    });
    req.on('end', () => {
      const head = { method: req.method ?? 'GET', path: req.url ?? '/', headers: headersOf(req) };
      const answering = size > options.maxBodyBytes
        ? Promise.resolve(options.tooLarge(head))
        : service({ ...head, body: Buffer.concat(chunks).toString('utf8') });
      // A service answers its own errors; one that throws loses the connection.
      answering.then((answer) => respond(res, answer), (err: unknown) => res.destroy(err as Error));
    });
    req.on('error', () => res.destroy());
  };
}
