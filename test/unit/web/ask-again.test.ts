// The storefront's and the drill's answer to OperationInProgress (web/src/ask-again.ts): the same
// request, asked again a moment later, until it is answered or the attempts run out.
import { askAgainWhileInProgress } from '../../../web/src/ask-again.ts';

class Typed extends Error {
  readonly type: string;
  constructor(type: string) {
    super(type);
    this.type = type;
  }
}
const typeOf = (error: unknown) => (error instanceof Typed ? error.type : undefined);
const noWait = { sleep: async () => undefined };

test('asks again while the answer is OperationInProgress, then returns the answer', async () => {
  const answers: (Typed | string)[] = [new Typed('OperationInProgress'), new Typed('OperationInProgress'), 'order-1'];
  let calls = 0;
  let repeats = 0;
  const result = await askAgainWhileInProgress(async () => {
    const next = answers[calls++]!;
    if (next instanceof Typed) throw next;
    return next;
  }, typeOf, { ...noWait, onRepeat: () => { repeats += 1; } });
  expect(result).toBe('order-1');
  expect({ calls, repeats }).toEqual({ calls: 3, repeats: 2 });
});

test('any other error is thrown at once, and OperationInProgress after the last attempt', async () => {
  let calls = 0;
  await expect(askAgainWhileInProgress(async () => { calls += 1; throw new Typed('OutOfStock'); }, typeOf, noWait)).rejects.toMatchObject({ type: 'OutOfStock' });
  expect(calls).toBe(1);
  calls = 0;
  await expect(askAgainWhileInProgress(async () => { calls += 1; throw new Typed('OperationInProgress'); }, typeOf, { ...noWait, attempts: 3 }))
    .rejects.toMatchObject({ type: 'OperationInProgress' });
  expect(calls).toBe(3);
});

test('waits between attempts', async () => {
  const waits: number[] = [];
  let calls = 0;
  await askAgainWhileInProgress(async () => { if (calls++ === 0) throw new Typed('OperationInProgress'); return 'ok'; }, typeOf,
    { delayMs: 1234, sleep: async (ms) => { waits.push(ms); } });
  expect(waits).toEqual([1234]);
});
