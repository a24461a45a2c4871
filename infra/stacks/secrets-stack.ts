// The outside providers' credentials (payment, carrier) in Secrets Manager, created in the primary
// region and replicated to every other region under the same name, so each region's tasks read
// their own region's copy (Powertools Parameters `getSecret`, cached). No value is in code: each
// secret starts with a generated placeholder API key that the operator replaces (infra/README.md).
// A stack of its own: nothing else in it can fail its creation and roll back a named secret,
// whose name Secrets Manager keeps reserved for the recovery window after a deletion.
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { acknowledge } from '../lib/nag.ts';
import { providerSecrets } from '../lib/provider-secrets.ts';

export interface SecretsStackProps extends StackProps {
  readonly replicaRegions: readonly string[];
}

export class SecretsStack extends Stack {
  constructor(scope: Construct, id: string, props: SecretsStackProps) {
    super(scope, id, props);
    for (const secret of providerSecrets) {
      const created = new secretsmanager.Secret(this, secret.id, {
        secretName: secret.name,
        description: `${secret.description} Replace the generated placeholder: aws secretsmanager put-secret-value --secret-id ${secret.name} --secret-string '{"apiKey":"..."}'`,
        // JSON {"apiKey": "<random>"}: the shape the tasks read, with a value that works nowhere.
        generateSecretString: { secretStringTemplate: '{}', generateStringKey: 'apiKey', excludePunctuation: true, passwordLength: 32 },
        replicaRegions: props.replicaRegions.map((region) => ({ region })),
        removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
      });
      acknowledge(created, {
        'AwsSolutions-SMG4': 'A third-party API key (payment provider, carrier): Secrets Manager cannot rotate it; the operator rotates it at the provider and puts the new value (infra/README.md).',
      });
    }
  }
}
