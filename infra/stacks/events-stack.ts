// A region's event bus: order status changes go to the API's IAM-only publish mutation (so
// subscribers get them), to every other region's bus (so subscribers connected there get them
// too), and into an archive for replay. Undeliverable events land in a dead-letter queue.
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type * as appsync from 'aws-cdk-lib/aws-appsync';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import fs from 'node:fs';
import { eventBusArn, eventBusName, orderStatusEvent, publishArgumentFields } from '../names.ts';
import { publishOperation } from '../lib/publish-operation.ts';
import { acknowledge } from '../lib/nag.ts';

export const PUBLISH_FIELD = 'publishOrderUpdate';

export interface EventsStackProps extends StackProps {
  readonly api: appsync.GraphqlApi;
  readonly schemaFile: string;
  /** `Type.field` of every field with its own resolver (kept out of the publish selection). */
  readonly resolvedFields: ReadonlySet<string>;
  /** The other regions, whose buses receive this region's status events. */
  readonly peerRegions: readonly string[];
}

export class EventsStack extends Stack {
  readonly bus: events.EventBus;
  readonly deadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: EventsStackProps) {
    super(scope, id, props);
    this.bus = new events.EventBus(this, 'Bus', { eventBusName });
    this.bus.archive('Archive', {
      archiveName: `${eventBusName}-${this.region}`,
      description: 'Every domain event, for replay after an incident',
      eventPattern: { source: events.Match.prefix('bigsmokes.') },
      retention: Duration.days(90),
    });

    const key = new kms.Key(this, 'DeadLetterKey', {
      description: 'Encrypts undeliverable domain events',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    key.grantEncryptDecrypt(new iam.ServicePrincipal('events.amazonaws.com'));
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      queueName: `${eventBusName}-dead-letters`,
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(this.deadLetters, {
      'AwsSolutions-SQS3': 'This queue is itself the dead-letter queue of the event rules; its depth is alarmed in the monitoring stack.',
      'Serverless-SQSRedrivePolicy': 'This queue is itself the dead-letter queue of the event rules; it has no further queue to redrive to.',
    });

    const statusPattern: events.EventPattern = { source: [orderStatusEvent.source], detailType: [orderStatusEvent.detailType] };
    const operation = publishOperation(fs.readFileSync(props.schemaFile, 'utf8'), PUBLISH_FIELD, props.resolvedFields);
    if (operation) {
      // Our own role, allowed to call the publish mutation only (the L2 default allows every mutation).
      const publishRole = new iam.Role(this, 'PublishRole', {
        assumedBy: new iam.ServicePrincipal('events.amazonaws.com'),
        description: `Calls the API's ${PUBLISH_FIELD} mutation for order status events`,
      });
      props.api.grantMutation(publishRole, PUBLISH_FIELD);
      new events.Rule(this, 'StatusToApi', {
        eventBus: this.bus,
        description: `Order status changes to the API's ${PUBLISH_FIELD} mutation, which triggers onOrderUpdated`,
        eventPattern: statusPattern,
        targets: [new targets.AppSync(props.api, {
          graphQLOperation: operation.document,
          variables: events.RuleTargetInput.fromObject(Object.fromEntries(
            operation.variables.map((name) => [name, events.EventField.fromPath(`$.detail.${publishArgumentFields[name] ?? name}`)]),
          )),
          deadLetterQueue: this.deadLetters,
          eventRole: publishRole,
        })],
      });
    }

    if (props.peerRegions.length > 0) {
      // Only events put in this region are forwarded: a forwarded event keeps its source region,
      // so the peers' rules never send it on again (no loops).
      const fanOutRole = new iam.Role(this, 'FanOutRole', {
        assumedBy: new iam.ServicePrincipal('events.amazonaws.com'),
        description: 'Forwards order status events to the other regions\' buses',
      });
      new events.Rule(this, 'StatusToPeers', {
        eventBus: this.bus,
        description: 'Order status changes to every other region, so subscribers connected anywhere see them',
        eventPattern: { ...statusPattern, region: [this.region] },
        targets: props.peerRegions.map((region) => new targets.EventBus(
          events.EventBus.fromEventBusArn(this, `Peer-${region}`, eventBusArn(region, this.account)),
          { role: fanOutRole, deadLetterQueue: this.deadLetters },
        )),
      });
    }
  }
}
