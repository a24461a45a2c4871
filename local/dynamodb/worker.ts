// The local DynamoDB endpoint on a worker thread (see worker-host.ts). Answers the host with the
// bound endpoint, or with why it could not start; serves in-process requests that the host relays;
// closes when asked.
import { parentPort, workerData } from 'node:worker_threads';
import type { LocalRequest } from '../http/exchange.ts';
import type { DirectOperation } from './direct-call.ts';
import { asDynamoDBError } from './errors.ts';
import { startDynamoDB, type DynamoDBOptions } from './server.ts';

export type HostMessage = 'close'
  | { readonly id: number; readonly usage: true }
  | { readonly id: number; readonly request: LocalRequest }
  | { readonly id: number; readonly operation: DirectOperation; readonly input: Record<string, unknown> };

const port = parentPort!;
try {
  const server = await startDynamoDB(workerData as DynamoDBOptions);
  port.on('message', (message: HostMessage) => {
    if (message === 'close') {
      void server.close().finally(() => port.postMessage({ closed: true }));
      return;
    }
    if ('usage' in message) {
      port.postMessage({ id: message.id, usage: server.engine.usage.snapshot() });
      return;
    }
    if ('request' in message) {
      // The service answers every error itself, so the promise never rejects.
      void server.service(message.request).then((answer) => port.postMessage({ id: message.id, answer }));
      return;
    }
    server.engine.execute(message.operation, message.input).then(
      (output) => port.postMessage({ id: message.id, output }),
      (err: unknown) => {
        const { statusCode, body } = asDynamoDBError(err, 'call');
        port.postMessage({ id: message.id, failure: { statusCode, body } });
      },
    );
  });
  port.postMessage({ endpoint: server.endpoint, port: server.port });
} catch (err) {
  port.postMessage({ error: (err as Error).message });
}
