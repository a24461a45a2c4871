// The matrix is complete and honest: every Task state the ASL files declare (read by matrix.ts) has
// its faults, each injected error is one the state really meets with the handling the README
// prescribes (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html):
// transient errors are retried, and past the retries caught only in EXPRESS Checkout (which cannot
// be redriven) and left uncaught in the STANDARD sagas so they fail in place for a redrive; business
// errors and human-step timeouts are caught without a retry.
import { businessFaults, compensationTriggers, key, transientError } from './faults.ts';
import { attemptsFor, isCaught, taskStates } from './matrix.ts';
import { workflows } from '../../infra/names.ts';

test('every workflow has Task states, each known to the task registry or a service integration', () => {
  for (const w of workflows) expect(taskStates.filter((r) => r.workflow === w.name).length).toBeGreaterThan(0);
  for (const row of taskStates) expect(row.task !== undefined || row.resource.startsWith('arn:aws:states:::')).toBe(true);
});

describe.each(taskStates.map((r) => [key(r), r] as const))('%s', (_, row) => {
  test('(a) its transient error is retried, then caught only where the workflow cannot be redriven', () => {
    const error = transientError(row);
    expect(attemptsFor(row, error)).toBeGreaterThan(1);
    if (row.type === 'STANDARD') expect(isCaught(row, error)).toBe(false);
    else if (row.forward) expect(isCaught(row, error)).toBe(true);
  });

  if (row.workflow === 'Fulfilment' || row.workflow === 'Refund') {
    test('(d) a region that no longer owns the order stops: OrderAdopted is caught, without a retry, into a Succeed state', () => {
      expect(isCaught(row, 'OrderAdopted')).toBe(true);
      expect(attemptsFor(row, 'OrderAdopted')).toBe(1);
    });
  }

  if (row.forward) {
    const business = businessFaults[key(row)];
    test(business ? `(b) ${business.error} is caught without a retry` : '(b) no Catch: the state has no business error, only (a) applies', () => {
      if (business === undefined) expect(row.caught.filter((e) => e !== 'OrderAdopted')).toEqual([]);
      else {
        expect(isCaught(row, business.error)).toBe(true);
        expect(attemptsFor(row, business.error)).toBe(1);
        expect(business.byPerson === true).toBe(row.human && business.byPerson === true);
      }
    });
    test(row.human ? '(c) waits on a person: TimeoutSeconds set, States.Timeout caught' : '(c) does not wait on a person: no timeout case', () => {
      if (row.human) {
        expect(row.timeoutSeconds).toBeGreaterThan(0);
        expect(isCaught(row, 'States.Timeout')).toBe(true);
      } else expect(row.timeoutSeconds).toBeUndefined();
    });
  } else {
    test('compensation step: reached after a forward state\'s business error; only (a) applies', () => {
      const trigger = compensationTriggers[key(row)];
      expect(trigger).toBeDefined();
      expect(businessFaults[`${row.workflow}.${trigger}`]).toBeDefined();
      expect(businessFaults[key(row)]).toBeUndefined();
    });
  }
});

test('the fault tables name only states the ASL declares', () => {
  const known = new Set(taskStates.map(key));
  for (const name of [...Object.keys(businessFaults), ...Object.keys(compensationTriggers)]) expect(known).toContain(name);
});
