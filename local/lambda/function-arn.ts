// Local function ARNs: `arn:aws:lambda:<region>:<account>:function:bigsmokes-<Task>`, the name CDK
// gives each task registry entry (infra/names.ts functionName).
import { functionName } from '../../infra/names.ts';

export interface LambdaAccount {
  readonly region: string;
  readonly accountId: string;
}

export function localFunctionArn(account: LambdaAccount, task: string): string {
  return `arn:aws:lambda:${account.region}:${account.accountId}:function:${functionName(task)}`;
}

const ARN = /^arn:aws:lambda:[a-z0-9-]+:\d{12}:function:([A-Za-z0-9_-]+)(?::[A-Za-z0-9_$-]+)?$/;

/** The function name of an ARN (qualifier dropped), or of a bare name. */
export function functionNameOf(arnOrName: string): string | undefined {
  if (/^[A-Za-z0-9_-]+$/.test(arnOrName)) return arnOrName;
  return ARN.exec(arnOrName)?.[1];
}
