// Starts what the browser talks to, in-process on ephemeral ports with a temp data dir:
// `startPlatform` (the same composition as `npm start`), serving web/dist and /outputs.json on
// the GraphQL port. While the platform does not yet serve GraphQL itself, the same services are
// composed here (local identity + local AppSync with the real resolver map over the platform's
// DynamoDB) so the pages can still be exercised; those runs cannot place orders.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type LocalConfig } from '../../local/config.ts';
import { startPlatform } from '../../local/platform.ts';
import { startAppSync } from '../../local/appsync/server.ts';
import { seedDemoUsers, startIdentity, createTokenVerifier } from '../../local/identity/index.ts';
import { resolverMap } from '../../schema/resolver-map.ts';
import { tableEnvironment } from '../../infra/tables.ts';

export interface DemoUser { username: string; password: string }

export interface Stack {
  readonly webUrl: string;
  readonly graphqlUrl: string;
  readonly apiKey: string;
  readonly demoUsers: Record<string, DemoUser>;
  /** True when the platform runs the sagas (orders can be placed). */
  readonly full: boolean;
  /** The confirmation code the identity service logged for a sign-up. */
  confirmationCode(username: string): string | undefined;
  /** The sandbox outage switches (API.md §7). */
  outage(provider: 'payment' | 'carrier', on: boolean): Promise<void>;
  close(): Promise<void>;
}

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const webDist = path.join(repoRoot, 'web/dist');

/** Collects the platform's log lines, where the identity service prints confirmation codes. */
function captureLogs(): { lines: string[]; restore(): void } {
  const lines: string[] = [];
  const original = { log: console.log, info: console.info, warn: console.warn, error: console.error, write: process.stdout.write.bind(process.stdout), writeErr: process.stderr.write.bind(process.stderr) };
  const keep = (...args: unknown[]) => { lines.push(args.map(String).join(' ')); };
  console.log = keep;
  console.info = keep;
  console.warn = (...args: unknown[]) => { keep(...args); original.warn(...args); };
  console.error = (...args: unknown[]) => { keep(...args); original.error(...args); };
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    lines.push(String(chunk));
    return (original.write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    lines.push(String(chunk));
    return (original.writeErr as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write;
  return { lines, restore: () => { Object.assign(console, { log: original.log, info: original.info, warn: original.warn, error: original.error }); process.stdout.write = original.write; process.stderr.write = original.writeErr; } };
}

export async function startStack(): Promise<Stack> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'bigsmokes-e2e-'));
  const logs = captureLogs();
  const loaded = loadConfig({ PORT: '0', DDB_PORT: '0', SFN_PORT: '0', COGNITO_PORT: '0', LOCAL_DATA_DIR: dataDir, AWS_REGION: 'us-east-1' });
  // Every port the platform has (it grows new services) is ephemeral here.
  const config = Object.fromEntries(Object.entries(loaded).map(([key, value]) => [key, key.endsWith('Port') ? 0 : value])) as unknown as LocalConfig;
  const platform = await startPlatform(config);
  const closers: (() => Promise<void>)[] = [() => platform.close()];
  const confirmationCode = (username: string) => {
    const pattern = new RegExp(`confirmation code for ${username.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: (\\S+)`);
    return logs.lines.map((line) => pattern.exec(line)?.[1]).filter(Boolean).pop();
  };
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => undefined);
    logs.restore();
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    const outputs = JSON.parse(await readFile(path.join(dataDir, 'outputs.json'), 'utf8')) as Record<string, unknown>;
    if (typeof outputs.graphqlUrl === 'string') {
      const graphqlUrl = outputs.graphqlUrl;
      const base = new URL('/', graphqlUrl).toString();
      return {
        webUrl: base, graphqlUrl, apiKey: String(outputs.apiKey), full: true,
        demoUsers: outputs.demoUsers as Record<string, DemoUser>, confirmationCode,
        async outage(provider, on) {
          const res = await fetch(new URL(`/_sandbox/${provider}/outage`, base), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ on }) });
          if (!res.ok) throw new Error(`outage switch answered ${res.status}`);
        },
        close,
      };
    }

    // Dev composition until the platform serves GraphQL (see the header comment).
    const identity = await startIdentity({ port: 0, dynamodbEndpoint: platform.dynamodb.endpoint, dataDir, region: config.region, log: (line) => logs.lines.push(line) });
    closers.push(() => identity.close());
    const demoUsers = await seedDemoUsers({ endpoint: identity.endpoint, userPoolId: identity.userPoolId, dataDir, region: config.region });
    const verifier = createTokenVerifier({ issuer: identity.issuer, jwksUri: identity.jwksUri, clientId: identity.userPoolClientId });
    const apiKey = 'da2-e2edevstackkey0000000000';
    let outputsJson = '';
    const app = await startAppSync({
      port: 0, resolverMap, repoRoot, dynamodbEndpoint: platform.dynamodb.endpoint, region: config.region, apiKey,
      verifyCognitoToken: (token) => verifier.verify(token), staticDir: webDist,
      env: { ...tableEnvironment(), HOME_REGION: config.region },
      extraRoutes: [{ method: 'GET', path: '/outputs.json', handler: (_req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(outputsJson); } }],
    });
    closers.push(() => app.close());
    outputsJson = JSON.stringify({
      region: config.region, graphqlUrl: app.url, realtimeUrl: app.realtimeUrl, apiKey,
      cognitoEndpoint: identity.endpoint, userPoolId: identity.userPoolId, userPoolClientId: identity.userPoolClientId,
    });
    return {
      webUrl: new URL('/', app.url).toString(), graphqlUrl: app.url, apiKey, full: false,
      demoUsers, confirmationCode,
      async outage() { throw new Error('the sandboxes need the full platform'); },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
