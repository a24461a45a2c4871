// ARNs of state machines and executions, as AWS forms them.
import { apiError } from './errors.ts';

export interface Account {
  readonly region: string;
  readonly accountId: string;
}

export function stateMachineArn(account: Account, name: string): string {
  return `arn:aws:states:${account.region}:${account.accountId}:stateMachine:${name}`;
}

export function executionArn(account: Account, stateMachineName: string, name: string, express: boolean): string {
  const base = `arn:aws:states:${account.region}:${account.accountId}`;
  return express ? `${base}:express:${stateMachineName}:${name}:${crypto.randomUUID()}` : `${base}:execution:${stateMachineName}:${name}`;
}

const STATE_MACHINE = /^(arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]{1,80})(:[A-Za-z0-9_-]+)?$/;
const EXECUTION = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:(execution|express):([A-Za-z0-9_-]{1,80}):([A-Za-z0-9_-]{1,80})(:[0-9a-f-]+)?$/;

/** A state machine ARN; a version or alias qualifier (`:live`) resolves to the machine itself. */
export function requireStateMachineArn(arn: unknown): string {
  const match = typeof arn === 'string' ? STATE_MACHINE.exec(arn) : null;
  if (!match) throw apiError.invalidArn(`Invalid Arn: 'Resource type not valid in this context: ${String(arn)}'`);
  return match[1];
}

export function requireExecutionArn(arn: unknown): string {
  if (typeof arn !== 'string' || !EXECUTION.test(arn)) throw apiError.invalidArn(`Invalid Arn: 'Resource type not valid in this context: ${String(arn)}'`);
  return arn;
}

export function isExpressExecutionArn(arn: string): boolean {
  return EXECUTION.exec(arn)?.[1] === 'express';
}

/** Names of state machines and executions: 1-80 characters, letters, digits, - and _ (no spaces or wildcards). */
export function requireName(name: unknown, what: string): string {
  if (typeof name !== 'string' || !/^[A-Za-z0-9_-]{1,80}$/.test(name)) throw apiError.invalidName(`Invalid Name: '${String(name)}' is not a valid ${what} name`);
  return name;
}
