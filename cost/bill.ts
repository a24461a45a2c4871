// The monthly bill: every resource of the templates priced by its type (pricers.ts), or named as
// no charge, or listed as not priced. Totals per service and region, the dominant items and what
// would cut each, the on-prem comparison and the cost per order.
import type { OnPremProfile, PriceTable } from './inputs.ts';
import { knownUnpriced, noCharge, pricerFor, type BillLine } from './pricers.ts';
import type { TemplateResource } from './templates.ts';
import type { Traffic } from './traffic.ts';

export interface Bill {
  profile: string;
  ordersPerMonth: number;
  lines: BillLine[];
  /** Resources AWS does not bill (type → count and reason). */
  noCharge: { type: string; count: number; reason: string }[];
  /** Resources the model does not price: each one, with why. */
  notPriced: { resource: string; region: string; type: string; reason: string }[];
  total: number;
  byService: Record<string, number>;
  byRegion: Record<string, number>;
  perOrder: number;
}

export function priceTemplates(resources: readonly TemplateResource[], traffic: Traffic, prices: PriceTable): Bill {
  const lines: BillLine[] = [];
  const free = new Map<string, number>();
  const notPriced: Bill['notPriced'] = [];
  for (const resource of resources) {
    const pricer = pricerFor(resource.type);
    if (pricer) {
      lines.push(...pricer(resource, { traffic, prices, resources }));
    } else if (noCharge[resource.type] || resource.type.startsWith('Custom::')) {
      free.set(resource.type, (free.get(resource.type) ?? 0) + 1);
    } else {
      notPriced.push({ resource: `${resource.stack}/${resource.logicalId}`, region: resource.region, type: resource.type,
        reason: knownUnpriced[resource.type] ?? 'no pricer for this resource type' });
    }
  }
  const sum = (key: (l: BillLine) => string) => lines.reduce<Record<string, number>>((acc, l) => ({ ...acc, [key(l)]: (acc[key(l)] ?? 0) + l.usd }), {});
  const total = lines.reduce((a, l) => a + l.usd, 0);
  return {
    profile: traffic.profile.name, ordersPerMonth: traffic.profile.ordersPerMonth, lines,
    noCharge: [...free].map(([type, count]) => ({ type, count, reason: noCharge[type] ?? 'a CloudFormation custom resource (its provider Lambda is priced)' })),
    notPriced, total, byService: sum((l) => l.service), byRegion: sum((l) => l.region),
    perOrder: traffic.profile.ordersPerMonth > 0 ? total / traffic.profile.ordersPerMonth : 0,
  };
}

/** Bill items grouped as a reader thinks of them: service and what is billed, over every resource and region. */
export function items(bill: Bill): { item: string; usd: number }[] {
  const groups = new Map<string, number>();
  for (const l of bill.lines) {
    const what = l.service === 'DynamoDB' ? `DynamoDB ${l.item.replace(/^[^:]+: /, '').replace(/ \(.*\)$/, '')}`
      : l.service === 'Lambda' ? `Lambda ${l.item.replace(/^.*: /, '')}`
        : `${l.service} ${l.item.replace(/ \(.*\)$/, '').replace(/^[\w-]+ (EXPRESS|STANDARD): /, '$1 ')}`;
    groups.set(what, (groups.get(what) ?? 0) + l.usd);
  }
  return [...groups].map(([item, usd]) => ({ item, usd })).sort((a, b) => b.usd - a.usd);
}

/** What would cut a dominant item, by the item's name. */
const cuts: [RegExp, string][] = [
  [/^Cognito .*replica/, 'the Essentials plan: $0.0045 a MAU for the replica instead of $0.006 (and $0.015 instead of $0.020 on the pool); or no replica, if sign-in may depend on us-east-1 alone'],
  [/^Cognito/, 'the Essentials plan instead of Plus (threat protection is what Plus adds): $0.015 a MAU with 10,000 free, or Lite at $0.0055'],
  [/^CloudWatch alarms/, 'fewer alarms: one composite alarm per service instead of three per function per region (the duration alarms alone are a third)'],
  [/^CloudWatch dashboards/, 'one dashboard for every service (the first three are free)'],
  [/^CloudWatch logs/, 'shorter retention, sampling of INFO logs (Powertools log sampling), EXPRESS logs at ERROR instead of ALL'],
  [/^X-Ray/, 'sample 1% instead of 5% (X-Ray sampling rules); errors are kept whatever the rate'],
  [/^DynamoDB replicated writes/, 'regional tables where nothing reads another region\'s copy: the idempotency records (a third of the writes) need no replica'],
  [/^DynamoDB index writes/, 'sparse or KEYS_ONLY indexes; fewer indexes on the write-heavy tables'],
  [/^DynamoDB (storage|point-in-time)/, 'TTL on finished idempotency records and old order history; PITR only on the tables money depends on'],
  [/^DynamoDB reads/, 'AppSync caching for the catalogue (product, products), which are most reads'],
  [/^AppSync/, 'fewer publishOrderUpdate calls: deliver status events to the order\'s home region only, not every region'],
  [/^KMS/, 'AWS-owned keys where compliance allows (the event buses and alarm topic): $1 a key a month each'],
  [/^(Lambda|Step Functions)/, 'fewer Lambdas on the saga: direct DynamoDB integrations for the steps that only read or write a table'],
  [/^Route 53/, 'one health check per region is the minimum for latency routing with failover'],
  [/^EventBridge/, 'fan out only to regions with subscribers; drop the archive where replay is not used'],
  [/^(CloudFront|S3)/, 'longer cache lifetimes for the built app; compression'],
  [/^WAF/, 'fewer rules ($1 a rule a month in each web ACL); a web ACL cannot be shared across regions or between CloudFront and a regional API'],
];

export function dominant(bill: Bill, n = 3): { item: string; usd: number; share: number; cut: string }[] {
  return items(bill).slice(0, n).map(({ item, usd }) => ({
    item, usd, share: bill.total > 0 ? usd / bill.total : 0, cut: cuts.find(([re]) => re.test(item))?.[1] ?? 'no cut proposed',
  }));
}

export function onPremMonthly(onprem: OnPremProfile): { total: number; parts: Record<string, number> } {
  const parts = {
    hardware: onprem.hardware.reduce((a, h) => a + (h.count * h.unitCost) / (h.years * 12), 0),
    licences: onprem.licencesPerYear.reduce((a, l) => a + l.cost / 12, 0),
    dataCentre: onprem.dataCentrePerMonth.reduce((a, d) => a + d.cost, 0),
    people: onprem.people.reduce((a, p) => a + (p.fte * p.annualCost) / 12, 0),
  };
  return { total: Object.values(parts).reduce((a, b) => a + b, 0), parts };
}
