// The one task error that pages (issue 17): an error that is neither a business outcome nor a known
// transient fault is counted in the Powertools metric UnexpectedError, which each region's
// Monitoring stack alarms on; a declined card, an empty shelf or an outage is not.
import '../helpers/env.ts';
import { jest } from '@jest/globals';
import { lambdaContext, resetMocks } from '../helpers/mocks.ts';
import { makeTask } from '../../../tasks/lib/task.ts';
import { metrics } from '../../../tasks/lib/observability.ts';
import { DependencyUnavailable, OutOfStock } from '../../../tasks/lib/errors.ts';
import { UNEXPECTED_ERROR_METRIC } from '../../../tasks/lib/metric-names.ts';

let seq = 0;
const failing = (error: () => Error) => makeTask<{ id: string }, never>({
  name: 'Probe', idempotencyKey: 'id', run: async () => { throw error(); },
});

async function metricsOf(error: () => Error): Promise<string[]> {
  const added = jest.spyOn(metrics, 'addMetric');
  try {
    await expect(failing(error)({ id: `probe-${++seq}` }, lambdaContext)).rejects.toBeDefined();
    return added.mock.calls.map(([name]) => name);
  } finally {
    added.mockRestore();
  }
}

beforeEach(() => {
  resetMocks();
});

test('a programming error counts UnexpectedError', async () => {
  expect(await metricsOf(() => new TypeError("Cannot read properties of undefined (reading 'id')"))).toContain(UNEXPECTED_ERROR_METRIC);
});

test('a business outcome and a known transient fault do not', async () => {
  expect(await metricsOf(() => new OutOfStock('no stock'))).not.toContain(UNEXPECTED_ERROR_METRIC);
  expect(await metricsOf(() => new DependencyUnavailable('DynamoDB unavailable'))).not.toContain(UNEXPECTED_ERROR_METRIC);
  expect(await metricsOf(() => new OutOfStock('no stock'))).toContain('ProbeFailed');
});
