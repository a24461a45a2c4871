// Builds the CDK app for the infra tests: cdk.json's context, with asset bundling switched off
// through CDK's own `aws:cdk:bundling-stacks` context (an empty list bundles no stack), so no
// esbuild run slows the suite; everything else synthesises as `npm run synth` does.
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { buildDeployment, type Deployment, type DeploymentSources } from '../../infra/app.ts';
import { workflows } from '../../infra/names.ts';
import { fixtureRegistry } from './fixtures/registry.ts';
import { fixtureResolverMap } from './fixtures/resolver-map.ts';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function cdkContext(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(projectRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  return { ...cdkJson.context, 'aws:cdk:bundling-stacks': [], ...extra };
}

export const fixtureSources: DeploymentSources = {
  projectRoot,
  registry: fixtureRegistry,
  resolverMap: fixtureResolverMap,
  workflows: workflows.map((w) => ({ ...w, file: w.file.replace('workflows/', 'test/infra/fixtures/workflows/') })),
  webDir: path.join(projectRoot, 'test/infra/fixtures/web'),
};

/** The account the CDK CLI would pass from the credentials it found (cdk.json names none). */
export const TEST_ACCOUNT = '123456789012';

/** A domain and hosted zone, for the tests of a deployment with custom names. */
export const TEST_DOMAIN = { 'bigsmokes:domainName': 'bigsmokes.example.com', 'bigsmokes:hostedZoneId': 'Z0123456789ABCDEFGHIJ' };

export function synthesise(sources: DeploymentSources, context: Record<string, unknown> = {}): Deployment {
  return buildDeployment({
    sources,
    context: cdkContext(context),
    environment: { CDK_DEFAULT_ACCOUNT: TEST_ACCOUNT },
    outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-test-')),
  });
}
