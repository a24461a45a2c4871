// Deployment settings from cdk.json context, checked once, so every stack reads the same values
// and `cdk synth` needs neither credentials nor network (account and regions are given, never looked up).
import type { App } from 'aws-cdk-lib';

export interface DeploymentConfig {
  readonly account: string;
  /** Holds the global tables' definitions, the user pool and the CloudFront distribution. */
  readonly primaryRegion: string;
  /** Every region the platform runs in, the primary included. */
  readonly regions: readonly string[];
  /** Holds the user pool replica and the web bucket CloudFront fails over to. */
  readonly failoverRegion: string;
  /** Apex of the public names: api.<domain> (latency-routed), <region>.api.<domain>, www.<domain>. */
  readonly domainName: string;
  readonly hostedZoneId: string;
  /** Regions taken out of the latency routing for a drill or a real outage. */
  readonly evacuatedRegions: readonly string[];
  /** Where alarms are mailed, besides the SNS topic; empty for none. */
  readonly alarmEmail: string;
  /** Reserved concurrency per service whose outside provider (payment, carrier) must be protected. */
  readonly reservedConcurrency: Readonly<Record<string, number>>;
  /** Settings every task gets (provider choices, thresholds): a test stage runs the sandboxes. */
  readonly taskEnvironment: Readonly<Record<string, string>>;
}

const PREFIX = 'bigsmokes:';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function required(app: App, key: string): unknown {
  const value: unknown = app.node.tryGetContext(PREFIX + key);
  if (value === undefined || value === null) throw new ConfigError(`cdk.json context "${PREFIX}${key}" is missing`);
  return value;
}

function text(app: App, key: string, pattern?: RegExp): string {
  const value = required(app, key);
  if (typeof value !== 'string' || (pattern && !pattern.test(value))) {
    throw new ConfigError(`cdk.json context "${PREFIX}${key}" is invalid: ${JSON.stringify(value)}`);
  }
  return value;
}

function list(app: App, key: string): string[] {
  const value = required(app, key);
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new ConfigError(`cdk.json context "${PREFIX}${key}" must be a list of strings`);
  }
  return value;
}

function counts(app: App, key: string): Record<string, number> {
  const value = required(app, key);
  if (typeof value !== 'object' || Array.isArray(value) || !Object.values(value as object).every((v) => Number.isInteger(v) && v > 0)) {
    throw new ConfigError(`cdk.json context "${PREFIX}${key}" must map names to positive integers`);
  }
  return value as Record<string, number>;
}

function strings(app: App, key: string): Record<string, string> {
  const value = required(app, key);
  if (typeof value !== 'object' || Array.isArray(value) || !Object.values(value as object).every((v) => typeof v === 'string')) {
    throw new ConfigError(`cdk.json context "${PREFIX}${key}" must map names to strings`);
  }
  return value as Record<string, string>;
}

export function loadDeploymentConfig(app: App): DeploymentConfig {
  const config: DeploymentConfig = {
    account: text(app, 'account', /^\d{12}$/),
    primaryRegion: text(app, 'primaryRegion'),
    regions: list(app, 'regions'),
    failoverRegion: text(app, 'failoverRegion'),
    domainName: text(app, 'domainName', /^[a-z0-9.-]+$/),
    hostedZoneId: text(app, 'hostedZoneId', /^Z[A-Z0-9]+$/),
    evacuatedRegions: list(app, 'evacuatedRegions'),
    alarmEmail: text(app, 'alarmEmail'),
    reservedConcurrency: counts(app, 'reservedConcurrency'),
    taskEnvironment: strings(app, 'taskEnvironment'),
  };
  for (const region of [config.primaryRegion, config.failoverRegion, ...config.evacuatedRegions]) {
    if (!config.regions.includes(region)) throw new ConfigError(`region ${region} is not one of ${config.regions.join(', ')}`);
  }
  if (config.failoverRegion === config.primaryRegion) throw new ConfigError('the failover region must differ from the primary');
  if (config.evacuatedRegions.length >= config.regions.length) throw new ConfigError('at least one region must stay in service');
  return config;
}
