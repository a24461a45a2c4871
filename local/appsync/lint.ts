// The APPSYNC_JS restrictions AppSync enforces when code is saved, checked with the rules of
// @aws-appsync/eslint-plugin (its `recommended` set, some of which need type information, so each
// file gets a TypeScript program built over a shared, cached compiler host).
import path from 'node:path';
import { Linter } from 'eslint';
import ts from 'typescript';
import appsyncPlugin from '@aws-appsync/eslint-plugin';
import * as tsParser from '@typescript-eslint/parser';

export interface CodeError {
  readonly errorType: string;
  readonly value: string;
  readonly location: { readonly line: number; readonly column: number; readonly span: number };
}

const compilerOptions: ts.CompilerOptions = {
  allowJs: true, checkJs: false, noEmit: true, target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, skipLibCheck: true,
  // APPSYNC_JS has no DOM and no Node: only the ES library and @aws-appsync/utils's declarations.
  lib: ['lib.es2022.d.ts'], types: [],
};

// Library and node_modules declaration files never change while we run: parse each once.
const baseHost = ts.createCompilerHost(compilerOptions, true);
const sourceCache = new Map<string, ts.SourceFile | undefined>();

// One program over every file being linted: the type-aware rules need it, and one is much cheaper than one per file.
function programFor(files: ReadonlyMap<string, string>): ts.Program {
  const host: ts.CompilerHost = {
    ...baseHost,
    fileExists: (f) => files.has(f) || baseHost.fileExists(f),
    readFile: (f) => files.get(f) ?? baseHost.readFile(f),
    getSourceFile: (f, languageVersion) => {
      const code = files.get(f);
      if (code !== undefined) return ts.createSourceFile(f, code, languageVersion, true, ts.ScriptKind.JS);
      if (!sourceCache.has(f)) sourceCache.set(f, baseHost.getSourceFile(f, languageVersion));
      return sourceCache.get(f);
    },
  };
  return ts.createProgram([...files.keys()], compilerOptions, host);
}

const recommended = (appsyncPlugin as unknown as { configs: { recommended: { plugins: Record<string, unknown>; rules: Linter.RulesRecord } } }).configs.recommended;
const linter = new Linter({ configType: 'flat' });

// A path inside the repo (so module resolution finds node_modules/@aws-appsync/utils), ending in .js.
function virtualPath(filename: string): string {
  const inside = path.resolve(process.cwd(), path.isAbsolute(filename) ? path.relative('/', filename) : filename);
  return inside.endsWith('.js') ? inside : `${inside}.js`;
}

/** Lint findings as EvaluateCode reports them in `error.codeErrors`; empty when AppSync would accept the code. */
export function lintAppSyncCode(code: string, filename: string): CodeError[] {
  return lintAppSyncFiles([{ code, filename }])[0];
}

/** Lints several files with one TypeScript program; findings in the order of `files`. */
export function lintAppSyncFiles(files: ReadonlyArray<{ readonly code: string; readonly filename: string }>): CodeError[][] {
  const byPath = new Map(files.map((f) => [virtualPath(f.filename), f.code]));
  const program = programFor(byPath);
  return files.map((f) => verify(f.code, virtualPath(f.filename), program));
}

function verify(code: string, fileName: string, program: ts.Program): CodeError[] {
  const messages = linter.verify(code, [{
    files: ['**/*.js'],
    plugins: recommended.plugins as Linter.Config['plugins'],
    languageOptions: {
      parser: tsParser as Linter.Parser,
      sourceType: 'module',
      ecmaVersion: 2022,
      parserOptions: { programs: [program] },
    },
    rules: recommended.rules,
  }], fileName);
  return messages.map((m) => ({
    errorType: m.fatal ? 'SYNTAX_ERROR' : 'LINT_ERROR',
    value: m.ruleId ? `${m.message} (${m.ruleId})` : m.message,
    location: { line: m.line, column: m.column, span: Math.max(0, (m.endColumn ?? m.column) - m.column) },
  }));
}
