// What `import ... from '@aws-appsync/utils'`, `'@aws-appsync/utils/dynamodb'` and
// `'@aws-appsync/utils/rds'` resolve to inside the evaluator: our runtime, typed against the
// package's declarations.
import type { runtime as RuntimeDeclaration, extensions as ExtensionsDeclaration, SubscriptionFilter } from '@aws-appsync/utils';
import { util } from './util.ts';
import { dynamodbHelpers } from './dynamodb-helpers.ts';
import { currentInvocation, EarlyReturn } from './invocation.ts';
import { rdsModule } from './rds-module.ts';

export const runtime = {
  earlyReturn: (obj?: unknown, returnOptions?: { skipTo: 'END' | 'NEXT' }): never => {
    throw new EarlyReturn(obj ?? null, returnOptions?.skipTo ?? null);
  },
} satisfies typeof RuntimeDeclaration;

export const extensions = {
  // The local runtime has no resolver cache, so there is nothing to evict.
  evictFromApiCache: (_typeName: string, _fieldName: string, _keyValuePair: Record<string, unknown>) => undefined,
  setSubscriptionFilter: (filter: SubscriptionFilter) => { currentInvocation().subscriptionFilter = filter; },
  setSubscriptionInvalidationFilter: (filter: SubscriptionFilter) => { currentInvocation().invalidationFilter = filter; },
  invalidateSubscriptions: (obj: { subscriptionField: string; payload: Record<string, unknown> }) => {
    currentInvocation().invalidations.push({ subscriptionField: obj.subscriptionField, payload: obj.payload });
  },
} satisfies typeof ExtensionsDeclaration;

export const builtInModules: Readonly<Record<string, unknown>> = {
  '@aws-appsync/utils': Object.freeze({ util, runtime, extensions }),
  '@aws-appsync/utils/dynamodb': Object.freeze({ ...dynamodbHelpers }),
  '@aws-appsync/utils/rds': Object.freeze({ ...rdsModule }),
};
