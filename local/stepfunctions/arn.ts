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

// A name never holds ':' (see requireName), so ARN segments split on it.
const STATE_MACHINE = /^(arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[^:]{1,80})(:[A-Za-z0-9_-]+)?$/;
const EXECUTION = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:(execution|express):([^:]{1,80}):([^:]{1,80})(:[0-9a-f-]+)?$/;

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

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html#StepFunctions-StartExecution-request-name
// (and CreateStateMachine's name): 1-80 characters, none of white space, < > { } [ ], ? *,
// " # % \ ^ | ~ ` $ & , ; : /, or control characters (U+0000-001F, U+007F-009F). Dots, dashes,
// underscores, '+', '=', '@', '!', '(', ')' and non-ASCII letters are allowed.
const FORBIDDEN_IN_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/u;

/** Names of state machines and executions, as AWS accepts them. */
export function requireName(name: unknown, what: string): string {
  if (typeof name !== 'string' || [...name].length < 1 || [...name].length > 80 || FORBIDDEN_IN_NAME.test(name)) {
    throw apiError.invalidName(`Invalid Name: '${String(name)}' is not a valid ${what} name`);
  }
  return name;
}
