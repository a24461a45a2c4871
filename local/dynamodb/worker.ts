// The local DynamoDB endpoint on a worker thread (see worker-host.ts). Answers the host with the
// bound endpoint, or with why it could not start; closes when asked.
import { parentPort, workerData } from 'node:worker_threads';
import { startDynamoDB, type DynamoDBOptions } from './server.ts';

const port = parentPort!;
try {
  const server = await startDynamoDB(workerData as DynamoDBOptions);
  port.on('message', (message: unknown) => {
    if (message !== 'close') return;
    void server.close().finally(() => port.postMessage({ closed: true }));
  });
  port.postMessage({ endpoint: server.endpoint, port: server.port });
} catch (err) {
  port.postMessage({ error: (err as Error).message });
}
