// APPSYNC_JS code for a resolver or pipeline function: the file from schema/ bundled into one
// module by esbuild, so a resolver may import shared helpers; AppSync itself provides only
// `@aws-appsync/utils` (AppSync developer guide, "Bundling, TypeScript, and source maps").
import esbuild from 'esbuild';
import path from 'node:path';

export class ResolverCodeError extends Error {
  override readonly name = 'ResolverCodeError';
}

const bundled = new Map<string, string>();

/** The bundled code of a resolver file; each file is bundled once for all regions. */
export function appsyncCode(projectRoot: string, file: string): string {
  const key = path.join(projectRoot, file);
  const cached = bundled.get(key);
  if (cached !== undefined) return cached;
  const result = esbuild.buildSync({
    entryPoints: [path.join(projectRoot, file)],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    target: 'es2020',
    external: ['@aws-appsync/*'],
    sourcemap: false,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0]?.text;
  if (!output) throw new ResolverCodeError(`${file}: esbuild produced no output`);
  bundled.set(key, output);
  return output;
}

/** Ends esbuild's worker thread (its sync API keeps one) once every resolver is bundled. */
export function releaseBundler(): void {
  void esbuild.stop();
}
