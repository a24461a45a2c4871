// The local event bus over EventBridge's JSON protocol (POST / with `x-amz-target: AWSEvents.<Action>`,
// application/x-amz-json-1.1), so @aws-sdk/client-eventbridge works with `endpoint` set: PutEvents and
// TestEventPattern. Rules and targets are registered in-process (targets are functions).
import { createServer } from 'node:http';
import { jsonProtocol } from '../aws/json-protocol.ts';
import { ServiceError } from '../aws/service-error.ts';
import type { LocalCredentials } from '../aws/sigv4.ts';
import { httpAdapter, type LocalService } from '../http/exchange.ts';
import { listen } from '../http/listen.ts';
import { EventBus } from './bus.ts';
import type { EventBusConfig, EventTarget, PutEventsInput, PutEventsResult } from './bus.ts';
import type { EventPattern } from './pattern.ts';

export interface EventBusOptions extends Partial<EventBusConfig> {
  /** 0 picks an ephemeral port. */
  readonly port: number;
  readonly host?: string;
  /** The access key callers sign with (default: the README's `local` / `local`). */
  readonly credentials?: LocalCredentials;
}

export interface LocalEventBus {
  readonly endpoint: string;
  /** The endpoint's protocol handling, for the in-process transport. */
  readonly service: LocalService;
  putRule(name: string, pattern: EventPattern | string, target: EventTarget, options?: { eventBusName?: string }): void;
  removeRule(name: string, options?: { eventBusName?: string }): boolean;
  /** In-process PutEvents (the Step Functions `events:putEvents` integration): same answer as the HTTP API. */
  putEvents(input: PutEventsInput): Promise<PutEventsResult>;
  /** Resolves when every accepted event has been delivered or given up on. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** PutEvents accepts at most 256 KiB of entries per request. */
const MAX_BODY_BYTES = 256 * 1024;
const tooLarge = () => new ServiceError('ValidationException', 'Total size of the entries in the request is over the limit.');

/** TestEventPattern: https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_TestEventPattern.html */
function testEventPattern(input: Record<string, unknown>): { Result: boolean } {
  const { EventPattern: pattern, Event: event } = input;
  if (typeof pattern !== 'string' || typeof event !== 'string') {
    throw new ServiceError('ValidationException', 'EventPattern and Event are required strings');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(event);
  } catch {
    throw new ServiceError('ValidationException', 'Parameter Event is not valid.');
  }
  return { Result: EventBus.test(pattern, parsed) };
}

export async function startEventBus(options: EventBusOptions): Promise<LocalEventBus> {
  const host = options.host ?? '127.0.0.1';
  const bus = new EventBus({ region: options.region ?? 'us-east-1', accountId: options.accountId ?? '000000000000', ...options });

  // Every EventBridge action is authorised with IAM: none is served unsigned.
  const protocol = jsonProtocol({
    signingName: 'events', targetPrefix: 'AWSEvents', version: '1.1', region: options.region ?? 'us-east-1', credentials: options.credentials,
    logName: 'events', internalErrorName: 'InternalException', emptyBodyIsObject: true,
    actions: {
      PutEvents: (input) => bus.putEvents(input as unknown as PutEventsInput),
      TestEventPattern: async (input) => testEventPattern(input),
    },
  });
  const service: LocalService = async (request) =>
    (Buffer.byteLength(request.body) > MAX_BODY_BYTES ? protocol.failure(tooLarge()) : protocol.service(request));

  const server = createServer(httpAdapter(service, {
    maxBodyBytes: MAX_BODY_BYTES,
    tooLarge: () => protocol.failure(tooLarge()),
  }));
  const port = await listen(server, options.port, host, 'Local event bus (EventBridge)');
  return {
    endpoint: `http://${host}:${port}`,
    service,
    putRule: (name, pattern, target, ruleOptions) => bus.putRule(name, pattern, target, ruleOptions),
    removeRule: (name, ruleOptions) => bus.removeRule(name, ruleOptions),
    putEvents: (input) => bus.putEvents(input),
    idle: () => bus.idle(),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await bus.close();
    },
  };
}
