// Values of the API's environment variables (`ctx.env` in resolvers), whose names the resolver
// map lists; the local runtime sets the same names to its own values.
import { tableEnvironment } from '../tables.ts';
import { invocationArn, type WorkflowDefinition } from '../names.ts';

export class ApiEnvironmentError extends Error {
  override readonly name = 'ApiEnvironmentError';
}

export function apiEnvironment(
  names: readonly string[], region: string, account: string, workflows: readonly WorkflowDefinition[],
): Record<string, string> {
  const tablesByVar = tableEnvironment();
  const values: Record<string, string> = {};
  for (const name of names) {
    const machine = /^([A-Z]+)_STATE_MACHINE_ARN$/.exec(name);
    const workflow = machine && workflows.find((w) => w.name.toUpperCase() === machine[1]);
    if (name === 'HOME_REGION') values[name] = region;
    else if (name in tablesByVar) values[name] = tablesByVar[name];
    else if (workflow) values[name] = invocationArn(region, account, workflow);
    else throw new ApiEnvironmentError(`API environment variable ${name} has no value in infra/lib/api-environment.ts`);
  }
  return values;
}
