// Runs the local DynamoDB endpoint on its own thread. `npm start` hosts every service and every
// task in one process; the endpoint's request handling (validation, dynalite, its journal) is most of
// its work, and on a thread of its own it uses the second core. Outside clients reach it over HTTP;
// the platform's own clients through `service`, which relays a request to the thread as a message.
import { Worker } from 'node:worker_threads';
import type { LocalAnswer, LocalRequest, LocalService } from '../http/exchange.ts';
import { DynamoDBCallError, type DynamoDBCall, type DynamoDBOutput } from './direct-call.ts';
import type { DynamoDBError } from './errors.ts';
import { failureAnswer } from './protocol.ts';
import type { DynamoDBOptions } from './server.ts';
import type { TableUsage } from './usage.ts';
import type { HostMessage } from './worker.ts';

export interface DynamoDBThread {
  readonly endpoint: string;
  readonly port: number;
  /** The endpoint's protocol handling, reached without a socket (the in-process transport). */
  readonly service: LocalService;
  /** The platform's own services' calls, straight to the engine (see direct-call.ts). */
  readonly call: DynamoDBCall;
  /** Reads and writes per table so far (usage.ts). */
  usage(): Promise<Record<string, TableUsage>>;
  close(): Promise<void>;
}

type Control = { endpoint: string; port: number } | { error: string } | { closed: true };
type Reply = { id: number; usage: Record<string, TableUsage> } | { id: number; answer: LocalAnswer } | { id: number; output: DynamoDBOutput } | { id: number; failure: DynamoDBError };
type Message = Control | Reply;

export async function startDynamoDBThread(options: DynamoDBOptions): Promise<DynamoDBThread> {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { workerData: options });
  const pending = new Map<number, (reply: Reply) => void>();
  let nextId = 0;
  let control: ((message: Control) => void) | undefined;
  worker.on('message', (message: Message) => {
    if ('id' in message) {
      pending.get(message.id)?.(message);
      pending.delete(message.id);
    } else {
      control?.(message);
    }
  });
  const next = () => new Promise<Control>((resolve, reject) => {
    control = resolve;
    worker.once('error', reject);
  });
  const post = (message: HostMessage) => worker.postMessage(message);
  const started = await next();
  if ('error' in started) {
    await worker.terminate();
    throw new Error(started.error);
  }
  if (!('endpoint' in started)) throw new Error('the DynamoDB thread answered out of turn');
  let closed = false;
  // A thread that dies answers nothing more: calls in flight fail (InternalFailure), later ones as a
  // refused connection would; nobody waits forever.
  worker.on('exit', () => {
    closed = true;
    for (const [id, resolve] of pending) {
      pending.delete(id);
      resolve({ id, failure: { statusCode: 500, body: { __type: 'com.amazon.coral.service#InternalFailure', message: 'The local DynamoDB thread stopped' } } });
    }
  });
  const relay = (message: Omit<Exclude<HostMessage, 'close'>, 'id'>) => {
    if (closed) return Promise.reject(Object.assign(new Error('connect ECONNREFUSED: the local DynamoDB endpoint is closed'), { code: 'ECONNREFUSED' }));
    const id = nextId++;
    return new Promise<Reply>((resolve, reject) => {
      pending.set(id, resolve);
      try {
        post({ ...message, id } as HostMessage);
      } catch (err) {
        pending.delete(id); // e.g. a value that cannot be cloned
        reject(err as Error);
      }
    });
  };
  return {
    endpoint: started.endpoint,
    port: started.port,
    service: async (request: LocalRequest) => {
      const reply = await relay({ request });
      return 'failure' in reply ? failureAnswer(reply.failure) : (reply as { answer: LocalAnswer }).answer;
    },
    call: async (operation, input) => {
      const reply = await relay({ operation, input });
      if ('failure' in reply) throw new DynamoDBCallError(reply.failure);
      return (reply as { output: DynamoDBOutput }).output;
    },
    usage: async () => ((await relay({ usage: true })) as { usage: Record<string, TableUsage> }).usage,
    async close() {
      closed = true;
      const stopped = next();
      post('close');
      await stopped;
      await worker.terminate();
    },
  };
}
