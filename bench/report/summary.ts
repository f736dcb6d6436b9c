// From raw results to the figures the report shows: every metric's median over rounds per
// scenario, and each scenario's ratio to direct, to the best peer (the HAProxy or nginx pair,
// with or without session reuse, whichever is better on that metric) and to node-floor (the
// smallest Node mTLS tunnel). Pure functions of BenchResults.
import { median, ratio } from '../stats.js';
import type { WorkloadName } from '../params.js';
import type { BenchResults, RoundFigures, ScenarioResult } from '../results.js';

export type Unit = 'us' | 'rps' | 'conn/s' | 'MB/s' | 'count' | 'cpu-s' | 'MB' | 'pct' | 'per-s' | 'cpu-ms/s';

export interface Metric {
  readonly id: string;
  readonly label: string;
  readonly unit: Unit;
  readonly better: 'lower' | 'higher';
  /** Only meaningful with proxies in the path (CPU, memory): no value, no ratio, for direct. */
  readonly proxyOnly?: boolean;
  /** A fact about a path, not a cost to compare (how many sessions resumed): no ratios. */
  readonly noRatio?: boolean;
  /** Shown only when some scenario has a value (only the session-reuse pairs count resumed sessions). */
  readonly onlyWhenMeasured?: boolean;
  /** The workload the figure comes from (a scenario that did not run it has no value). */
  readonly workload: WorkloadName;
  /** Value of one round; memory metrics read the scenario instead (one measurement per run). */
  readonly round?: (r: RoundFigures) => number | undefined;
  readonly scenario?: (s: ScenarioResult) => number | undefined;
}

const cpuPer = (cpu: number | undefined, amount: number | undefined, per: number) =>
  (cpu === undefined || amount === undefined || amount <= 0 ? undefined : (cpu / amount) * per);
const MB = 1024 * 1024;

/** The peer proxies: a path's "best peer" ratio is to the best of these on each figure. */
export const PEERS = ['haproxy', 'nginx', 'haproxy-reuse', 'nginx-reuse'] as const;
/** The platform's limit: the smallest Node mTLS tunnel, which podwire's figures are also divided by. */
export const NODE_FLOOR = 'node-floor';

type Lat = 'httpFixed' | 'tcpRr';
const pct = (w: Lat, k: 'p50' | 'p90' | 'p99' | 'p99_9') => (r: RoundFigures) => r[w]?.latencyUs[k];

export const METRICS: readonly Metric[] = [
  { id: 'http_p50', label: 'HTTP fixed rate p50', unit: 'us', better: 'lower', workload: 'http-fixed', round: pct('httpFixed', 'p50') },
  { id: 'http_p90', label: 'HTTP fixed rate p90', unit: 'us', better: 'lower', workload: 'http-fixed', round: pct('httpFixed', 'p90') },
  { id: 'http_p99', label: 'HTTP fixed rate p99', unit: 'us', better: 'lower', workload: 'http-fixed', round: pct('httpFixed', 'p99') },
  { id: 'http_p99_9', label: 'HTTP fixed rate p99.9', unit: 'us', better: 'lower', workload: 'http-fixed', round: pct('httpFixed', 'p99_9') },
  { id: 'http_errors', label: 'HTTP fixed rate errors', unit: 'count', better: 'lower', workload: 'http-fixed', round: (r) => r.httpFixed?.errors },
  { id: 'tcp_p50', label: 'TCP req/resp p50', unit: 'us', better: 'lower', workload: 'tcp-rr', round: pct('tcpRr', 'p50') },
  { id: 'tcp_p90', label: 'TCP req/resp p90', unit: 'us', better: 'lower', workload: 'tcp-rr', round: pct('tcpRr', 'p90') },
  { id: 'tcp_p99', label: 'TCP req/resp p99', unit: 'us', better: 'lower', workload: 'tcp-rr', round: pct('tcpRr', 'p99') },
  { id: 'tcp_p99_9', label: 'TCP req/resp p99.9', unit: 'us', better: 'lower', workload: 'tcp-rr', round: pct('tcpRr', 'p99_9') },
  { id: 'max_rps', label: 'Max keep-alive req/s', unit: 'rps', better: 'higher', workload: 'http-max', round: (r) => r.httpMax?.rps },
  { id: 'newconn_rate', label: 'New connections/s', unit: 'conn/s', better: 'higher', workload: 'new-conns', round: (r) => r.newConns?.rps },
  { id: 'newconn_p50', label: 'New connection p50', unit: 'us', better: 'lower', workload: 'new-conns', round: (r) => r.newConns?.latencyUs.p50 },
  { id: 'newconn_p99', label: 'New connection p99', unit: 'us', better: 'lower', workload: 'new-conns', round: (r) => r.newConns?.latencyUs.p99 },
  {
    id: 'newconn_resumed', label: 'New connections resumed', unit: 'pct', better: 'higher', workload: 'new-conns', noRatio: true, onlyWhenMeasured: true,
    round: (r) => (r.newConns?.sessions && r.newConns.sessions.sessions > 0 ? (100 * r.newConns.sessions.resumed) / r.newConns.sessions.sessions : undefined),
  },
  { id: 'newconn_rate_cold', label: 'New connections/s, cold', unit: 'conn/s', better: 'higher', workload: 'new-conns', scenario: (s) => s.newConnWarmUp?.rps },
  { id: 'bulk_one', label: 'Bulk, 1 connection', unit: 'MB/s', better: 'higher', workload: 'bulk', round: (r) => r.bulkOne?.mbPerSec },
  { id: 'bulk_many', label: 'Bulk, several connections', unit: 'MB/s', better: 'higher', workload: 'bulk', round: (r) => r.bulkMany?.mbPerSec },
  {
    id: 'cpu_per_gb', label: 'Proxy CPU s per GB', unit: 'cpu-s', better: 'lower', proxyOnly: true, workload: 'bulk',
    round: (r) => cpuPer(sumCpu(r.bulkOne?.proxyCpuSeconds, r.bulkMany?.proxyCpuSeconds), r.bulkOne && r.bulkMany && r.bulkOne.bytes + r.bulkMany.bytes, 1e9),
  },
  { id: 'cpu_per_10k', label: 'Proxy CPU s per 10k req', unit: 'cpu-s', better: 'lower', proxyOnly: true, workload: 'http-max', round: (r) => cpuPer(r.httpMax?.proxyCpuSeconds, r.httpMax?.requests, 1e4) },
  { id: 'cpu_per_1k_conns', label: 'Proxy CPU s per 1k new conns', unit: 'cpu-s', better: 'lower', proxyOnly: true, workload: 'new-conns', round: (r) => cpuPer(r.newConns?.proxyCpuSeconds, r.newConns?.requests, 1e3) },
  {
    id: 'cpu_per_1k_conns_cold', label: 'Proxy CPU s per 1k new conns, cold', unit: 'cpu-s', better: 'lower', proxyOnly: true, workload: 'new-conns',
    scenario: (s) => cpuPer(s.newConnWarmUp?.proxyCpuSeconds, s.newConnWarmUp?.requests, 1e3),
  },
  { id: 'rss_idle', label: 'Proxy RSS idle', unit: 'MB', better: 'lower', proxyOnly: true, workload: 'memory', scenario: (s) => mb(s.memory?.idleRssBytes) },
  { id: 'wakeups_idle', label: 'Proxy wake-ups idle', unit: 'per-s', better: 'lower', proxyOnly: true, workload: 'memory', scenario: (s) => s.memory?.idleWakeUpsPerSecond },
  { id: 'cpu_idle', label: 'Proxy CPU idle', unit: 'cpu-ms/s', better: 'lower', proxyOnly: true, workload: 'memory', scenario: (s) => s.memory?.idleCpuMsPerSecond },
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
    id: `rss_${t}`, label: `Proxy RSS, ${t.toLocaleString('en-US')} idle conns`, unit: 'MB' as const, better: 'lower' as const, proxyOnly: true, workload: 'memory' as const,
    scenario: (s: ScenarioResult) => mb(s.memory?.levels.find((l) => l.target === t)?.rssBytes),
  }));
}

/** Every metric of the workloads the run asked for (--workloads; results without the field ran all). */
export function allMetrics(results: BenchResults): Metric[] {
  const asked = results.params.workloads as readonly WorkloadName[] | undefined;
  return [...METRICS, ...memoryMetrics(results)].filter((m) => !asked || asked.includes(m.workload));
}

export interface Cell {
  readonly value?: number;
  readonly vsDirect?: number;
  readonly vsBestPeer?: number;
  readonly vsNodeFloor?: number;
  /** Why value or a ratio is absent, when it is (the report footnotes each `–`). */
  readonly why?: { readonly value?: string; readonly vsDirect?: string; readonly vsBestPeer?: string; readonly vsNodeFloor?: string };
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
  if (s.workloads && !s.workloads.includes(m.workload)) {
    return `not run: this path runs only ${s.workloads.join(', ')} (a session-reuse pair differs from its plain pair only in handshakes)`;
  }
  if (m.id === 'newconn_resumed') return 'this path does not count resumed sessions (the session-reuse pairs do)';
  if (m.id.endsWith('_cold')) {
    if (!s.newConnWarmUp) return 'no new-connection warm-up in this run (--new-conn-warm-up 0, or results from before it existed)';
    return 'no CPU figure: a proxy could not be read in /proc during the warm-up';
  }
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
  const shown = allMetrics(results).filter((m) => !m.onlyWhenMeasured || results.scenarios.some((s) => metricValue(m, s) !== undefined));
  return shown.map((metric) => {
    const values: Record<string, number | undefined> = {};
    for (const s of results.scenarios) values[s.name] = metricValue(metric, s);
    const direct = values.direct;
    const floor = values[NODE_FLOOR];
    const best = bestPeerValue(metric, values);
    const cells: Record<string, Cell> = {};
    for (const s of results.scenarios) {
      const v = values[s.name];
      const isPeer = (PEERS as readonly string[]).includes(s.name);
      const ratios = !metric.noRatio;
      const vsDirect = ratios && s.name !== 'direct' ? ratio(v, direct) : undefined;
      const vsBestPeer = ratios && !isPeer ? ratio(v, best) : undefined;
      const vsNodeFloor = ratios && s.name !== 'direct' && s.name !== NODE_FLOOR ? ratio(v, floor) : undefined;
      const noRatio = metric.noRatio ? 'a count, not compared between paths' : undefined;
      const why = {
        ...(v === undefined && { value: missingValueReason(metric, s) }),
        ...(vsDirect === undefined && { vsDirect: noRatio ?? (s.name === 'direct' ? 'direct is the baseline' : missingRatioReason(v, direct, 'direct')) }),
        ...(vsBestPeer === undefined && {
          vsBestPeer: noRatio ?? (isPeer ? 'a peer is not compared with the best peer'
            : !peersRan ? 'no HAProxy or nginx in this run (see "skipped" above)'
            : missingRatioReason(v, best, 'best-peer')),
        }),
        ...(vsNodeFloor === undefined && {
          vsNodeFloor: noRatio ?? (s.name === 'direct' || s.name === NODE_FLOOR ? 'direct and node-floor are not compared with node-floor' : missingRatioReason(v, floor, 'node-floor')),
        }),
      };
      cells[s.name] = {
        ...(v !== undefined && { value: v }),
        ...(vsDirect !== undefined && { vsDirect }),
        ...(vsBestPeer !== undefined && { vsBestPeer }),
        ...(vsNodeFloor !== undefined && { vsNodeFloor }),
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
