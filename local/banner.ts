// The start-up banner: every endpoint and the demo credentials, so a developer can begin at once.
import type { Outputs } from './outputs.ts';

export function banner(outputs: Outputs, outputsFile: string): string {
  const rows: [string, string | undefined][] = [
    ['Storefront & staff console', outputs.webUrl],
    ['GraphQL (AppSync)', outputs.graphqlUrl],
    ['GraphQL real-time', outputs.realtimeUrl],
    ['API key (x-api-key)', outputs.apiKey],
    ['DynamoDB', outputs.dynamodbEndpoint],
    ['Step Functions', outputs.stepFunctionsEndpoint],
    ['Cognito user pool', outputs.cognitoEndpoint],
    ['User pool / client', outputs.userPoolId && `${outputs.userPoolId} / ${outputs.userPoolClientId}`],
    ['EventBridge', outputs.eventsEndpoint],
    ['Stripe (local, test mode)', outputs.stripeEndpoint && `${outputs.stripeEndpoint}  key ${outputs.stripeSecretKey}`],
  ];
  const lines = ['', 'BigSmokes Commerce is running (local, region ' + outputs.region + ')', ''];
  for (const [label, value] of rows) if (value) lines.push(`  ${label.padEnd(28)} ${value}`);
  if (outputs.demoUsers) {
    lines.push('', '  Demo users (local sandbox only):');
    for (const [role, user] of Object.entries(outputs.demoUsers)) lines.push(`    ${role.padEnd(10)} ${user.username.padEnd(28)} ${user.password}`);
  }
  lines.push('', `  Everything above is also in ${outputsFile}`, '  Ctrl-C stops the platform; data stays under the data directory.', '');
  return lines.join('\n');
}
