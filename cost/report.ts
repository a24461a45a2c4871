// The cost report: the one-line answer, a terminal table, a Markdown section and an SVG chart.
import type { Bill } from './bill.ts';
import type { Measured, PriceTable } from './inputs.ts';
import type { Traffic } from './traffic.ts';

export interface Scenario { factor: number; bill: Bill }
export interface Report {
  scenarios: Scenario[];
  onPrem: { total: number; parts: Record<string, number> };
  dominant: { item: string; usd: number; share: number; cut: string }[];
  prices: PriceTable;
}

export const usd = (n: number) => (n >= 100 ? `$${Math.round(n).toLocaleString('en-US')}` : `$${n.toFixed(2)}`);

export function oneLine(report: Report): string {
  const { bill } = report.scenarios[0];
  const ratio = report.onPrem.total / bill.total;
  return `Cloud ${usd(bill.total)} a month against on-prem ${usd(report.onPrem.total)} (${ratio >= 1 ? `${ratio.toFixed(1)}× cheaper` : `${(1 / ratio).toFixed(1)}× dearer`}), `
    + `${usd(bill.perOrder)} per order, at the ${bill.profile} profile (${bill.ordersPerMonth.toLocaleString('en-US')} orders a month).`;
}

/** A Markdown table; columns of figures are right-aligned. */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(3, ...rows.map((r) => r[i].length)));
  const numeric = rows[0].map((_, i) => rows.slice(1).every((r) => /^[$\d<>~×.,%\s-]+(ms|s)?$|^[\d.]+×$/.test(r[i])));
  const fmt = (r: string[]) => `| ${r.map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
  return [fmt(rows[0]), `|${widths.map((w, i) => (numeric[i] ? ` ${'-'.repeat(w - 1)}: ` : ` ${'-'.repeat(w)} `)).join('|')}|`, ...rows.slice(1).map(fmt)].join('\n');
}

/** Service × region table of one bill (Markdown, also readable on a terminal). */
export function serviceTable(bill: Bill): string {
  const regions = Object.keys(bill.byRegion).sort((a, b) => (a === 'global' ? 1 : b === 'global' ? -1 : a.localeCompare(b)));
  const services = Object.entries(bill.byService).sort((a, b) => b[1] - a[1]).map(([s]) => s);
  const cell = (service: string, region: string) => bill.lines.filter((l) => l.service === service && l.region === region).reduce((a, l) => a + l.usd, 0);
  const rows = [['service', ...regions, 'total']];
  for (const s of services) rows.push([s, ...regions.map((r) => usd(cell(s, r))), usd(bill.byService[s])]);
  rows.push(['total', ...regions.map((r) => usd(bill.byRegion[r])), usd(bill.total)]);
  return table(rows);
}

export function scaleTable(report: Report): string {
  const rows = [['traffic', 'orders a month', 'cloud a month', 'per order', 'on-prem a month']];
  for (const { factor, bill } of report.scenarios) {
    rows.push([`${factor}×`, bill.ordersPerMonth.toLocaleString('en-US'), usd(bill.total), usd(bill.perOrder), usd(report.onPrem.total)]);
  }
  return table(rows);
}

export function dominantTable(report: Report): string {
  return table([['item', 'a month', 'share', 'what would cut it'],
    ...report.dominant.map((d) => [d.item, usd(d.usd), `${Math.round(d.share * 100)}%`, d.cut])]);
}

export function notPricedList(bill: Bill): string {
  if (bill.notPriced.length === 0) return 'Not priced: nothing.';
  return ['Not priced:', ...bill.notPriced.map((n) => `- ${n.resource} (${n.type}, ${n.region}): ${n.reason}`)].join('\n');
}

export function sourcesTable(prices: PriceTable): string {
  const bySource = new Map<string, string[]>();
  for (const [key, p] of Object.entries(prices.prices)) bySource.set(p.source, [...(bySource.get(p.source) ?? []), key]);
  return table([['source (looked up ' + prices.looked_up + ')', 'prices'], ...[...bySource].map(([s, keys]) => [s, keys.join(', ')])]);
}

export function terminalReport(report: Report): string {
  const [first] = report.scenarios;
  return [
    oneLine(report), '',
    `Monthly bill by service and region, ${first.bill.profile} profile:`, serviceTable(first.bill), '',
    'At 1×, 10× and 100× the traffic:', scaleTable(report), '',
    'The three dominant items:', dominantTable(report), '',
    notPricedList(first.bill), '',
    `Not billed by AWS: ${first.bill.noCharge.map((n) => `${n.count} ${n.type}`).join(', ')}.`, '',
    `Prices: us-east-1 list prices looked up ${report.prices.looked_up} (sources in cost/prices.json); free tiers not deducted.`,
  ].join('\n');
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** Cloud bill (stacked by service) against on-prem (stacked by part), at each traffic scale. */
export function chart(report: Report): string {
  const colours = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#7f7f7f'];
  const width = 760;
  const left = 150;
  const plot = width - left - 110;
  const top = 50;
  const services = Object.entries(report.scenarios[0].bill.byService).sort((a, b) => b[1] - a[1]).map(([s]) => s);
  const shown = services.slice(0, 6);
  const parts: string[] = [];
  const height = top + report.scenarios.length * (64 + 14) + 60;
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="100%" height="100%" fill="white"/>`);
  parts.push(`<text x="${left}" y="22" font-size="15" font-weight="bold">Monthly cost: AWS (${escape(report.scenarios[0].bill.profile)} profile) vs on-prem</text>`);
  parts.push(`<text x="${left}" y="40" fill="#555">each pair of bars on its own scale; prices looked up ${report.prices.looked_up}</text>`);
  let y = top;
  for (const { factor, bill } of report.scenarios) {
    const max = Math.max(bill.total, report.onPrem.total);
    const scale = plot / max;
    const bar = (label: string, segments: [string, number, string][], total: number) => {
      parts.push(`<text x="${left - 8}" y="${y + 20}" text-anchor="end">${escape(label)}</text>`);
      let x = left;
      for (const [name, value, colour] of segments) {
        const w = value * scale;
        parts.push(`<rect x="${x.toFixed(1)}" y="${y + 6}" width="${Math.max(w, 0).toFixed(1)}" height="22" fill="${colour}"><title>${escape(name)}: ${usd(value)}</title></rect>`);
        x += w;
      }
      parts.push(`<text x="${(x + 6).toFixed(1)}" y="${y + 22}">${usd(total)}</text>`);
      y += 32;
    };
    const other = bill.total - shown.reduce((a, s) => a + (bill.byService[s] ?? 0), 0);
    bar(`${factor}× AWS`, [...shown.map((s, i): [string, number, string] => [s, bill.byService[s] ?? 0, colours[i]]), ['other', other, colours[6]]], bill.total);
    bar(`${factor}× on-prem`, Object.entries(report.onPrem.parts).map(([p, v], i): [string, number, string] => [p, v, ['#444', '#777', '#aaa', '#ccc'][i % 4]]), report.onPrem.total);
    y += 14;
  }
  let x = left;
  for (const [i, s] of [...shown, 'other'].entries()) {
    parts.push(`<rect x="${x}" y="${y + 4}" width="10" height="10" fill="${colours[i]}"/><text x="${x + 14}" y="${y + 13}">${escape(s)}</text>`);
    x += 14 + s.length * 7 + 12;
  }
  y += 20;
  x = left;
  for (const [i, p] of Object.keys(report.onPrem.parts).entries()) {
    parts.push(`<rect x="${x}" y="${y + 4}" width="10" height="10" fill="${['#444', '#777', '#aaa', '#ccc'][i % 4]}"/><text x="${x + 14}" y="${y + 13}">on-prem ${escape(p)}</text>`);
    x += 14 + (p.length + 8) * 7 + 12;
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** What the model counted from the code: transitions per route, DynamoDB requests per operation. */
export function countsTables(traffic: Traffic, measured: Measured): string {
  const routes = table([['workflow', 'route (branches taken)', 'states entered = transitions', 'share', 'Lambda tasks'],
    ...Object.entries(traffic.regions[Object.keys(traffic.regions)[0]].workflows).flatMap(([name, w]) => w.routes.map((r) => [
      name, r.key === '' ? '(main route)' : r.key, String(r.transitions), `${(r.share * 100).toFixed(0)}%`, r.tasks.join(', ')]))]);
  const tables = [...new Set(Object.values(measured.results.operations).flatMap((op) => Object.keys(op.tables)))].sort();
  const short = (t: string) => t.replace(/^bigsmokes-/, '');
  const ops = table([['operation (per request, all it causes)', ...tables.map((t) => `${short(t)} r/w`), 'Lambda invocations'],
    ...Object.entries(measured.results.operations).map(([name, op]) => [name,
      ...tables.map((t) => {
        const u = op.tables[t];
        if (!u) return '-';
        const reads = u.readItems + u.transactionalReadItems;
        const writes = u.writeItems + u.transactionalWriteItems;
        return `${+reads.toFixed(1)}/${+writes.toFixed(1)}`;
      }),
      String(+Object.values(op.lambda).reduce((a, l) => a + l.invocations, 0).toFixed(1))])]);
  return `${routes}\n\nDynamoDB items read/written per request (measured, ${measured.results.sample} of each, ${measured.at.slice(0, 10)}):\n\n${ops}`;
}
