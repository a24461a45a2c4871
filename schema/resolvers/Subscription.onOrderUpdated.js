// onOrderUpdated(id): every status change of an order, to its owner and to support only. Enhanced
// subscription filtering narrows what each subscriber receives: a shopper only ever gets events
// whose userId is theirs; support gets every order's (or the one it names).
import { extensions, util } from '@aws-appsync/utils';

export function request() {
  return { payload: null };
}

export function response(ctx) {
  const groups = ctx.identity.groups ?? [];
  const filter = {};
  if (ctx.args.id) filter.id = { eq: ctx.args.id };
  if (!groups.includes('support')) filter.userId = { eq: ctx.identity.sub };
  if (Object.keys(filter).length > 0) {
    extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter(filter));
  }
  return null;
}
