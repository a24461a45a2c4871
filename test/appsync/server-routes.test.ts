// What the AppSync port serves besides GraphQL: routes mounted by the platform (the sandbox outage
// switches), the web app's static files, CORS preflight, and the API key kept under the data dir.
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadOrCreateApiKey } from '../../local/appsync/api-key.ts';
import { startFixture, type Fixture } from './support.ts';

let f: Fixture;
let base: string;
const dir = mkdtempSync(path.join(os.tmpdir(), 'appsync-static-'));
const switched: unknown[] = [];

beforeAll(async () => {
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>shop</title>');
  writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log(1)');
  f = await startFixture({
    staticDir: dir,
    extraRoutes: [{
      method: 'POST', path: '/_sandbox/payment/outage',
      handler: (_req, res, body) => {
        switched.push(JSON.parse(body.toString('utf8')));
        res.writeHead(204);
        res.end();
      },
    }],
  });
  base = f.app.url.replace(/\/graphql$/, '');
});

afterAll(async () => {
  await f.close();
  rmSync(dir, { recursive: true, force: true });
});

test('an extra route gets the request and its body', async () => {
  const res = await fetch(`${base}/_sandbox/payment/outage`, { method: 'POST', body: '{"on":true}' });
  expect(res.status).toBe(204);
  expect(switched).toEqual([{ on: true }]);
});

test('static files, index.html at / and for client-side routes, 404 for missing assets', async () => {
  expect(await (await fetch(`${base}/`)).text()).toContain('<title>shop</title>');
  const js = await fetch(`${base}/assets/app.js`);
  expect([js.status, js.headers.get('content-type'), await js.text()]).toEqual([200, 'text/javascript; charset=utf-8', 'console.log(1)']);
  expect(await (await fetch(`${base}/orders/123`)).text()).toContain('<title>shop</title>');
  expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
  expect((await fetch(`${base}/..%2f..%2fetc/passwd`)).status).toBe(404);
});

test('CORS preflight for browser clients on another origin', async () => {
  const res = await fetch(f.app.url, { method: 'OPTIONS', headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' } });
  expect(res.status).toBe(204);
  expect(res.headers.get('access-control-allow-headers')).toContain('x-api-key');
});

test('the API key is created once per data dir, in AppSync\'s format, and kept', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'appsync-key-'));
  try {
    const key = await loadOrCreateApiKey(dataDir);
    expect(key).toMatch(/^da2-[a-z0-9]{26}$/);
    expect(await loadOrCreateApiKey(dataDir)).toBe(key);
    expect(JSON.parse(readFileSync(path.join(dataDir, 'api-key.json'), 'utf8')).apiKey).toBe(key);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
