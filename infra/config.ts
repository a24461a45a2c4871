// Deployment settings from cdk.json context and the environment the CDK CLI provides, checked once,
// so every stack reads the same values and `cdk synth` needs no network (nothing is looked up).
// Nothing has a placeholder default that would pass validation and fail at deploy time: a value
// that is required and missing stops the synth with a message that says what to set.
import type { App } from 'aws-cdk-lib';

export interface DeploymentConfig {
  readonly account: string;
  /** Holds the global tables' definitions, the user pool and the CloudFront distribution. */
  readonly primaryRegion: string;
  /** Every region the platform runs in, the primary included. */
  readonly regions: readonly string[];
  /** Holds the user pool replica and the web bucket CloudFront fails over to. */
  readonly failoverRegion: string;
  /**
   * Public names (api.<domain>, <region>.api.<domain>, www.<domain>) in an existing hosted zone;
   * undefined: no domain, the default AppSync and CloudFront URLs, no certificate, record or health check.
   */
  readonly domain?: { readonly name: string; readonly hostedZoneId: string };
  /** Regions taken out of the latency routing for a drill or a real outage (needs a domain). */
  readonly evacuatedRegions: readonly string[];
  /** Where alarms are mailed, besides the SNS topic; empty for none. */
  readonly alarmEmail: string;
  /**
   * Reserved concurrency per service whose outside provider (payment, carrier) must be protected.
   * Opt-in (empty by default): a fresh account's Lambda quota (often 10 concurrent executions, of
   * which 10 must stay unreserved) refuses any reservation.
   */
  readonly reservedConcurrency: Readonly<Record<string, number>>;
  /** Settings every task gets (provider choices, thresholds): a test stage runs the sandboxes. */
  readonly taskEnvironment: Readonly<Record<string, string>>;
}

const PREFIX = 'bigsmokes:';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const absent = (value: unknown): boolean => value === undefined || value === null || value === '';

function required(app: App, key: string): unknown {
  const value: unknown = app.node.tryGetContext(PREFIX + key);
  if (absent(value)) throw new ConfigError(`cdk.json context "${PREFIX}${key}" is missing`);
  return value;
}

function text(app: App, key: string, pattern?: RegExp): string {
  const value = required(app, key);
  if (typeof value !== 'string' || (pattern && !pattern.test(value))) {
    throw new ConfigError(`cdk.json context "${PREFIX}${key}" is invalid: ${JSON.stringify(value)}`);
  }
  return value;
}

/** An optional string: undefined when absent or empty. */
function optionalText(app: App, key: string, pattern: RegExp): string | undefined {
  return absent(app.node.tryGetContext(PREFIX + key)) ? undefined : text(app, key, pattern);
}

function list(app: App, key: string, fallback?: string[]): string[] {
  const value: unknown = app.node.tryGetContext(PREFIX + key) ?? fallback;
  if (value === undefined) required(app, key);
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new ConfigError(`cdk.json context "${PREFIX}${key}" must be a list of strings`);
  }
  return value;
}

function counts(app: App, key: string): Record<string, number> {
  const value: unknown = app.node.tryGetContext(PREFIX + key) ?? {};
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.values(value).every((v) => Number.isInteger(v) && v > 0)) {
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

/**
 * The account: `bigsmokes:account` when set, otherwise the one whose credentials the CDK CLI found
 * (it sets CDK_DEFAULT_ACCOUNT for the app). Neither: the synth stops and says what to set.
 */
function account(app: App, environment: NodeJS.ProcessEnv): string {
  const configured = optionalText(app, 'account', /^\d{12}$/);
  const fromCli = environment.CDK_DEFAULT_ACCOUNT;
  const value = configured ?? fromCli;
  if (value === undefined || !/^\d{12}$/.test(value)) {
    throw new ConfigError('no AWS account: run `npm run synth`/`npm run deploy` with credentials for the account '
      + '(the CDK CLI passes it as CDK_DEFAULT_ACCOUNT), or set cdk.json context "bigsmokes:account" to its 12-digit ID'
      + (value === undefined ? '' : ` (CDK_DEFAULT_ACCOUNT is ${JSON.stringify(value)})`));
  }
  return value;
}

function domain(app: App): DeploymentConfig['domain'] {
  const name = optionalText(app, 'domainName', /^[a-z0-9.-]+$/);
  const hostedZoneId = optionalText(app, 'hostedZoneId', /^Z[A-Z0-9]+$/);
  if (name === undefined && hostedZoneId === undefined) return undefined;
  if (name === undefined || hostedZoneId === undefined) {
    throw new ConfigError('a custom domain needs both cdk.json context "bigsmokes:domainName" and "bigsmokes:hostedZoneId" (the public hosted zone of that domain); leave both out to use the default AWS URLs');
  }
  return { name, hostedZoneId };
}

export function loadDeploymentConfig(app: App, environment: NodeJS.ProcessEnv = process.env): DeploymentConfig {
  const config: DeploymentConfig = {
    account: account(app, environment),
    primaryRegion: text(app, 'primaryRegion'),
    regions: list(app, 'regions'),
    failoverRegion: text(app, 'failoverRegion'),
    domain: domain(app),
    evacuatedRegions: list(app, 'evacuatedRegions', []),
    alarmEmail: (app.node.tryGetContext(`${PREFIX}alarmEmail`) as string | undefined) ?? '',
    reservedConcurrency: counts(app, 'reservedConcurrency'),
    taskEnvironment: strings(app, 'taskEnvironment'),
  };
  for (const region of [config.primaryRegion, config.failoverRegion, ...config.evacuatedRegions]) {
    if (!config.regions.includes(region)) throw new ConfigError(`region ${region} is not one of ${config.regions.join(', ')}`);
  }
  if (config.failoverRegion === config.primaryRegion) throw new ConfigError('the failover region must differ from the primary');
  if (config.evacuatedRegions.length >= config.regions.length) throw new ConfigError('at least one region must stay in service');
  if (config.evacuatedRegions.length > 0 && config.domain === undefined) {
    throw new ConfigError('"bigsmokes:evacuatedRegions" steers the api.<domain> latency records: it needs a domain. Without one, the web app fails over by itself');
  }
  return config;
}
