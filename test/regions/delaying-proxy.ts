// A region that answers late: an HTTP proxy in front of a local endpoint that holds every request
// `delayMs` before passing it on (a far or loaded region), so a test can see what arrives after a
// caller has moved on.
import { createServer, request } from 'node:http';

export interface DelayingProxy {
  readonly endpoint: string;
  close(): Promise<void>;
}

export async function delayingProxy(target: string, delayMs: number): Promise<DelayingProxy> {
  const to = new URL(target);
  const server = createServer((incoming, outgoing) => {
    const body: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => body.push(chunk));
    incoming.on('end', () => setTimeout(() => {
      const forwarded = request({ host: to.hostname, port: to.port, path: incoming.url, method: incoming.method, headers: incoming.headers }, (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      });
      forwarded.on('error', () => { outgoing.destroy(); });
      forwarded.end(Buffer.concat(body));
    }, delayMs));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
