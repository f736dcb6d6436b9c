// From raw results to the figures the report shows: every metric's median over rounds per
// scenario, and each scenario's ratio to direct and to the best peer (HAProxy or nginx, whichever
// is better on that metric). Pure functions of BenchResults.
import { median, ratio } from '../stats.js';
import type { BenchResults, RoundFigures, ScenarioResult } from '../results.js';

export type Unit = 'us' | 'rps' | 'conn/s' | 'MB/s' | 'count' | 'cpu-s' | 'MB';

export interface Metric {
  readonly id: string;
  readonly label: string;
  readonly unit: Unit;
  readonly better: 'lower' | 'higher';
  /** Only meaningful with proxies in the path (CPU, memory): no value, no ratio, for direct. */
  readonly proxyOnly?: boolean;
  /** Value of one round; memory metrics read the scenario instead (one measurement per run). */
  readonly round?: (r: RoundFigures) => number | undefined;
  readonly scenario?: (s: ScenarioResult) => number | undefined;
}

const cpuPer = (cpu: number | undefined, amount: number, per: number) => (cpu === undefined || amount <= 0 ? undefined : (cpu / amount) * per);
const MB = 1024 * 1024;

export const PEERS = ['haproxy', 'nginx'] as const;

export const METRICS: readonly Metric[] = [
  { id: 'http_p50', label: 'HTTP fixed rate p50', unit: 'us', better: 'lower', round: (r) => r.httpFixed.latencyUs.p50 },
  { id: 'http_p90', label: 'HTTP fixed rate p90', unit: 'us', better: 'lower', round: (r) => r.httpFixed.latencyUs.p90 },
  { id: 'http_p99', label: 'HTTP fixed rate p99', unit: 'us', better: 'lower', round: (r) => r.httpFixed.latencyUs.p99 },
  { id: 'http_p99_9', label: 'HTTP fixed rate p99.9', unit: 'us', better: 'lower', round: (r) => r.httpFixed.latencyUs.p99_9 },
  { id: 'http_errors', label: 'HTTP fixed rate errors', unit: 'count', better: 'lower', round: (r) => r.httpFixed.errors },
  { id: 'tcp_p50', label: 'TCP req/resp p50', unit: 'us', better: 'lower', round: (r) => r.tcpRr.latencyUs.p50 },
  { id: 'tcp_p90', label: 'TCP req/resp p90', unit: 'us', better: 'lower', round: (r) => r.tcpRr.latencyUs.p90 },
  { id: 'tcp_p99', label: 'TCP req/resp p99', unit: 'us', better: 'lower', round: (r) => r.tcpRr.latencyUs.p99 },
  { id: 'tcp_p99_9', label: 'TCP req/resp p99.9', unit: 'us', better: 'lower', round: (r) => r.tcpRr.latencyUs.p99_9 },
  { id: 'max_rps', label: 'Max keep-alive req/s', unit: 'rps', better: 'higher', round: (r) => r.httpMax.rps },
  { id: 'newconn_rate', label: 'New connections/s', unit: 'conn/s', better: 'higher', round: (r) => r.newConns.rps },
  { id: 'newconn_p50', label: 'New connection p50', unit: 'us', better: 'lower', round: (r) => r.newConns.latencyUs.p50 },
  { id: 'newconn_p99', label: 'New connection p99', unit: 'us', better: 'lower', round: (r) => r.newConns.latencyUs.p99 },
  { id: 'bulk_one', label: 'Bulk, 1 connection', unit: 'MB/s', better: 'higher', round: (r) => r.bulkOne.mbPerSec },
  { id: 'bulk_many', label: 'Bulk, several connections', unit: 'MB/s', better: 'higher', round: (r) => r.bulkMany.mbPerSec },
  {
    id: 'cpu_per_gb', label: 'Proxy CPU s per GB', unit: 'cpu-s', better: 'lower', proxyOnly: true,
    round: (r) => cpuPer(sumCpu(r.bulkOne.proxyCpuSeconds, r.bulkMany.proxyCpuSeconds), r.bulkOne.bytes + r.bulkMany.bytes, 1e9),
  },
  { id: 'cpu_per_10k', label: 'Proxy CPU s per 10k req', unit: 'cpu-s', better: 'lower', proxyOnly: true, round: (r) => cpuPer(r.httpMax.proxyCpuSeconds, r.httpMax.requests, 1e4) },
  { id: 'rss_idle', label: 'Proxy RSS idle', unit: 'MB', better: 'lower', proxyOnly: true, scenario: (s) => mb(s.memory?.idleRssBytes) },
];

function sumCpu(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : a + b;
}

function mb(bytes: number | undefined): number | undefined {
  return bytes === undefined ? undefined : bytes / MB;
}

/** The memory metrics of this run: one per idle level measured in any scenario. */
export function memoryMetrics(results: BenchResults): Metric[] {
  const targets = [...new Set(results.scenarios.flatMap((s) => s.memory?.levels.map((l) => l.target) ?? []))].sort((a, b) => a - b);
  return targets.map((t) => ({
    id: `rss_${t}`, label: `Proxy RSS, ${t.toLocaleString('en-US')} idle conns`, unit: 'MB' as const, better: 'lower' as const, proxyOnly: true,
    scenario: (s: ScenarioResult) => mb(s.memory?.levels.find((l) => l.target === t)?.rssBytes),
  }));
}

export function allMetrics(results: BenchResults): Metric[] {
  return [...METRICS, ...memoryMetrics(results)];
}

export interface Cell {
  readonly value?: number;
  readonly vsDirect?: number;
  readonly vsBestPeer?: number;
  /** Why value, vsDirect or vsBestPeer is absent, when it is (the report footnotes each `–`). */
  readonly why?: { readonly value?: string; readonly vsDirect?: string; readonly vsBestPeer?: string };
}

export interface SummaryRow {
  readonly metric: Metric;
  /** Keyed by scenario name. */
  readonly cells: Readonly<Record<string, Cell>>;
}

export function metricValue(m: Metric, s: ScenarioResult): number | undefined {
  if (m.proxyOnly && s.proxies === 0) return undefined;
  if (m.scenario) return m.scenario(s);
  return median(s.rounds.map((r) => m.round!(r)));
}

/** The best of the peers' values for a metric (lowest or highest), if any peer ran. */
export function bestPeerValue(m: Metric, values: Readonly<Record<string, number | undefined>>): number | undefined {
  const vs = PEERS.map((p) => values[p]).filter((v): v is number => v !== undefined);
  if (vs.length === 0) return undefined;
  return m.better === 'lower' ? Math.min(...vs) : Math.max(...vs);
}

/** Why a scenario has no value for a metric (it is undefined). */
export function missingValueReason(m: Metric, s: ScenarioResult): string {
  if (m.proxyOnly && s.proxies === 0) return 'no proxy on this path: proxy CPU and memory do not apply';
  if (m.scenario) {
    if (!s.memory) return 'proxy memory was not measured for this scenario (--target runs, or the measurement failed: see the run log)';
    return 'this idle level was not measured for this scenario (a proxy could not be read in /proc, or the level was not asked for)';
  }
  if (s.rounds.length === 0) return 'no round of this scenario completed (see the run log)';
  if (m.proxyOnly) return 'no CPU figure: a proxy could not be read in /proc during the workload (did it exit? see the run log)';
  return 'the workload gave no figure in any round (it failed or measured nothing: see the run log)';
}

/** Why a ratio is absent, given the two values it would divide. */
function missingRatioReason(v: number | undefined, base: number | undefined, baseName: string): string {
  if (v === undefined) return 'no value to compare';
  if (base === undefined) return `no ${baseName} value in this run`;
  return `${baseName} measured 0, so there is no ratio`;
}

export function summarize(results: BenchResults): SummaryRow[] {
  const peersRan = results.scenarios.some((s) => (PEERS as readonly string[]).includes(s.name));
  return allMetrics(results).map((metric) => {
    const values: Record<string, number | undefined> = {};
    for (const s of results.scenarios) values[s.name] = metricValue(metric, s);
    const direct = values.direct;
    const best = bestPeerValue(metric, values);
    const cells: Record<string, Cell> = {};
    for (const s of results.scenarios) {
      const v = values[s.name];
      const isPeer = (PEERS as readonly string[]).includes(s.name);
      const vsDirect = s.name !== 'direct' ? ratio(v, direct) : undefined;
      const vsBestPeer = !isPeer ? ratio(v, best) : undefined;
      const why = {
        ...(v === undefined && { value: missingValueReason(metric, s) }),
        ...(vsDirect === undefined && { vsDirect: s.name === 'direct' ? 'direct is the baseline' : missingRatioReason(v, direct, 'direct') }),
        ...(vsBestPeer === undefined && {
          vsBestPeer: isPeer ? 'a peer is not compared with the best peer'
            : !peersRan ? 'no HAProxy or nginx in this run (see "skipped" above)'
            : missingRatioReason(v, best, 'best-peer'),
        }),
      };
      cells[s.name] = {
        ...(v !== undefined && { value: v }),
        ...(vsDirect !== undefined && { vsDirect }),
        ...(vsBestPeer !== undefined && { vsBestPeer }),
        ...(Object.keys(why).length > 0 && { why }),
      };
    }
    return { metric, cells };
  });
}

/** Latency a path adds over direct on a metric (µs), when both were measured. */
export function added(rows: readonly SummaryRow[], metricId: string, scenario: string): number | undefined {
  const row = rows.find((r) => r.metric.id === metricId);
  const v = row?.cells[scenario]?.value;
  const d = row?.cells.direct?.value;
  return v === undefined || d === undefined ? undefined : v - d;
}
