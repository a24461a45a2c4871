// What every data source does: take the request object a handler returned, give back the result
// (and, like AppSync, an error in ctx.error rather than an exception when the service failed).
export interface DataSourceOutcome {
  readonly result: unknown;
  readonly error?: { readonly message: string; readonly type: string };
}

export type DataSource = (request: unknown) => Promise<DataSourceOutcome>;

/** The request object itself is invalid for the data source (AppSync reports these as resolver errors). */
export class DataSourceRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataSourceRequestError';
  }
}

export function requestObject(request: unknown, dataSource: string): Record<string, unknown> {
  if (request === null || typeof request !== 'object' || Array.isArray(request)) {
    throw new DataSourceRequestError(`The request handler must return an object for the ${dataSource} data source`);
  }
  return request as Record<string, unknown>;
}
