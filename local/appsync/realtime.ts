// AppSync's real-time WebSocket protocol on /graphql/realtime, as AWS documents it
// (https://docs.aws.amazon.com/appsync/latest/devguide/real-time-websocket-client.html): subprotocol
// `graphql-ws`; the connection's authorization in the `header` query parameter (base64 JSON) or in a
// `header-<base64url>` subprotocol; connection_init → connection_ack { connectionTimeoutMs }; `ka`
// keep-alives; start { data, extensions.authorization } → start_ack | error; data; stop → complete.
import type { IncomingMessage } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { valueFromAST } from 'graphql';
import type { Caller } from './auth.ts';
import type { Executor } from './executor.ts';
import type { SubscriptionHub, Subscription } from './subscriptions.ts';

export type Authenticator = (headers: Record<string, string>, signedPath: string, body: string, sourceIp: string) => Promise<Caller | null>;

export interface RealtimeOptions {
  readonly executor: Executor;
  readonly hub: SubscriptionHub;
  readonly authenticate: Authenticator;
  readonly connectionTimeoutMs: number;
  readonly keepAliveIntervalMs: number;
}

const unauthorized = { errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.', errorCode: 401 };

function decodeHeader(value: string): Record<string, string> | null {
  try {
    const parsed = JSON.parse(Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8')) as unknown;
    if (parsed === null || typeof parsed !== 'object') return null;
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k.toLowerCase(), String(v)]));
  } catch {
    return null;
  }
}

function connectionHeaders(req: IncomingMessage): Record<string, string> | null {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const fromQuery = url.searchParams.get('header');
  if (fromQuery !== null) return decodeHeader(fromQuery);
  const protocols = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  const fromProtocol = protocols.find((p) => p.startsWith('header-'));
  return fromProtocol === undefined ? null : decodeHeader(fromProtocol.slice('header-'.length));
}

export function createRealtimeServer(options: RealtimeOptions): WebSocketServer {
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => (protocols.has('graphql-ws') ? 'graphql-ws' : false),
  });
  wss.on('connection', (socket: WebSocket, req: IncomingMessage) => {
    const sourceIp = req.socket.remoteAddress ?? '127.0.0.1';
    const headers = connectionHeaders(req);
    const connectionCaller = headers === null
      ? Promise.resolve(null)
      : options.authenticate(headers, '/graphql/connect', Buffer.from(new URL(req.url ?? '/', 'http://x').searchParams.get('payload') ?? 'e30=', 'base64').toString('utf8'), sourceIp);
    const subscriptions = new Map<string, Subscription>();
    let keepAlive: NodeJS.Timeout | undefined;
    const send = (message: unknown) => { if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message)); };
    const error = (id: string | undefined, errors: unknown[]) => send({ type: 'error', ...(id === undefined ? {} : { id }), payload: { errors } });

    socket.on('close', () => {
      clearInterval(keepAlive);
      for (const sub of subscriptions.values()) options.hub.remove(sub);
      subscriptions.clear();
    });

    // Messages are handled one at a time, in order, so a stop never overtakes its start.
    let queue = Promise.resolve();
    socket.on('message', (raw) => {
      queue = queue.then(async () => {
        let message: { type?: string; id?: string; payload?: { data?: string; extensions?: { authorization?: Record<string, string> } } };
        try {
          message = JSON.parse(String(raw)) as typeof message;
        } catch {
          error(undefined, [{ errorType: 'BadRequestException', message: 'Message is not valid JSON' }]);
          return;
        }
        // connection_init is optional in the protocol, so the connection's own authorization is
        // checked before whatever message comes first.
        if ((await connectionCaller) === null) {
          send({ type: 'connection_error', payload: { errors: [unauthorized] } });
          socket.close(1000);
          return;
        }
        switch (message.type) {
          case 'connection_init': {
            send({ type: 'connection_ack', payload: { connectionTimeoutMs: options.connectionTimeoutMs } });
            send({ type: 'ka' });
            keepAlive = setInterval(() => send({ type: 'ka' }), options.keepAliveIntervalMs);
            keepAlive.unref();
            return;
          }
          case 'start':
            await start(message.id, message.payload);
            return;
          case 'stop': {
            const sub = message.id === undefined ? undefined : subscriptions.get(message.id);
            if (sub !== undefined) {
              options.hub.remove(sub);
              subscriptions.delete(message.id as string);
            }
            send({ type: 'complete', id: message.id });
            return;
          }
          default:
            error(message.id, [{ errorType: 'UnsupportedOperation', message: `Operation ${String(message.type)} is not supported` }]);
        }
      }).catch((err: unknown) => error(undefined, [{ errorType: 'InternalFailure', message: (err as Error).message }]));
    });

    async function start(id: string | undefined, payload: { data?: string; extensions?: { authorization?: Record<string, string> } } | undefined): Promise<void> {
      if (id === undefined || typeof payload?.data !== 'string') {
        error(id, [{ errorType: 'BadRequestException', message: 'start needs an id and payload.data' }]);
        return;
      }
      if (subscriptions.has(id)) {
        error(id, [{ errorType: 'DuplicatedOperationError', message: `Subscription ${id} already exists` }]);
        return;
      }
      const authorization = Object.fromEntries(Object.entries(payload.extensions?.authorization ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
      const caller = await options.authenticate(authorization, '/graphql', payload.data, sourceIp);
      if (caller === null) {
        error(id, [unauthorized]);
        return;
      }
      let request: { query?: unknown; variables?: Record<string, unknown>; operationName?: string };
      try {
        request = JSON.parse(payload.data) as typeof request;
      } catch {
        error(id, [{ errorType: 'BadRequestException', message: 'payload.data is not valid JSON' }]);
        return;
      }
      if (typeof request.query !== 'string') {
        error(id, [{ errorType: 'BadRequestException', message: 'payload.data has no query' }]);
        return;
      }
      const prepared = options.executor.prepare({ query: request.query, operationName: request.operationName });
      if (Array.isArray(prepared)) {
        error(id, (prepared as Array<{ message: string }>).map((e) => ({ errorType: 'ValidationError', message: e.message })));
        return;
      }
      const { operation } = prepared as Exclude<typeof prepared, readonly unknown[]>;
      const root = operation.selectionSet.selections[0];
      if (operation.operation !== 'subscription' || operation.selectionSet.selections.length !== 1 || root.kind !== 'Field') {
        error(id, [{ errorType: 'ValidationError', message: 'start needs a subscription operation with exactly one field' }]);
        return;
      }
      const ok = prepared as Exclude<typeof prepared, readonly unknown[]>;
      const outcome = await options.executor.run(ok, request.variables, caller, authorization, { kind: 'subscribe' });
      if (outcome.response.errors !== undefined) {
        error(id, outcome.response.errors.map((e) => ({ errorType: e.errorType ?? 'ValidationError', message: e.message })));
        return;
      }
      const fieldName = root.name.value;
      const field = options.executor.schema.getSubscriptionType()?.getFields()[fieldName];
      const args: Record<string, unknown> = {};
      for (const arg of root.arguments ?? []) {
        const type = field?.args.find((a) => a.name === arg.name.value)?.type;
        if (type !== undefined) args[arg.name.value] = valueFromAST(arg.value, type, request.variables ?? {});
      }
      const sub: Subscription = {
        fieldName, args, prepared: ok, variables: request.variables ?? {}, caller, headers: authorization,
        filter: outcome.subscriptionFilter, invalidationFilter: outcome.invalidationFilter,
        deliver: (data) => send({ type: 'data', id, payload: data }),
        end: () => { subscriptions.delete(id); send({ type: 'complete', id }); },
      };
      subscriptions.set(id, sub);
      options.hub.add(sub);
      send({ type: 'start_ack', id });
    }
  });
  return wss;
}
