// One local DynamoDB (every table, the test cigar and its stock) and one of OUR Step Functions engines
// (local/stepfunctions) with the real task registry and the real workflows/*.asl.json, for the fault
// matrix. Lambda goes through a wrapper around the in-process runtime that knows which Task state
// each invocation belongs to, so a test can make one state fail with a chosen error on every attempt
// until it turns the fault off, and count the attempts. The wrapper is also the people behind the
// `.waitForTaskToken` states: once such a task has stored its token, it reads the token back from
// the table (as the console resolvers do) and answers it with SendTaskSuccess or SendTaskFailure, or
// stays silent so TimeoutSeconds expires (time is scaled down by `timeScale`).
import { mockClient } from 'aws-sdk-client-mock';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { tableEnvironment, tables } from '../../infra/tables.ts';
import { startStepFunctions, type LocalStepFunctions } from '../../local/stepfunctions/index.ts';
import { assertInvariants, checkInvariants, readSnapshot, type OrderRecords } from '../support/invariants.ts';
import { startTestDynamoDB, type TestDynamoDB } from '../support/local-dynamodb.ts';
import { usePaymentProvider } from '../support/payment-provider.ts';
import { checkoutInput, cigar } from '../unit/helpers/fixtures.ts';
import { repoRoot, taskStates, type TaskStateRow, type WorkflowName } from './matrix.ts';

/** What the person behind a `.waitForTaskToken` state does. */
export type HumanAnswer = 'answer' | 'timeout' | { readonly error: string };

export interface Fault {
  readonly workflow: WorkflowName;
  readonly state: string;
  readonly error: string;
}

interface HistoryEvent { readonly type: string; readonly stateEnteredEventDetails?: { readonly name: string } }

const answers: Record<string, unknown> = {
  RequestPacking: { packages: 1, by: 'warehouse-1' },
  AwaitDelivery: { status: 'DELIVERED', note: null },
  AwaitApproval: { approved: true, decidedBy: 'finance-1', note: null },
};

export class NamedError extends Error {
  constructor(name: string, message: string) { super(message); this.name = name; }
}

export function useWorkflowEngine(options: { readonly stock: number; readonly timeScale: number }) {
  const events = mockClient(EventBridgeClient);
  // The payment tasks pay through a local Stripe; the invariant checker reads it as an auditor.
  const payments = usePaymentProvider();
  const initialStock = { [`${cigar.id}@us-east-1`]: options.stock };
  let db: TestDynamoDB | undefined;
  let sf: LocalStepFunctions | undefined;
  let faults: readonly Fault[] = [];
  let human: Record<string, HumanAnswer> = {};
  const attempts = new Map<string, number>();
  /** Problems seen by the wrapper (a token that does not match, an answer refused): tests assert none. */
  const problems: string[] = [];
  const taskByArn = new Map<string, string>();

  const machineArn = (workflow: WorkflowName) => sf!.workflows.find((w) => w.name === workflow)!.stateMachineArn;
  const executionArn = (workflow: WorkflowName, name: string) => `${machineArn(workflow).replace(':stateMachine:', ':execution:')}:${name}`;
  const workflowOfArn = (arn: string) => sf!.workflows.find((w) => arn.includes(`:${w.stateMachineArn.split(':').pop()}:`))?.name as WorkflowName | undefined;

  async function history(arn: string): Promise<HistoryEvent[]> {
    const out: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sf!.engine.actions.getExecutionHistory({ executionArn: arn, maxResults: 1000, nextToken }) as { events: HistoryEvent[]; nextToken?: string };
      out.push(...page.events);
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    return out;
  }
  const enteredStates = async (arn: string) => (await history(arn)).filter((e) => e.type.endsWith('StateEntered')).map((e) => e.stateEnteredEventDetails!.name);

  /** Executions an invocation may run in, from its payload (the ASL passes these fields). */
  function executionsOfPayload(payload: Record<string, unknown>): string[] {
    const arns: string[] = [];
    if (typeof payload.executionId === 'string') arns.push(payload.executionId);
    for (const id of [payload.refundId, payload.returnId]) if (typeof id === 'string') arns.push(executionArn('Refund', `refund-${id}`));
    if (typeof payload.orderId === 'string') arns.push(executionArn('Fulfilment', `order-${payload.orderId}`));
    return arns;
  }

  /** The Task state an invocation of `task` belongs to: unique by function, else the state its execution is in. */
  async function stateOf(task: string, payload: Record<string, unknown>): Promise<TaskStateRow | undefined> {
    const candidates = taskStates.filter((r) => r.task === task);
    if (candidates.length <= 1) return candidates[0];
    for (const arn of executionsOfPayload(payload)) {
      const inWorkflow = candidates.filter((r) => r.workflow === workflowOfArn(arn));
      // EXPRESS executions keep no history; in Checkout each function backs one state.
      if (arn.includes(':express:')) return inWorkflow.length === 1 ? inWorkflow[0] : undefined;
      const described = await sf!.engine.actions.describeExecution({ executionArn: arn }).catch(() => undefined) as { status: string } | undefined;
      if (described?.status !== 'RUNNING') continue;
      const current = (await enteredStates(arn)).at(-1);
      const row = inWorkflow.find((r) => r.state === current);
      if (row !== undefined) return row;
    }
    return undefined;
  }

  function count(row: TaskStateRow): void {
    const key = `${row.workflow}.${row.state}`;
    attempts.set(key, (attempts.get(key) ?? 0) + 1);
    const fault = faults.find((f) => f.workflow === row.workflow && f.state === row.state);
    if (fault !== undefined) throw new NamedError(fault.error, `${fault.error} injected at ${key}`);
  }

  async function storedToken(row: TaskStateRow, payload: Record<string, unknown>): Promise<string | undefined> {
    const get = (TableName: string, Key: Record<string, string>) => db!.doc.send(new GetCommand({ TableName, Key, ConsistentRead: true }));
    if (row.state === 'RequestPacking') return (await get(tables.Inventory.tableName, { pk: `ORDER#${String(payload.orderId)}`, sk: 'PACKING' })).Item?.taskToken;
    if (row.state === 'AwaitDelivery') return (await get(tables.Shipments.tableName, { orderId: String(payload.orderId) })).Item?.taskToken;
    if (row.state === 'AwaitApproval') return (await get(tables.Refunds.tableName, { pk: `REFUND#${String(payload.refundId)}`, sk: 'REFUND' })).Item?.approvalTaskToken;
    return undefined;
  }

  async function person(row: TaskStateRow, payload: Record<string, unknown>): Promise<void> {
    const answer = human[row.state] ?? 'answer';
    if (answer === 'timeout') return;
    const token = await storedToken(row, payload);
    if (token !== payload.taskToken) problems.push(`${row.state}: the table holds token ${String(token)}, the task was given ${String(payload.taskToken)}`);
    if (token === undefined) return;
    try {
      if (answer === 'answer') await sf!.engine.actions.sendTaskSuccess({ taskToken: token, output: JSON.stringify(answers[row.state]) });
      else await sf!.engine.actions.sendTaskFailure({ taskToken: token, error: answer.error, cause: `${answer.error} (reported by a person)` });
    } catch (error) {
      problems.push(`${row.state}: the answer was refused: ${(error as Error).name} ${(error as Error).message}`);
    }
  }

  async function invokeLambda(arn: string, payload: unknown): Promise<unknown> {
    const event = (payload ?? {}) as Record<string, unknown>;
    const task = taskByArn.get(arn);
    const row = task === undefined ? undefined : await stateOf(task, event);
    if (task !== undefined && row === undefined) problems.push(`${task}: no Task state found for the invocation ${JSON.stringify(event)}`);
    if (row !== undefined) count(row);
    const result = await sf!.lambda.invoke(arn, payload);
    // The token is stored before the task runs; answering after it returned is what a person does.
    if (row?.human) setImmediate(() => void person(row, event));
    return result;
  }

  beforeAll(async () => {
    db = await startTestDynamoDB();
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: db.endpoint, POWERTOOLS_TRACE_ENABLED: 'false', POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'ERROR', ...tableEnvironment(),
    });
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e' }] });
    await db.doc.send(new PutCommand({ TableName: tables.Products.tableName, Item: { ...cigar, brand: 'B', category: 'cigars', updatedAt: 't' } }));
    await db.doc.send(new PutCommand({
      TableName: tables.Inventory.tableName,
      Item: { pk: `PRODUCT#${cigar.id}`, sk: 'REGION#us-east-1', productId: cigar.id, region: 'us-east-1', available: options.stock, reserved: 0 },
    }));
    sf = await startStepFunctions({ port: 0, dynamodbEndpoint: db.endpoint, rootDir: repoRoot, invokeLambda, timeScale: options.timeScale });
    for (const task of new Set(taskStates.map((r) => r.task))) if (task !== undefined) taskByArn.set(sf.lambda.functionArn(task), task);
    // StartFulfilment is the states:startExecution integration, not Lambda: its faults are injected
    // where the integration calls the engine, with the StepFunctions.* names AWS reports for it.
    const actions = sf.engine.actions;
    const start = actions.startExecution.bind(actions);
    actions.startExecution = async (request, parentExecutionArn) => {
      const parent = parentExecutionArn === undefined ? undefined : workflowOfArn(parentExecutionArn);
      const row = taskStates.find((r) => r.workflow === parent && r.resource.startsWith('arn:aws:states:::states:startExecution'));
      if (row !== undefined) count(row);
      return start(request, parentExecutionArn);
    };
  });

  afterAll(async () => {
    await sf?.close();
    await db?.close();
    events.restore();
  });

  return {
    initialStock,
    get engine() { return sf!.engine; },
    get doc() { return db!.doc; },
    problems,
    machineArn,
    executionArn,
    enteredStates,
    /** Make each fault's state throw its error on every attempt from now on (none: no faults). */
    inject(...next: Fault[]) { faults = next; },
    /** How each `.waitForTaskToken` state is answered (default: SendTaskSuccess). */
    people(next: Record<string, HumanAnswer>) { human = next; },
    attemptsAt(workflow: WorkflowName, state: string) { return attempts.get(`${workflow}.${state}`) ?? 0; },
    resetAttempts() { attempts.clear(); },
    async records(orderId: string): Promise<OrderRecords> {
      return (await readSnapshot(db!.doc)).orders.get(orderId) ?? { returns: [], refunds: [], ledgerEntries: [] };
    },
    payments,
    assertInvariants() { return assertInvariants(db!.doc, { initialStock, provider: payments.stripe }); },
    /** placeOrder's call: Checkout with StartSyncExecution. */
    async checkout(idempotencyKey: string) {
      return sf!.engine.actions.startSyncExecution({ stateMachineArn: machineArn('Checkout'), input: JSON.stringify(checkoutInput({ idempotencyKey })) }) as Promise<{ status: string; output?: string; error?: string; cause?: string }>;
    },
    /** The order's rows in Payments (their `operation`s, sorted) and Shipments, read straight from the tables. */
    async paymentAndShipmentRows(orderId: string) {
      const query = (TableName: string) => db!.doc.send(new QueryCommand({
        TableName, KeyConditionExpression: 'orderId = :o', ExpressionAttributeValues: { ':o': orderId }, ConsistentRead: true,
      }));
      const [payments, shipments] = await Promise.all([query(tables.Payments.tableName), query(tables.Shipments.tableName)]);
      return { operations: (payments.Items ?? []).map((i) => String(i.operation)).sort(), shipments: shipments.Items ?? [] };
    },
    checkInvariants() { return checkInvariants(db!.doc, { initialStock, provider: payments.stripe }); },
    async waitFor(arn: string) { return sf!.engine.waitForExecution(arn); },
  };
}

export type WorkflowEngine = ReturnType<typeof useWorkflowEngine>;
