// The front door's health checks decide as Route 53's do
// (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html):
// a check passes on a 2xx or 3xx answer; the status flips only after `failureThreshold` consecutive
// checks disagree with it, in either direction; a new check starts healthy.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkOnce, HealthChecks } from '../../local/regions/health-checks.ts';

let status = 200;
const server = http.createServer((_req, res) => {
  res.writeHead(status);
  res.end();
});
let url = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/outputs.json`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('2xx and 3xx pass; 5xx and a closed port fail', async () => {
  status = 200;
  expect(await checkOnce(url)).toBe(true);
  status = 302;
  expect(await checkOnce(url)).toBe(true);
  status = 503;
  expect(await checkOnce(url)).toBe(false);
  expect(await checkOnce('http://127.0.0.1:1/outputs.json')).toBe(false);
});

test('the status changes only after the failure threshold of consecutive checks, both ways', async () => {
  const checks = new HealthChecks({ a: url }, { intervalMs: 3_600_000, failureThreshold: 3 });
  try {
    expect(checks.isHealthy('a')).toBe(true);
    status = 503;
    await checks.checkAll();
    await checks.checkAll();
    expect(checks.isHealthy('a')).toBe(true);
    status = 200;
    await checks.checkAll(); // a pass breaks the streak
    status = 503;
    await checks.checkAll();
    await checks.checkAll();
    expect(checks.isHealthy('a')).toBe(true);
    await checks.checkAll();
    expect(checks.isHealthy('a')).toBe(false);
    status = 200;
    await checks.checkAll();
    await checks.checkAll();
    expect(checks.isHealthy('a')).toBe(false);
    await checks.checkAll();
    expect(checks.isHealthy('a')).toBe(true);
  } finally {
    checks.close();
  }
});

test('the interval and threshold are Route 53\'s defaults unless given, and the threshold is 1 to 10', () => {
  const checks = new HealthChecks({ a: url });
  expect(checks.intervalMs).toBe(30_000);
  checks.close();
  expect(() => new HealthChecks({ a: url }, { failureThreshold: 11 })).toThrow(RangeError);
});
