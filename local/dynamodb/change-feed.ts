// The change feed: one record per committed change, shaped like a DynamoDB Streams record with
// NEW_AND_OLD_IMAGES (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_Record.html).
// Subscribers inside the runtime (event bus, subscriptions) are called after the write commits.
import { isDeepStrictEqual } from 'node:util';
import type { AttributeMap } from './errors.ts';

export interface ChangeRecord {
  eventID: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  eventSource: 'aws:dynamodb';
  awsRegion: string;
  tableName: string;
  dynamodb: {
    ApproximateCreationDateTime: number;
    Keys: AttributeMap;
    NewImage?: AttributeMap;
    OldImage?: AttributeMap;
    SequenceNumber: string;
    StreamViewType: 'NEW_AND_OLD_IMAGES';
  };
  /** Present on deletes made by Time to Live, as AWS marks them. */
  userIdentity?: { type: 'Service'; principalId: 'dynamodb.amazonaws.com' };
}

/** Where a change came from: a write here, or a global table's replication from another region. */
export interface ChangeSource { readonly replicatedFrom?: string }

export type ChangeListener = (record: ChangeRecord, source: ChangeSource) => void;

export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();
  private sequence = 0n;

  private readonly region: string;

  constructor(region: string) {
    this.region = region;
  }

  /** Whether anyone listens: writers skip reading images when nobody does. */
  get active(): boolean {
    return this.listeners.size > 0;
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Emits a record for a change; a write that changed nothing emits none, as with DynamoDB Streams. */
  emit(tableName: string, keys: AttributeMap, oldImage: AttributeMap | undefined, newImage: AttributeMap | undefined, byTtl = false, replicatedFrom?: string): void {
    if (this.listeners.size === 0) return;
    if (oldImage === undefined && newImage === undefined) return;
    if (isDeepStrictEqual(oldImage, newImage)) return;
    this.sequence += 1n;
    const record: ChangeRecord = {
      eventID: `${Date.now().toString(16)}${this.sequence.toString(16).padStart(8, '0')}`,
      eventName: oldImage === undefined ? 'INSERT' : newImage === undefined ? 'REMOVE' : 'MODIFY',
      eventSource: 'aws:dynamodb',
      awsRegion: this.region,
      tableName,
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
        Keys: keys,
        ...(newImage && { NewImage: newImage }),
        ...(oldImage && { OldImage: oldImage }),
        SequenceNumber: this.sequence.toString().padStart(21, '0'),
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
      ...(byTtl && { userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' } as const }),
    };
    const source: ChangeSource = replicatedFrom === undefined ? {} : { replicatedFrom };
    for (const listener of this.listeners) {
      try {
        listener(record, source);
      } catch (err) {
        console.error('[dynamodb] change feed subscriber failed', err);
      }
    }
  }
}
