// cdk.json context and the CDK CLI's environment are checked once, with errors that name what to set.
import { App } from 'aws-cdk-lib';
import { loadDeploymentConfig, ConfigError } from '../../infra/config.ts';
import { cdkContext, TEST_ACCOUNT, TEST_DOMAIN } from './synth.ts';

const cli = { CDK_DEFAULT_ACCOUNT: TEST_ACCOUNT };
const load = (overrides: Record<string, unknown>, environment: NodeJS.ProcessEnv = cli) =>
  loadDeploymentConfig(new App({ context: cdkContext(overrides) }), environment);

it('reads regions from cdk.json and the account from the CDK CLI; no domain and no reserved concurrency by default', () => {
  const config = load({});
  expect(config.regions).toEqual(['us-east-1', 'eu-west-1', 'ap-southeast-1']);
  expect(config.primaryRegion).toBe('us-east-1');
  expect(config.failoverRegion).toBe('eu-west-1');
  expect(config.account).toBe(TEST_ACCOUNT);
  expect(config.domain).toBeUndefined();
  expect(config.reservedConcurrency).toEqual({});
});

it('has no placeholder that would pass validation: cdk.json names no account, domain or hosted zone', () => {
  const context = cdkContext();
  for (const key of ['bigsmokes:account', 'bigsmokes:domainName', 'bigsmokes:hostedZoneId']) expect(context[key]).toBeUndefined();
});

it('stops the synth without an account, saying what to set', () => {
  expect(() => load({}, {})).toThrow(/credentials.*CDK_DEFAULT_ACCOUNT.*bigsmokes:account/);
  expect(load({ 'bigsmokes:account': '210987654321' }, {}).account).toBe('210987654321');
});

it('takes a domain only with its hosted zone', () => {
  expect(load(TEST_DOMAIN).domain).toEqual({ name: 'bigsmokes.example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ' });
  expect(() => load({ 'bigsmokes:domainName': 'shop.example.com' })).toThrow(/both.*domainName.*hostedZoneId/);
  expect(() => load({ 'bigsmokes:evacuatedRegions': ['eu-west-1'] })).toThrow(/needs a domain/);
});

it('rejects settings that would deploy something inconsistent', () => {
  expect(() => load({ 'bigsmokes:account': 'me' })).toThrow(/bigsmokes:account/);
  expect(() => load({ 'bigsmokes:failoverRegion': 'us-west-2' })).toThrow(ConfigError);
  expect(() => load({ 'bigsmokes:failoverRegion': 'us-east-1' })).toThrow(/must differ/);
  expect(() => load({ ...TEST_DOMAIN, 'bigsmokes:evacuatedRegions': ['us-east-1', 'eu-west-1', 'ap-southeast-1'] })).toThrow(/at least one region/);
  expect(() => load({ 'bigsmokes:reservedConcurrency': { payment: 0 } })).toThrow(/positive integers/);
});
