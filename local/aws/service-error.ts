// The error every local AWS service answers with: `type` is the `__type` the SDK maps to its
// exception class (EventBridge's and Cognito's names are listed on their CommonErrors pages and
// with each action; Step Functions' and DynamoDB's with theirs), `status` the HTTP status, and
// `fields` any members AWS adds to that error's body (DynamoDB's CancellationReasons).
export class ServiceError extends Error {
  readonly type: string;
  readonly status: number;
  readonly fields: Readonly<Record<string, unknown>>;

  constructor(type: string, message: string, status = 400, fields: Readonly<Record<string, unknown>> = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = type;
    this.type = type;
    this.status = status;
    this.fields = fields;
  }
}
