// The Step Functions JSON protocol over HTTP: POST with `x-amz-target: AWSStepFunctions.<Action>`,
// JSON in and out (application/x-amz-json-1.0), errors as HTTP 400 `{"__type", "message"}`.
// StartSyncExecution, which the SDK sends to a `sync-` host, is served on the same port.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { SfnApiError } from '../errors.ts';
import type { StepFunctionsEngine } from '../engine.ts';
import { listen as listenOn } from '../../http/listen.ts';

type Handler = (engine: StepFunctionsEngine, body: Record<string, unknown>) => Promise<unknown>;

export const ACTIONS: Readonly<Record<string, Handler>> = {
  CreateStateMachine: (e, b) => e.createStateMachine(b),
  UpdateStateMachine: (e, b) => e.updateStateMachine(b),
  DescribeStateMachine: (e, b) => e.describeStateMachine(b),
  ListStateMachines: (e, b) => e.listStateMachines(b),
  DeleteStateMachine: (e, b) => e.deleteStateMachine(b),
  StartExecution: (e, b) => e.startExecution(b),
  StartSyncExecution: (e, b) => e.startSyncExecution(b),
  DescribeExecution: (e, b) => e.describeExecution(b),
  ListExecutions: (e, b) => e.listExecutions(b),
  GetExecutionHistory: (e, b) => e.getExecutionHistory(b),
  StopExecution: (e, b) => e.stopExecution(b),
  RedriveExecution: (e, b) => e.redriveExecution(b),
  SendTaskSuccess: (e, b) => e.sendTaskSuccess(b),
  SendTaskFailure: (e, b) => e.sendTaskFailure(b),
  SendTaskHeartbeat: (e, b) => e.sendTaskHeartbeat(b),
  TestState: (e, b) => e.testState(b),
};

const CONTENT_TYPE = 'application/x-amz-json-1.0';

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': CONTENT_TYPE, 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': crypto.randomUUID() });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function handle(engine: StepFunctionsEngine, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const target = String(req.headers['x-amz-target'] ?? '');
  const action = target.startsWith('AWSStepFunctions.') ? target.slice('AWSStepFunctions.'.length) : '';
  const handler = ACTIONS[action];
  if (req.method !== 'POST' || !handler) {
    return send(res, 400, { __type: 'UnknownOperationException', message: `Unknown operation ${target || '(no x-amz-target)'}` });
  }
  let body: Record<string, unknown>;
  try {
    const text = await readBody(req);
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    return send(res, 400, { __type: 'SerializationException', message: 'The request body is not valid JSON' });
  }
  try {
    send(res, 200, (await handler(engine, body)) ?? {});
  } catch (error) {
    if (error instanceof SfnApiError) return send(res, 400, { __type: error.type, message: error.message });
    console.error(`[stepfunctions] ${action} failed:`, error);
    send(res, 500, { __type: 'InternalFailure', message: 'The request processing has failed because of an unknown error' });
  }
}

export async function listen(engine: StepFunctionsEngine, port: number, host: string): Promise<{ server: Server; endpoint: string; port: number }> {
  const server = createServer((req, res) => void handle(engine, req, res));
  const bound = await listenOn(server, port, host, 'Step Functions endpoint (SFN_PORT)');
  return { server, endpoint: `http://${host}:${bound}`, port: bound };
}
