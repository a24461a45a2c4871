// AWS_LAMBDA data source: `{ operation: 'Invoke' | 'BatchInvoke', payload }` handed to the injected
// invoker, which runs the task's handler in-process. A thrown error becomes ctx.error with type
// `Lambda:Unhandled`, as AppSync reports an unhandled function error
// (https://docs.aws.amazon.com/appsync/latest/devguide/js-resolver-reference-lambda.html).
import { DataSourceRequestError, requestObject, type DataSource } from './types.ts';

export type LambdaInvoker = (taskName: string, payload: unknown) => Promise<unknown>;

export function lambdaDataSource(task: string, invoke: LambdaInvoker | undefined): DataSource {
  return async (request) => {
    const r = requestObject(request, 'AWS_LAMBDA');
    if (r.operation !== 'Invoke' && r.operation !== 'BatchInvoke') {
      throw new DataSourceRequestError(`Unsupported Lambda operation ${String(r.operation)}; expected Invoke or BatchInvoke`);
    }
    if (invoke === undefined) return { result: null, error: { message: `No Lambda invoker configured for task ${task}`, type: 'Lambda:ServiceException' } };
    try {
      return { result: await invoke(task, r.payload ?? null) };
    } catch (err) {
      const e = err as { message?: string };
      return { result: null, error: { message: e.message ?? String(err), type: 'Lambda:Unhandled' } };
    }
  };
}
