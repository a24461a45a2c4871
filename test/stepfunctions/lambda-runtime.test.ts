// The in-process Lambda runtime (local/lambda): registry entries as functions named
// bigsmokes-<Task>, a Node.js handler context (https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html),
// and errors reported as Lambda reports them.
import { createLambdaRuntime } from '../../local/lambda/runtime.ts';
import { functionNameOf } from '../../local/lambda/function-arn.ts';
import { ROOT } from './fixtures/registry.ts';

const runtime = createLambdaRuntime({
  rootDir: ROOT,
  region: 'eu-west-1',
  accountId: '123456789012',
  registry: {
    Echo: { entry: 'test/stepfunctions/fixtures/echo.ts' },
    Declined: { entry: 'test/stepfunctions/fixtures/declined.ts' },
    Slow: { entry: 'test/stepfunctions/fixtures/slow.ts', timeoutSeconds: 1 },
    Broken: { entry: 'test/stepfunctions/fixtures/no-handler.ts' },
  },
});

// The timed-out Slow invocation's handler is still sleeping when its test ends.
afterAll(() => runtime.settled());

test('a registry entry is the function bigsmokes-<Task>, invoked with a Lambda-like context', async () => {
  const arn = runtime.functionArn('Echo');
  expect(arn).toBe('arn:aws:lambda:eu-west-1:123456789012:function:bigsmokes-Echo');
  const result = await runtime.invoke(arn, { key: 'k', when: new Date(0) });
  // The payload crosses as JSON, as on Lambda.
  expect(result).toEqual({ echo: { key: 'k', when: '1970-01-01T00:00:00.000Z' }, functionName: 'bigsmokes-Echo', hasRequestId: true });
  expect(await runtime.invoke(`${arn}:live`, null)).toMatchObject({ echo: null });
  expect(functionNameOf('arn:aws:lambda:us-east-1:000000000000:function:bigsmokes-X:3')).toBe('bigsmokes-X');
});

test('getRemainingTimeInMillis counts down from the timeout; past it the invocation fails Sandbox.Timedout', async () => {
  const ok = (await runtime.invoke(runtime.functionArn('Slow'), { ms: 10 })) as { before: number };
  expect(ok.before).toBeLessThanOrEqual(1000);
  expect(ok.before).toBeGreaterThan(0);
  await expect(runtime.invoke(runtime.functionArn('Slow'), { ms: 1500 })).rejects.toMatchObject({ name: 'Sandbox.Timedout', message: 'Task timed out after 1.00 seconds' });
});

test('handler errors keep their name (the errorType); unknown functions and modules without a handler are service errors', async () => {
  await expect(runtime.invoke(runtime.functionArn('Declined'), {})).rejects.toMatchObject({ name: 'PaymentDeclined', message: 'card declined' });
  await expect(runtime.invoke('arn:aws:lambda:eu-west-1:123456789012:function:bigsmokes-Nope', {})).rejects.toMatchObject({ name: 'Lambda.ResourceNotFoundException', lambdaServiceError: true });
  await expect(runtime.invoke(runtime.functionArn('Broken'), {})).rejects.toMatchObject({ name: 'Lambda.ResourceNotReadyException' });
});
