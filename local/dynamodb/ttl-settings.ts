// UpdateTimeToLive / DescribeTimeToLive, which dynalite lacks
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTimeToLive.html).
// Settings are kept in a small JSON file beside the store so they survive restarts.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TableDescription } from './dynalite.ts';
import type { Response } from './engine.ts';
import { errors } from './errors.ts';

export class TtlSettings {
  private readonly attributes: Map<string, string>;
  private readonly file?: string;

  constructor(file?: string) {
    this.file = file;
    this.attributes = new Map(Object.entries(file ? readSettings(file) : {}));
  }

  /** Tables with TTL enabled and their TTL attribute. */
  enabled(): [table: string, attribute: string][] {
    return [...this.attributes];
  }

  describe(table: TableDescription): Response {
    const attribute = this.attributes.get(table.TableName);
    return { TimeToLiveDescription: attribute
      ? { TimeToLiveStatus: 'ENABLED', AttributeName: attribute }
      : { TimeToLiveStatus: 'DISABLED' } };
  }

  async update(table: TableDescription, request: Record<string, unknown>): Promise<Response> {
    const spec = request.TimeToLiveSpecification as { Enabled?: unknown; AttributeName?: unknown } | undefined;
    if (!spec || typeof spec.Enabled !== 'boolean' || typeof spec.AttributeName !== 'string' || spec.AttributeName === '') {
      throw errors.validation("1 validation error detected: Value null at 'timeToLiveSpecification' failed to satisfy constraint: Member must not be null");
    }
    const current = this.attributes.get(table.TableName);
    if (spec.Enabled && current !== undefined) throw errors.validation('TimeToLive is already enabled');
    if (!spec.Enabled && current === undefined) throw errors.validation('TimeToLive is already disabled');
    if (spec.Enabled) this.attributes.set(table.TableName, spec.AttributeName);
    else this.attributes.delete(table.TableName);
    this.save();
    return { TimeToLiveSpecification: { Enabled: spec.Enabled, AttributeName: spec.AttributeName } };
  }

  async forget(tableName: string): Promise<void> {
    if (this.attributes.delete(tableName)) this.save();
  }

  private save(): void {
    if (!this.file) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(Object.fromEntries(this.attributes)));
    renameSync(temporary, this.file);
  }
}

function readSettings(file: string): Record<string, string> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
}
