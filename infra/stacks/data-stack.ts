// The global tables, defined once in the primary region with a replica in every other region
// (MREC). Other regions' stacks reach their replica by its fixed name (infra/lib/table-access.ts).
// Also the multi-Region KMS key that encrypts the user pool, which Cognito's user pool
// replication requires, so it exists before the failover region's replica key.
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { tables, type TableDefinition } from '../tables.ts';

export interface DataStackProps extends StackProps {
  readonly replicaRegions: readonly string[];
}

const attributeType = { S: ddb.AttributeType.STRING, N: ddb.AttributeType.NUMBER, B: ddb.AttributeType.BINARY } as const;

const attribute = (a: TableDefinition['partitionKey']): ddb.Attribute => ({ name: a.name, type: attributeType[a.type] });

export class DataStack extends Stack {
  readonly tables: Record<string, ddb.TableV2> = {};
  readonly identityKey: kms.Key;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    for (const table of Object.values(tables) as TableDefinition[]) {
      this.tables[table.id] = new ddb.TableV2(this, table.id, {
        tableName: table.tableName,
        partitionKey: attribute(table.partitionKey),
        sortKey: table.sortKey && attribute(table.sortKey),
        billing: ddb.Billing.onDemand(),
        globalSecondaryIndexes: table.globalIndexes.map((index) => ({
          indexName: index.indexName,
          partitionKey: attribute(index.partitionKey),
          sortKey: index.sortKey && attribute(index.sortKey),
        })),
        timeToLiveAttribute: table.ttlAttribute,
        // MREC replication itself runs on streams, so every global table has one; tables.ts names
        // the tables whose change feed the design also consumes.
        dynamoStream: ddb.StreamViewType.NEW_AND_OLD_IMAGES,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        // Kept when the stack is deleted or the table replaced (DeletionPolicy and UpdateReplacePolicy
        // Retain), removed only when its own creation rolls back, so a redeploy after a failed first
        // deploy finds no table of the same name in the way. DynamoDB deletion protection would make
        // that rollback fail (ROLLBACK_FAILED, manual clean-up), so the data is guarded by the retain
        // policies, point-in-time recovery, and roles that hold no dynamodb:DeleteTable.
        deletionProtection: false,
        removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
        replicas: props.replicaRegions.map((region) => ({ region })),
      });
    }
    this.identityKey = new kms.Key(this, 'IdentityKey', {
      description: 'Encrypts the user pool; multi-Region so Cognito can replicate the pool to the failover region',
      enableKeyRotation: true,
      multiRegion: true,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
  }
}
