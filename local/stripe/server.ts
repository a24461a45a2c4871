// The local Stripe: the subset of Stripe's REST API the payment adapter uses, on a loopback port, so
// the official `stripe` SDK pointed here (host/port/protocol) works unchanged (API.md §7). Every
// request is authenticated, passes the drill switches, then runs; POSTs follow Stripe's idempotency
// rules (https://docs.stripe.com/api/idempotent_requests): the first result for a key is saved with
// the objects it changed and replayed for a retry with the same parameters
// (`Idempotent-Replayed: true`), a reuse with other parameters is an idempotency_error, a retry while
// the first is still running is a 409, and keys are kept 24 hours.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { FaultSwitch, FaultSwitchInputError, parseFaultRate, parseOutage, type FaultRate } from '../fault-switch.ts';
import { listen } from '../http/listen.ts';
import { authenticate, localSecretKey } from './auth.ts';
import { errorBody, idempotencyKeyInUse, idempotencyMismatch, invalidRequest, rateLimited, StripeApiError, transientApiError } from './errors.ts';
import { newId } from './objects.ts';
import { canonicalParams, parseParams, Params } from './params.ts';
import { findRoute, type Outcome, type RequestContext } from './routes.ts';
import { StripeStore, type IdempotencyRecord } from './store.ts';

export interface StripeServerOptions {
  /** 0 picks a free port. */
  readonly port: number;
  readonly host?: string;
  /** Objects and idempotency keys live under `<dataDir>/stripe/`. */
  readonly dataDir: string;
  readonly log?: (line: string) => void;
}

export interface StripeServer {
  /** `http://host:port`, the SDK's host/port/protocol. */
  readonly endpoint: string;
  readonly secretKey: string;
  setOutage(on: boolean): void;
  setFaults(faults: FaultRate): void;
  close(): Promise<void>;
}

/** The drill switches, also served here so that regions sharing one local Stripe can drive it. */
export const sandboxPaths = { outage: '/_sandbox/payment/outage', faults: '/_sandbox/payment/faults' } as const;

const maxIdempotencyKeyLength = 255;
const maxBodyBytes = 1024 * 1024;
/** tok_flaky: calls of one operation that fail before it succeeds (API.md §7). */
const flakyFailures = 2;

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
    });
    req.on('end', () => (size > maxBodyBytes
      ? reject(invalidRequest(`Request bodies are limited to ${maxBodyBytes} bytes.`, { status: 413 }))
      : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

function errorAnswer(error: StripeApiError): Answer {
  return { status: error.status, body: errorBody(error), headers: error.headers };
}

export async function startStripe(options: StripeServerOptions): Promise<StripeServer> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => undefined);
  const secretKey = localSecretKey;
  const store = await StripeStore.open(options.dataDir);
  const faults = new FaultSwitch();
  const inFlight = new Set<string>();
  const flakyCalls = new Map<string, number>();

  const flaky = (operation: string) => {
    const calls = (flakyCalls.get(operation) ?? 0) + 1;
    flakyCalls.set(operation, calls);
    if (calls <= flakyFailures) throw transientApiError(`An error occurred with our connection to the card network (tok_flaky, call ${calls} of ${operation}). Please retry.`);
  };

  /** The drill switches decide before anything runs: an outage, or a seeded share of 500s and 429s. */
  const gate = () => {
    const fault = faults.check();
    if (!fault) return;
    if (fault.reason === 'outage') throw new StripeApiError(503, { type: 'api_error', message: 'The local Stripe is unavailable (outage drill switch). Please retry later.' }, { beforeExecution: true });
    throw fault.draw < 0.5
      ? transientApiError('An unexpected error occurred (fault drill switch). Please retry.')
      : rateLimited('Too many requests hit the API too quickly (fault drill switch). We recommend an exponential backoff of your requests.');
  };

  const run = (method: string, path: string, params: Params, operationKey: string): Outcome => {
    const { handler, pathId } = findRoute(method, path);
    const ctx: RequestContext = { store, params, pathId, operationKey, flaky };
    return handler(ctx);
  };

  const execute = async (req: IncomingMessage, method: string, path: string, query: string, key: string | undefined, requestId: string): Promise<Answer> => {
    const body = await readBody(req);
    gate();
    const raw = parseParams(method === 'GET' ? query : body);
    const params = new Params(raw);
    const canonical = canonicalParams(raw);
    if (method !== 'POST' || key === undefined) {
      const outcome = run(method, path, params, key ?? `${path}?${canonical}`);
      if (outcome.change) await store.commit(outcome.change);
      else await store.settled();
      return { status: outcome.status, body: JSON.stringify(outcome.body) };
    }
    const saved = store.idempotencyRecord(key);
    if (saved) {
      if (saved.method !== method || saved.path !== path || saved.params !== canonical) throw idempotencyMismatch(key);
      await store.settled();
      return { status: saved.status, body: saved.body, headers: { 'Idempotent-Replayed': 'true', 'Original-Request': saved.requestId } };
    }
    const record = (status: number, text: string): IdempotencyRecord => ({ key, method, path, params: canonical, status, body: text, requestId, created: Date.now() });
    let outcome: Outcome;
    try {
      outcome = run(method, path, params, key);
    } catch (err) {
      // An error from a running endpoint is its result, saved like any other; one from before it ran is not.
      if (err instanceof StripeApiError && !err.beforeExecution) await store.commit({ idempotency: record(err.status, errorBody(err)) });
      throw err;
    }
    const text = JSON.stringify(outcome.body);
    await store.commit({ ...outcome.change, idempotency: record(outcome.status, text) });
    return { status: outcome.status, body: text };
  };

  const sandbox = async (req: IncomingMessage, path: string): Promise<Answer> => {
    let input: unknown;
    try {
      input = JSON.parse(await readBody(req));
    } catch {
      return { status: 400, body: JSON.stringify({ message: 'Body must be JSON' }) };
    }
    try {
      if (path === sandboxPaths.outage) {
        const on = parseOutage(input);
        faults.setOutage(on);
        log(`payment outage ${on ? 'ON' : 'off'}`);
        return { status: 200, body: JSON.stringify({ provider: 'payment', outage: on }) };
      }
      const rate = parseFaultRate(input);
      faults.setFaults(rate);
      log(`payment faults ${rate.failRate > 0 ? `failRate ${rate.failRate} seed ${rate.seed}` : 'off'}`);
      return { status: 200, body: JSON.stringify({ provider: 'payment', faults: rate }) };
    } catch (err) {
      if (err instanceof FaultSwitchInputError) return { status: 400, body: JSON.stringify({ message: err.message }) };
      throw err;
    }
  };

  const answer = async (req: IncomingMessage, requestId: string): Promise<Answer> => {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://local');
    if (method === 'POST' && (url.pathname === sandboxPaths.outage || url.pathname === sandboxPaths.faults)) return sandbox(req, url.pathname);
    const header = req.headers['idempotency-key'];
    // Stripe ignores idempotency keys on GET and DELETE.
    const key = method === 'POST' && typeof header === 'string' && header !== '' ? header : undefined;
    try {
      authenticate(req.headers.authorization, secretKey);
      if (key !== undefined && key.length > maxIdempotencyKeyLength) {
        throw invalidRequest(`Invalid Idempotency-Key: keys are up to ${maxIdempotencyKeyLength} characters long.`, { param: 'Idempotency-Key' });
      }
      if (key !== undefined && inFlight.has(key)) throw idempotencyKeyInUse(key);
    } catch (err) {
      req.resume();
      throw err;
    }
    // The key is held from the moment the request arrives until its answer is on disk.
    if (key !== undefined) inFlight.add(key);
    try {
      return await execute(req, method, url.pathname, url.search.slice(1), key, requestId);
    } finally {
      if (key !== undefined) inFlight.delete(key);
    }
  };

  const respond = (res: ServerResponse, requestId: string, { status, body, headers = {} }: Answer) => {
    const bytes = Buffer.from(body, 'utf8');
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': bytes.length, 'Request-Id': requestId, ...headers });
    res.end(bytes);
  };

  const server = createServer((req, res) => {
    const requestId = newId('req', 14);
    answer(req, requestId).then((result) => respond(res, requestId, result), (err: unknown) => {
      if (err instanceof StripeApiError) return respond(res, requestId, errorAnswer(err));
      log(`${req.method} ${req.url} failed: ${err instanceof Error ? err.stack : String(err)}`);
      respond(res, requestId, { status: 500, body: JSON.stringify({ error: { type: 'api_error', message: 'An unknown error occurred in the local Stripe.' } }) });
    });
  });
  let port: number;
  try {
    port = await listen(server, options.port, host, 'Local Stripe');
  } catch (err) {
    await store.close();
    throw err;
  }
  return {
    endpoint: `http://${host}:${port}`,
    secretKey,
    setOutage: (on) => faults.setOutage(on),
    setFaults: (rate) => faults.setFaults(rate),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
