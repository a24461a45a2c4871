// The local DynamoDB endpoint on a worker thread (see worker-host.ts). Answers the host with the
// bound endpoint, or with why it could not start; serves in-process requests that the host relays;
// closes when asked.
import { parentPort, workerData } from 'node:worker_threads';
import type { LocalRequest } from '../http/exchange.ts';
import { startDynamoDB, type DynamoDBOptions } from './server.ts';

export type HostMessage = 'close' | { readonly id: number; readonly request: LocalRequest };

const port = parentPort!;
try {
  const server = await startDynamoDB(workerData as DynamoDBOptions);
  port.on('message', (message: HostMessage) => {
    if (message === 'close') {
      void server.close().finally(() => port.postMessage({ closed: true }));
      return;
    }
    // The service answers every error itself, so the promise never rejects.
    void server.service(message.request).then((answer) => port.postMessage({ id: message.id, answer }));
  });
  port.postMessage({ endpoint: server.endpoint, port: server.port });
} catch (err) {
  port.postMessage({ error: (err as Error).message });
}
