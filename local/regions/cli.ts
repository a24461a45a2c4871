// `npm run region -- evacuate <name> [--to <survivor>]`: declares a local region lost. The
// survivor is the one named, else the nearest other region that answers; the regions come from
// `.local/outputs.json` (`regions`, written by `npm run start:regions`, API.md §6 and §8).
import { readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { tables } from '../../infra/tables.ts';
import { otherRegions } from '../../tasks/regions/peers.ts';
import { localClientConfig } from '../aws/client-config.ts';
import { loadConfig } from '../config.ts';
import { outputsPath } from '../outputs.ts';
import { evacuate, type Evacuation } from './evacuate.ts';

interface RegionOutputs { readonly dynamodbEndpoint: string; readonly stepFunctionsEndpoint: string }

const usage = 'usage: npm run region -- evacuate <lost-region> [--to <surviving-region>]';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function adoptedByStatus(lostRegion: string, survivor: string, endpoint: string): Promise<Record<string, number>> {
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(endpoint, survivor)));
  const counts: Record<string, number> = {};
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({
      TableName: tables.Orders.tableName, ExclusiveStartKey: startKey, FilterExpression: 'adoptedFrom = :lost AND homeRegion = :me',
      ExpressionAttributeValues: { ':lost': lostRegion, ':me': survivor },
    }));
    for (const order of page.Items ?? []) counts[String(order.status)] = (counts[String(order.status)] ?? 0) + 1;
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  doc.destroy();
  return counts;
}

const [command, lostRegion, ...rest] = process.argv.slice(2);
if (command !== 'evacuate' || lostRegion === undefined) fail(usage);
const config = loadConfig();
let regions: Record<string, RegionOutputs>;
try {
  regions = (JSON.parse(readFileSync(outputsPath(config.dataDir), 'utf8')) as { regions?: Record<string, RegionOutputs> }).regions ?? {};
} catch (error) {
  fail(`cannot read ${outputsPath(config.dataDir)} (start the regions with \`npm run start:regions\`): ${(error as Error).message}`);
}
if (!(lostRegion in regions)) fail(`${lostRegion} is not one of the local regions (${Object.keys(regions).join(', ') || 'none running'})`);
const toAt = rest.indexOf('--to');
const candidates = toAt >= 0 && rest[toAt + 1] !== undefined ? [rest[toAt + 1]!] : otherRegions(lostRegion, { PEER_REGIONS: Object.keys(regions).join(',') });

let done: Evacuation | undefined;
for (const survivor of candidates) {
  const endpoints = regions[survivor];
  if (endpoints === undefined) fail(`${survivor} is not one of the local regions`);
  try {
    done = await evacuate(lostRegion, { region: survivor, stepFunctionsEndpoint: endpoints.stepFunctionsEndpoint, accountId: config.accountId });
    break;
  } catch (error) {
    console.error(`${survivor} could not run the evacuation (${(error as Error).message}); trying the next region`);
  }
}
if (done === undefined) fail(`no surviving region could adopt ${lostRegion}`);
console.log(`evacuation of ${done.lostRegion} by ${done.survivor}: ${done.status} (${done.executionArn})`);
if (done.status !== 'SUCCEEDED') fail(`${done.error ?? ''} ${done.cause ?? ''}`);
const counts = await adoptedByStatus(done.lostRegion, done.survivor, regions[done.survivor]!.dynamodbEndpoint);
console.table(counts);
