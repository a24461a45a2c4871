// AppSync's EvaluateCode API (POST /v1/dataplane-evaluatecode, what @aws-sdk/client-appsync's
// EvaluateCodeCommand and `aws appsync evaluate-code` call): runs one handler of APPSYNC_JS code
// against a given context and reports the result, stash, appended errors and logs
// (https://docs.aws.amazon.com/appsync/latest/APIReference/API_EvaluateCode.html).
import { compileCode, runHandler, CodeValidationError } from './evaluator.ts';
import { EarlyReturn, newInvocation, ResolverError, type AuthTypeName } from './runtime/invocation.ts';
import { RdsStatementError } from './runtime/rds-statements.ts';
import type { ResolverContext } from './pipeline.ts';

export class EvaluateCodeBadRequest extends Error {}

export interface EvaluateCodeResult {
  evaluationResult?: string;
  error?: { message: string; codeErrors?: unknown[] };
  logs: string[];
  stash?: string;
  outErrors?: string;
}

function authTypeOf(identity: unknown): AuthTypeName {
  if (identity === null || identity === undefined || typeof identity !== 'object') return 'API Key Authorization';
  const id = identity as Record<string, unknown>;
  if ('accountId' in id || 'userArn' in id) return 'IAM Authorization';
  if ('resolverContext' in id) return 'Lambda Authorization';
  if ('groups' in id || 'defaultAuthStrategy' in id || 'username' in id) return 'User Pool Authorization';
  return 'Open ID Connect Authorization';
}

export function evaluateCode(body: unknown): EvaluateCodeResult {
  const input = body as { runtime?: { name?: string; runtimeVersion?: string }; code?: unknown; context?: unknown; function?: unknown } | null;
  if (input === null || typeof input !== 'object') throw new EvaluateCodeBadRequest('The request body must be a JSON object');
  if (input.runtime?.name !== 'APPSYNC_JS' || input.runtime.runtimeVersion !== '1.0.0') {
    throw new EvaluateCodeBadRequest('runtime must be { name: "APPSYNC_JS", runtimeVersion: "1.0.0" }');
  }
  if (typeof input.code !== 'string' || input.code.length === 0) throw new EvaluateCodeBadRequest('code is required');
  if (typeof input.context !== 'string') throw new EvaluateCodeBadRequest('context is required (a JSON string)');
  if (input.function !== 'request' && input.function !== 'response') throw new EvaluateCodeBadRequest('function must be "request" or "response"');
  let given: Record<string, unknown>;
  try {
    given = JSON.parse(input.context) as Record<string, unknown>;
  } catch {
    throw new EvaluateCodeBadRequest('context is not valid JSON');
  }
  if (given === null || typeof given !== 'object') throw new EvaluateCodeBadRequest('context must be a JSON object');

  let code;
  try {
    code = compileCode(input.code, 'code.js');
  } catch (err) {
    if (err instanceof CodeValidationError) return { error: { message: 'Code validation failed', codeErrors: [...err.codeErrors] }, logs: [] };
    throw err;
  }
  const args = (given.arguments ?? given.args ?? {}) as Record<string, unknown>;
  const ctx: ResolverContext = {
    arguments: args, args, identity: given.identity ?? null, source: given.source ?? null,
    stash: (given.stash ?? {}) as Record<string, unknown>, prev: (given.prev ?? { result: null }) as { result: unknown },
    result: given.result, error: given.error as ResolverContext['error'],
    request: (given.request ?? { headers: {}, domainName: null }) as ResolverContext['request'], info: given.info ?? {}, env: (given.env ?? {}) as Record<string, string>,
  };
  const invocation = newInvocation(authTypeOf(ctx.identity));
  const finish = (extra: Partial<EvaluateCodeResult>): EvaluateCodeResult => ({
    logs: invocation.logs, stash: JSON.stringify(ctx.stash), outErrors: JSON.stringify(invocation.appendedErrors), ...extra,
  });
  try {
    const value = runHandler(code, input.function, ctx, invocation);
    return finish({ evaluationResult: JSON.stringify(value ?? null) });
  } catch (err) {
    if (err instanceof EarlyReturn) return finish({ evaluationResult: JSON.stringify(err.value ?? null) });
    if (err instanceof ResolverError) return finish({ error: { message: err.entry.message } });
    // AppSync prefixes the message with the position of the call that threw ("code.js:4:12: ").
    if (err instanceof RdsStatementError) return finish({ error: { message: err.message } });
    return finish({ error: { message: `Runtime Error: ${(err as Error).message}` } });
  }
}
