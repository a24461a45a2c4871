// Stripe's list endpoints (https://docs.stripe.com/api/pagination): objects newest first; `limit`
// 1-100 (default 10); `starting_after` (the page after an object) and `ending_before` (the page
// before one), mutually exclusive, each an existing object's id; `has_more` says whether more lie
// beyond the page in the direction of travel. `created` filters by a timestamp or a range
// (`created[gt|gte|lt|lte]`, https://docs.stripe.com/api/payment_intents/list#list_payment_intents-created).
import { invalidRequest, resourceMissing } from './errors.ts';
import type { Params } from './params.ts';

export interface ListPage<T> {
  readonly object: 'list';
  readonly url: string;
  readonly has_more: boolean;
  readonly data: T[];
}

export const listParams = ['limit', 'starting_after', 'ending_before', 'created', 'expand'] as const;

export function pageLimit(params: Params): number {
  const limit = params.integer('limit') ?? 10;
  if (limit < 1 || limit > 100) throw invalidRequest('This value must be greater than or equal to 1 and less than or equal to 100.', { param: 'limit' });
  return limit;
}

/** The `created` filter of a list request, as a predicate on a Unix timestamp. */
export function createdFilter(params: Params): (created: number) => boolean {
  if (!params.has('created')) return () => true;
  const exact = params.raw.created;
  if (typeof exact === 'string') {
    const at = params.integer('created');
    return (created) => created === at;
  }
  const range = params.hash('created');
  if (!range) return () => true;
  range.allowOnly(['gt', 'gte', 'lt', 'lte']);
  const bound = (name: string) => range.integer(name, `created[${name}]`);
  const [gt, gte, lt, lte] = [bound('gt'), bound('gte'), bound('lt'), bound('lte')];
  return (created) => (gt === undefined || created > gt) && (gte === undefined || created >= gte)
    && (lt === undefined || created < lt) && (lte === undefined || created <= lte);
}

/**
 * One page of `newestFirst` holding the objects that `matches`. A cursor is looked up among all the
 * objects (it need not match the filter); `kind` names it in a missing-cursor error as Stripe does
 * ("No such payment_intent: 'pi_x'").
 */
export function paginate<T extends { id: string }>(
  newestFirst: readonly T[], matches: (item: T) => boolean, params: Params, url: string, kind: string,
): ListPage<T> {
  const limit = pageLimit(params);
  const after = params.string('starting_after');
  const before = params.string('ending_before');
  if (after && before) {
    throw invalidRequest('Received both starting_after and ending_before parameters. Please pass in only one.', { param: 'ending_before' });
  }
  const position = (id: string, param: string) => {
    const index = newestFirst.findIndex((item) => item.id === id);
    if (index < 0) throw resourceMissing(kind, id, param);
    return index;
  };
  if (before) {
    // Walk towards newer objects from the cursor, then show them newest first.
    const newer = newestFirst.slice(0, position(before, 'ending_before')).filter(matches);
    const data = newer.slice(Math.max(0, newer.length - limit));
    return { object: 'list', url, has_more: newer.length > limit, data };
  }
  const older = newestFirst.slice(after ? position(after, 'starting_after') + 1 : 0).filter(matches);
  return { object: 'list', url, has_more: older.length > limit, data: older.slice(0, limit) };
}
