// `import ... from '@aws-appsync/utils/rds'`: the statement builders and `toJsonObject`; every
// member the package declares (lib/rds-helpers.d.ts) must be here (`satisfies`).
import type * as RdsDeclaration from '@aws-appsync/utils/lib/rds-helpers.js';
import { rdsUtil } from './rds.ts';
import { rdsStatements } from './rds-statements.ts';

export const rdsModule = {
  ...rdsStatements,
  toJsonObject: rdsUtil.toJsonObject,
} satisfies Record<Exclude<keyof typeof RdsDeclaration, 'default'>, unknown>;
