// Runs the local DynamoDB endpoint on its own thread. `npm start` hosts every service and every
// task in one process; the endpoint's request handling (HTTP, validation, dynalite, LevelDB) is
// most of its work, and on a thread of its own it uses the second core.
import { Worker } from 'node:worker_threads';
import type { DynamoDBOptions } from './server.ts';

export interface DynamoDBThread {
  readonly endpoint: string;
  readonly port: number;
  close(): Promise<void>;
}

type Message = { endpoint: string; port: number } | { error: string } | { closed: true };

export async function startDynamoDBThread(options: DynamoDBOptions): Promise<DynamoDBThread> {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { workerData: options });
  const next = () => new Promise<Message>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const started = await next();
  if ('error' in started) {
    await worker.terminate();
    throw new Error(started.error);
  }
  if (!('endpoint' in started)) throw new Error('the DynamoDB thread answered out of turn');
  return {
    endpoint: started.endpoint,
    port: started.port,
    async close() {
      const closed = next();
      worker.postMessage('close');
      await closed;
      await worker.terminate();
    },
  };
}
