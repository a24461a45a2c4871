// The start-up banner of `npm run start:regions`: the primary's single-region banner, then each
// region's endpoints and the front door.
import { banner } from '../banner.ts';
import type { Outputs } from '../outputs.ts';

export function regionsBanner(outputs: Outputs, outputsFile: string, rss: Record<string, number>): string {
  const lines = [banner(outputs, outputsFile).replace(/\n {2}Everything above[\s\S]*$/, ''), '  Regions (each its own process, ports and data folder):'];
  for (const [name, region] of Object.entries(outputs.regions ?? {})) {
    const memory = rss[name] === undefined ? '' : `, ${(rss[name] / 2 ** 20).toFixed(0)} MiB resident`;
    lines.push(`    ${name}${name === outputs.region ? ' (primary)' : ''}${memory}`);
    lines.push(`      GraphQL ${region.graphqlUrl}  DynamoDB ${region.dynamodbEndpoint}  Step Functions ${region.stepFunctionsEndpoint}`);
    lines.push(`      Cognito ${region.cognitoEndpoint}  EventBridge ${region.eventsEndpoint}`);
  }
  if (outputs.frontDoorUrl) lines.push('', `  Front door (nearest healthy region) ${outputs.frontDoorUrl}`);
  lines.push('', `  Everything above is also in ${outputsFile}`, '  Ctrl-C stops every region; data stays under the data directory.', '');
  return lines.join('\n');
}
