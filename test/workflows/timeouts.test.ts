// Fault matrix, column (c): every state that waits on a person (.waitForTaskToken, read from the
// ASL) is left unanswered until its TimeoutSeconds expires; the engine fails it with States.Timeout
// (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html), which the
// saga catches and compensates as for a business error. Time runs 100,000 times faster here: 2 days
// of packing in 1.7 s, 21 days of delivery in 18 s, 7 days of approval in 6 s.
import { taskStates } from './matrix.ts';
import { useWorkflowEngine } from './harness.ts';
import { sagas } from './sagas.ts';

const sf = useWorkflowEngine({ stock: 1000, timeScale: 1e-5 });
const { fulfil, expectCompensated, refund, expectNothingMoved } = sagas(sf);
const human = taskStates.filter((r) => r.human);

beforeAll(() => { process.env.REFUND_APPROVAL_THRESHOLD = '1000'; });
afterAll(() => { delete process.env.REFUND_APPROVAL_THRESHOLD; });

afterEach(async () => {
  sf.people({});
  expect(sf.problems).toEqual([]);
  await sf.assertInvariants();
});

test.each(human.map((r) => [r.workflow, r.state, r.timeoutSeconds] as const))('%s.%s: unanswered for its %ss, timed out and compensated', async (workflow, state) => {
  sf.people({ [state]: 'timeout' });
  let arn: string;
  if (workflow === 'Fulfilment') {
    const run = await fulfil(`c-${state}`);
    await expectCompensated(run, 'States.Timeout');
    arn = run.arn;
  } else {
    const run = await refund(`c-${state}`);
    await expectNothingMoved(run);
    arn = run.arn;
  }
  const { events } = await sf.engine.actions.getExecutionHistory({ executionArn: arn, maxResults: 1000 }) as { events: { type: string; taskTimedOutEventDetails?: { error: string } }[] };
  expect(events.filter((e) => e.type === 'TaskTimedOut').map((e) => e.taskTimedOutEventDetails!.error)).toEqual(['States.Timeout']);
});
