// The synthesised CloudFormation templates (cdk.out): every resource of every stack, with the
// region its stack deploys to. The cost model prices these, by resource type, whatever they hold.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface TemplateResource {
  readonly stack: string;
  readonly region: string;
  readonly logicalId: string;
  readonly type: string;
  readonly properties: Record<string, unknown>;
}

interface Manifest {
  artifacts: Record<string, { type: string; environment?: string; properties?: { templateFile?: string } }>;
}

export class TemplatesMissingError extends Error {
  constructor(dir: string, cause: unknown) {
    super(`no synthesised templates in ${dir}: run \`npm run synth\` first`, { cause });
    this.name = 'TemplatesMissingError';
  }
}

/** Every resource of every stack in a cloud assembly directory. */
export function readTemplates(cdkOut: string): TemplateResource[] {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(cdkOut, 'manifest.json'), 'utf8')) as Manifest;
  } catch (err) {
    throw new TemplatesMissingError(cdkOut, err);
  }
  const resources: TemplateResource[] = [];
  for (const [stack, artifact] of Object.entries(manifest.artifacts)) {
    if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties?.templateFile) continue;
    const region = artifact.environment?.split('/').pop() ?? 'unknown';
    const template = JSON.parse(readFileSync(path.join(cdkOut, artifact.properties.templateFile), 'utf8')) as
      { Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
    for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
      resources.push({ stack, region, logicalId, type: resource.Type, properties: resource.Properties ?? {} });
    }
  }
  return resources;
}
