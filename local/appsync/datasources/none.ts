// NONE data source: the request's `payload` becomes ctx.result unchanged
// (https://docs.aws.amazon.com/appsync/latest/devguide/js-resolver-reference-none.html).
import type { DataSource } from './types.ts';

export const noneDataSource: DataSource = async (request) => ({
  result: request !== null && typeof request === 'object' ? (request as { payload?: unknown }).payload ?? null : null,
});
