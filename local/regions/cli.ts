// `npm run region -- evacuate <name> [--to <survivor>]`: declares a local region lost. The
// survivor is the one named, else the nearest other region that answers.
// `npm run region -- return <name> [--from <adopter>]`: declares it returned: the region named, else
// every other region, hands back the stock allocation rows it adopted (those an adopted order still
// holds stock on are kept; run it again later). The regions come from `.local/outputs.json`
// (`regions`, written by `npm run start:regions`, API.md §6 and §8).
import { readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { tables } from '../../infra/tables.ts';
import { otherRegions } from '../../tasks/regions/peers.ts';
import { localClientConfig } from '../aws/client-config.ts';
import { loadConfig } from '../config.ts';
import { outputsPath } from '../outputs.ts';
import { evacuate, type Evacuation } from './evacuate.ts';
import { handBackEverywhere } from './hand-back.ts';

interface RegionOutputs { readonly dynamodbEndpoint: string; readonly stepFunctionsEndpoint: string }

const usage = 'usage: npm run region -- evacuate <lost-region> [--to <surviving-region>]\n       npm run region -- return <returned-region> [--from <adopting-region>]';

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

const [command, region, ...rest] = process.argv.slice(2);
if ((command !== 'evacuate' && command !== 'return') || region === undefined) fail(usage);
const config = loadConfig();
let regions: Record<string, RegionOutputs>;
try {
  regions = (JSON.parse(readFileSync(outputsPath(config.dataDir), 'utf8')) as { regions?: Record<string, RegionOutputs> }).regions ?? {};
} catch (error) {
  fail(`cannot read ${outputsPath(config.dataDir)} (start the regions with \`npm run start:regions\`): ${(error as Error).message}`);
}
if (!(region in regions)) fail(`${region} is not one of the local regions (${Object.keys(regions).join(', ') || 'none running'})`);
const option = (flag: string) => {
  const at = rest.indexOf(flag);
  return at >= 0 ? rest[at + 1] : undefined;
};

if (command === 'return') {
  const named = option('--from');
  if (named !== undefined && !(named in regions)) fail(`${named} is not one of the local regions`);
  const adopters = (named === undefined ? Object.keys(regions) : [named]).filter((r) => r !== region)
    .map((r) => ({ region: r, stepFunctionsEndpoint: regions[r]!.stepFunctionsEndpoint, accountId: config.accountId }));
  let failed = false;
  for (const result of await handBackEverywhere(region, adopters)) {
    if ('failed' in result) {
      console.error(`${result.adopter} could not run the hand-back: ${result.failed}`);
      failed = true;
      continue;
    }
    console.log(`hand-back of ${region}'s stock by ${result.adopter}: ${result.status} (${result.executionArn})`);
    if (result.status !== 'SUCCEEDED') {
      console.error(`${result.error ?? ''} ${result.cause ?? ''}`);
      failed = true;
      continue;
    }
    const rows = [
      ...result.handedBack.map((r) => ({ product: r.productId, outcome: 'handed back', epoch: r.epoch, available: r.available, reserved: r.reserved, orders: '' })),
      ...result.kept.map((r) => ({ product: r.productId, outcome: 'kept', epoch: '', available: '', reserved: '', orders: r.orders.join(' ') })),
      ...result.contested.map((p) => ({ product: p, outcome: 'changed meanwhile: run again', epoch: '', available: '', reserved: '', orders: '' })),
    ];
    if (rows.length === 0) console.log(`${result.adopter} holds none of ${region}'s stock rows`);
    else console.table(rows);
  }
  process.exit(failed ? 1 : 0);
}

const lostRegion = region;
const to = option('--to');
const candidates = to !== undefined ? [to] : otherRegions(lostRegion, { PEER_REGIONS: Object.keys(regions).join(',') });

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
