// cdk.json context is checked once, with errors that name the key.
import { App } from 'aws-cdk-lib';
import { loadDeploymentConfig, ConfigError } from '../../infra/config.ts';
import { cdkContext } from './synth.ts';

const load = (overrides: Record<string, unknown>) => loadDeploymentConfig(new App({ context: cdkContext(overrides) }));

it('reads account, regions and routing from cdk.json', () => {
  const config = load({});
  expect(config.regions).toEqual(['us-east-1', 'eu-west-1', 'ap-southeast-1']);
  expect(config.primaryRegion).toBe('us-east-1');
  expect(config.failoverRegion).toBe('eu-west-1');
  expect(config.account).toMatch(/^\d{12}$/);
});

it('rejects settings that would deploy something inconsistent', () => {
  expect(() => load({ 'bigsmokes:account': 'me' })).toThrow(/bigsmokes:account/);
  expect(() => load({ 'bigsmokes:failoverRegion': 'us-west-2' })).toThrow(ConfigError);
  expect(() => load({ 'bigsmokes:failoverRegion': 'us-east-1' })).toThrow(/must differ/);
  expect(() => load({ 'bigsmokes:evacuatedRegions': ['us-east-1', 'eu-west-1', 'ap-southeast-1'] })).toThrow(/at least one region/);
  expect(() => load({ 'bigsmokes:reservedConcurrency': { payment: 0 } })).toThrow(/positive integers/);
});
