// The local event bus over EventBridge's JSON protocol (POST / with `x-amz-target: AWSEvents.<Action>`,
// application/x-amz-json-1.1), so @aws-sdk/client-eventbridge works with `endpoint` set: PutEvents and
// TestEventPattern. Rules and targets are registered in-process (targets are functions).
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { httpAdapter, type LocalAnswer, type LocalService } from '../http/exchange.ts';
import { listen } from '../http/listen.ts';
import { EventBus } from './bus.ts';
import type { EventBusConfig, EventTarget, PutEventsInput, PutEventsResult } from './bus.ts';
import { EventsError } from './errors.ts';
import type { EventPattern } from './pattern.ts';

export interface EventBusOptions extends Partial<EventBusConfig> {
  /** 0 picks an ephemeral port. */
  readonly port: number;
  readonly host?: string;
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

const TARGET_PREFIX = 'AWSEvents.';
const CONTENT_TYPE = 'application/x-amz-json-1.1';
/** PutEvents accepts at most 256 KiB of entries per request. */
const MAX_BODY_BYTES = 256 * 1024;

function answer(status: number, body: unknown, extraHeaders: Record<string, string> = {}): LocalAnswer {
  return { status, headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': randomUUID(), ...extraHeaders }, body: JSON.stringify(body) };
}

function failure(error: EventsError): LocalAnswer {
  return answer(error.status, { __type: error.type, message: error.message }, { 'x-amzn-errortype': error.type });
}

function parseJson(text: string): Record<string, unknown> {
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new EventsError('ValidationException', 'Total size of the entries in the request is over the limit.');
  let body: unknown;
  try {
    body = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new EventsError('SerializationException', 'Request body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new EventsError('SerializationException', 'Request body must be a JSON object');
  return body as Record<string, unknown>;
}

/** TestEventPattern: https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_TestEventPattern.html */
function testEventPattern(input: Record<string, unknown>): { Result: boolean } {
  const { EventPattern: pattern, Event: event } = input;
  if (typeof pattern !== 'string' || typeof event !== 'string') {
    throw new EventsError('ValidationException', 'EventPattern and Event are required strings');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(event);
  } catch {
    throw new EventsError('ValidationException', 'Parameter Event is not valid.');
  }
  return { Result: EventBus.test(pattern, parsed) };
}

export async function startEventBus(options: EventBusOptions): Promise<LocalEventBus> {
  const host = options.host ?? '127.0.0.1';
  const bus = new EventBus({ region: options.region ?? 'us-east-1', accountId: options.accountId ?? '000000000000', ...options });

  const service: LocalService = async (request) => {
    try {
      if (request.method !== 'POST' || request.path.split('?')[0] !== '/') throw new EventsError('UnknownOperationException', 'Not found');
      const target = request.headers['x-amz-target'] ?? '';
      const input = parseJson(request.body);
      const action = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
      if (action === 'PutEvents') return answer(200, await bus.putEvents(input as unknown as PutEventsInput));
      if (action === 'TestEventPattern') return answer(200, testEventPattern(input));
      throw new EventsError('UnknownOperationException', `Unknown operation ${target || '(no x-amz-target)'}`);
    } catch (error) {
      if (!(error instanceof EventsError)) console.error('[events] internal error', error);
      return failure(error instanceof EventsError ? error : new EventsError('InternalException', 'Internal error', 500));
    }
  };

  const server = createServer(httpAdapter(service, {
    maxBodyBytes: MAX_BODY_BYTES,
    tooLarge: () => failure(new EventsError('ValidationException', 'Total size of the entries in the request is over the limit.')),
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
