// The shared Checkout function runs the task named by the alias it was invoked through: Lambda
// passes the qualified ARN as the context's invokedFunctionArn ("The Amazon Resource Name (ARN)
// that's used to invoke the function. Indicates if the invoker specified a version number or
// alias.", https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html).
import type { Context } from 'aws-lambda';
import { byAlias, UnknownAliasError } from '../../../tasks/lib/by-alias.ts';
import { sharedFunctions } from '../../../infra/shared-functions.ts';

const context = (arn: string) => ({ invokedFunctionArn: arn }) as Context;
const arn = (alias?: string) => `arn:aws:lambda:eu-west-1:111111111111:function:bigsmokes-Checkout${alias ? `:${alias}` : ''}`;

it('runs the task its alias names, with the event and context it was given', async () => {
  const calls: string[] = [];
  const handler = byAlias({
    ValidateOrder: (event: never) => { calls.push(`validate ${JSON.stringify(event)}`); return 'validated'; },
    StoreOrder: () => { calls.push('store'); return 'stored'; },
  });
  expect(await handler({ orderId: 'o1' }, context(arn('ValidateOrder')))).toBe('validated');
  expect(await handler({}, context(arn('StoreOrder')))).toBe('stored');
  expect(calls).toEqual(['validate {"orderId":"o1"}', 'store']);
});

it('refuses an invocation without an alias, or through one it does not host, naming what it hosts', () => {
  const handler = byAlias({ ValidateOrder: () => 'validated' });
  expect(() => handler({}, context(arn()))).toThrow(UnknownAliasError);
  expect(() => handler({}, context(arn('CapturePayment')))).toThrow('not one of this function\'s tasks (ValidateOrder)');
});

it('hosts, in the deployed Checkout module, exactly the tasks infra/shared-functions.ts gives it', async () => {
  // Importing the module builds the tasks' clients; nothing is called.
  const { handler } = await import('../../../tasks/orders/checkout-function.ts');
  let hosted: string[] = [];
  try {
    await handler({}, context(arn('NoSuchTask')));
  } catch (err) {
    expect(err).toBeInstanceOf(UnknownAliasError);
    hosted = /\((.*)\)$/.exec((err as Error).message)![1].split(', ');
  }
  expect(hosted.sort()).toEqual([...sharedFunctions.Checkout.tasks].sort());
});
