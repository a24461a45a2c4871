// Prints the conformance table for the README: every member of `util`, `runtime`, `extensions`, the
// `@aws-appsync/utils/dynamodb` module and the `@aws-appsync/utils/rds` module, and whether the local
// runtime implements it. The list
// comes from the runtime objects themselves, which the compiler checks against the package's
// declarations (`satisfies`), so a member missing from the runtime fails the type check rather
// than this table. Run: npx node local/appsync/conformance.ts
import { util } from './runtime/util.ts';
import { runtime, extensions } from './runtime/modules.ts';
import { dynamodbHelpers } from './runtime/dynamodb-helpers.ts';
import { rdsModule } from './runtime/rds-module.ts';
import { isNotImplemented } from './runtime/not-implemented.ts';

export interface ConformanceRow { readonly member: string; readonly implemented: boolean }

function walk(prefix: string, value: object): ConformanceRow[] {
  return Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).flatMap(([name, member]): ConformanceRow[] => {
    const path = `${prefix}.${name}`;
    if (typeof member === 'function') return [{ member: path, implemented: !isNotImplemented(member) }];
    if (member !== null && typeof member === 'object') return walk(path, member as object);
    return [];
  });
}

export function conformanceRows(): ConformanceRow[] {
  return [
    ...walk('util', util),
    ...walk('runtime', runtime),
    ...walk('extensions', extensions),
    ...walk('ddb', dynamodbHelpers),
    ...walk('rds', rdsModule),
  ];
}

export function conformanceMarkdown(): string {
  const rows = conformanceRows();
  const done = rows.filter((r) => r.implemented).length;
  return [
    `${done} of ${rows.length} members implemented (\`ddb\` is \`import * as ddb from '@aws-appsync/utils/dynamodb'\`, \`rds\` is \`import * as rds from '@aws-appsync/utils/rds'\`).`,
    '',
    '| member | local runtime |',
    '| --- | --- |',
    ...rows.map((r) => `| \`${r.member}\` | ${r.implemented ? 'yes' : 'no (throws NotImplementedError)'} |`),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(conformanceMarkdown());
