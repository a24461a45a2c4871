// The drill's figures as the rows of one table (printed, and copied into the README).
import type { LatencySummary } from '../lib/report.ts';
import type { DrillResult } from './region-loss.ts';

const latency = (l: LatencySummary) => (l.count === 0 ? 'none' : `${l.p50Ms.toFixed(0)} / ${l.p99Ms.toFixed(0)} ms (${l.count})`);
const seconds = (ms: number | undefined) => (ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`);
const counts = (c: Record<string, number>) => Object.entries(c).map(([k, n]) => `${k} ${n}`).join(', ') || 'none';

export function drillRows(r: DrillResult): { figure: string; value: string }[] {
  const lag = Object.entries(r.replicationLag).filter(([, l]) => l !== undefined).map(([path, l]) => `${path} ${l!.p50Ms}/${l!.p99Ms}`);
  return [
    { figure: 'orders attempted', value: String(r.orders.attempted) },
    { figure: 'orders acknowledged', value: String(r.orders.acknowledged) },
    { figure: 'refused (business errors)', value: counts(r.orders.refused) },
    { figure: 'no region answered', value: String(r.orders.unanswered) },
    { figure: 'acknowledged orders lost (must be 0)', value: String(r.orders.lost) },
    { figure: `acknowledged by ${r.lostRegion}, missing in the survivors at the loss`, value: String(r.orders.missingAtLoss) },
    { figure: 'orders duplicated by a retry in another region', value: String(r.orders.duplicatedByRetry) },
    { figure: 'retries answered with the order another region placed', value: String(r.orders.answeredElsewhere) },
    { figure: 'retries told the key was being placed elsewhere (asked again)', value: String(r.orders.inProgressRetries) },
    { figure: 'oversold units (must be 0)', value: `${r.oversoldUnits} (stock rule violations ${r.stockViolations})` },
    { figure: 'double captures or refunds (must be 0)', value: String(r.doubleCapturesOrRefunds) },
    { figure: 'authorisations without an order (Payments table)', value: String(r.authorisationsWithoutOrder) },
    { figure: 'payment reconciliation in the survivor: orphan holds voided / findings', value: r.reconciliation === undefined ? 'not run' : `${r.reconciliation.voided} / ${r.reconciliation.findings}` },
    { figure: 'at the provider after the reconciliation: holds without an order / orders charged twice / over-refunded', value: r.provider === undefined ? 'not read' : `${r.provider.holdsWithoutOrder} / ${r.provider.ordersChargedTwice} / ${r.provider.overRefunded}` },
    { figure: 'orders at the end', value: counts(r.orders.finalStatus) },
    { figure: `orders adopted from ${r.lostRegion} (by ${r.survivor ?? '-'}), how they ended`, value: `${r.adopted.count}: ${counts(r.adopted.byFinalStatus)}` },
    { figure: 'loss detected by health checks after', value: r.evacuation.detectedAfterMs === undefined ? 'not detected' : `${(r.evacuation.detectedAfterMs / 1000).toFixed(1)} s` },
    { figure: 'evacuation finished after', value: r.evacuation.evacuatedAfterMs === undefined ? '-' : `${(r.evacuation.evacuatedAfterMs / 1000).toFixed(1)} s (${r.evacuation.status})` },
    { figure: `${r.lostRegion}'s stock rows handed back after its return (kept at first / still kept)`, value: `${r.handBack.rowsHandedBack} in ${r.handBack.runs} runs, done after ${seconds(r.handBack.completeAfterMs)}, in ${r.lostRegion}'s replica after ${seconds(r.handBack.reachedLostAfterMs)} (${r.handBack.keptAtFirstRun} / ${r.handBack.stillKept})` },
    { figure: 'OutOfStock for orders started after the return / after the hand-back reached it / of those on a row not owned there (expected 0; the rest sold out)', value: `${r.orders.outOfStockAfterReturn} / ${r.orders.outOfStockAfterHandBack} / ${r.orders.outOfStockOnRowNotOwned}` },
    { figure: `RTO: first order of a shopper near ${r.lostRegion} after the loss`, value: r.rtoMs === undefined ? 'none' : `${(r.rtoMs / 1000).toFixed(2)} s` },
    { figure: `RPO: replication lag of ${r.lostRegion} at the loss`, value: `${r.rpo.oldestUnreplicatedMs} ms (${r.rpo.unreplicatedChanges} changes unsent)` },
    { figure: 'replication lag p50/p99 ms, by path', value: lag.join('; ') || 'none' },
    { figure: 'placeOrder p50 / p99 before', value: latency(r.placeOrderLatency.before) },
    { figure: 'placeOrder p50 / p99 during', value: latency(r.placeOrderLatency.during) },
    { figure: 'placeOrder p50 / p99 after', value: latency(r.placeOrderLatency.after) },
    { figure: 'resident memory per region (MiB): at start / under load', value: r.regions.map((n) => `${n} ${r.memoryMiB.atStart[n] ?? '-'} / ${r.memoryMiB.beforeLoss[n] ?? '-'}`).join('; ') },
  ];
}
