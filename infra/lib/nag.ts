// cdk-nag 3 runs as a validation plugin: AwsSolutions and Serverless checks over every stack, an
// unacknowledged finding fails `cdk synth`. Acknowledgements go on the narrowest construct, each
// with a reason specific to this app (cdk-nag README, "Acknowledging a Rule").
import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

export const nagPacks = (): [AwsSolutionsChecks, ServerlessChecks] => [new AwsSolutionsChecks(), new ServerlessChecks()];

export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(...nagPacks());
}

/** Acknowledges findings (rule ids, with `[finding]` where the rule reports several) on a construct. */
export function acknowledge(scope: IConstruct, findings: Record<string, string>): void {
  Validations.of(scope).acknowledge(...Object.entries(findings).map(([id, reason]) => ({ id, reason })));
}

/** X-Ray's PutTraceSegments and PutTelemetryRecords accept no resource but '*'. */
export const XRAY_WILDCARD = {
  'AwsSolutions-IAM5[Resource::*]': 'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions (IAM service authorization reference), so tracing needs Resource "*"',
};
