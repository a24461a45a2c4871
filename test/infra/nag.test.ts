// cdk-nag 3 is wired as a validation plugin: a finding fails the synth unless acknowledged
// (cdk-nag README, "Acknowledging a Rule").
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { acknowledge, addNagChecks, nagPacks } from '../../infra/lib/nag.ts';

function appWithWildcardRole(acknowledged: boolean): App {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-nag-')) });
  const stack = new Stack(app, 'S', { env: { account: '123456789012', region: 'us-east-1' } });
  const role = new iam.Role(stack, 'R', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['dynamodb:*'], resources: ['*'] }));
  if (acknowledged) {
    acknowledge(role, {
      'AwsSolutions-IAM5[Action::dynamodb:*]': 'test: acknowledged on purpose',
      'AwsSolutions-IAM5[Resource::*]': 'test: acknowledged on purpose',
    });
  }
  addNagChecks(app);
  return app;
}

it('reports each wildcard of a policy as its own finding', () => {
  const app = appWithWildcardRole(false);
  const [solutions] = nagPacks();
  expect(solutions.validateScope(app).violations.map((v) => v.ruleName).sort())
    .toEqual(['AwsSolutions-IAM5[Action::dynamodb:*]', 'AwsSolutions-IAM5[Resource::*]']);
  expect(() => app.synth()).toThrow();
  fs.rmSync(app.outdir, { recursive: true, force: true });
});

it('lets acknowledged findings through, and the synth succeeds', () => {
  const app = appWithWildcardRole(true);
  expect(nagPacks()[0].validateScope(app).violations).toEqual([]);
  expect(() => app.synth()).not.toThrow();
  fs.rmSync(app.outdir, { recursive: true, force: true });
});
