// The Markdown report (printed, and written to bench/RESULTS.md): run facts, medians per scenario,
// ratios to direct, to the best peer and to node-floor, the round-to-round spread of the tails, and
// a plain reading against the targets of issues 7 and 13.
import type { BenchResults } from '../results.js';
import { formatRatio, formatUs, formatValue } from './format.js';
import { spreadSection } from './spread.js';
import { added, NODE_FLOOR, summarize, type SummaryRow } from './summary.js';

export function markdownReport(results: BenchResults, extraNotes: readonly string[] = []): string {
  const rows = summarize(results);
  const names = results.scenarios.map((s) => s.name);
  const p = results.params;
  const m = results.machine;
  const out: string[] = [];
  out.push('# podwire benchmark results', '');
  out.push(`Run ${results.startedAt} (${results.durationSeconds ?? '?'} s) on ${m.cpus} × ${m.cpuModel}, ${Math.round(m.memoryBytes / 2 ** 30)} GiB, ${m.kernel}; ` +
    Object.entries(results.versions).map(([k, v]) => `${k} ${v}`).join(', ') + '.');
  out.push('');
  out.push(`${p.rounds} round${p.rounds === 1 ? '' : 's'}, scenarios interleaved; each workload ${p.durationMs / 1000} s, the fixed-rate ones ${p.fixedDurationMs / 1000} s${fixedWarmUp(p.fixedWarmUpMs)}; ` +
    `fixed rate ${p.rate} req/s over ${p.connections} connections; payload ${p.payload} B; bulk over 1 and ${p.bulkConnections} connections; ` +
    `new connections ${p.newConnConcurrency} at a time${newConnWarmUp(p.newConnWarmUpMs)}. Figures are medians over rounds. Load average ${fmtLoad(m.loadAverageStart)} at the start, ${fmtLoad(m.loadAverageEnd)} at the end.`);
  out.push('');
  for (const n of [...results.notes, ...extraNotes]) out.push(`> ${n}`, '');
  out.push('Paths:', '');
  for (const s of results.scenarios) out.push(`- **${s.name}**: ${s.path}`);
  for (const s of results.skipped) out.push(`- **${s.name}**: skipped: ${s.reason}`);
  out.push('', '## Medians', '');
  const valueNotes = new Footnotes();
  out.push(table(['Figure', ...names], rows.map((r) => [r.metric.label, ...names.map((n) => {
    const c = r.cells[n];
    return c?.value === undefined ? valueNotes.mark(c?.why?.value ?? 'not measured') : formatValue(c.value, r.metric.unit);
  })])));
  out.push(...valueNotes.lines());
  const ratioNames = names.filter((n) => n !== 'direct');
  const withFloor = names.includes(NODE_FLOOR);
  if (ratioNames.length > 0) {
    out.push('', '## Ratios', '', `Each cell: to direct / to the best peer on that figure${withFloor ? ' / to node-floor' : ''} (below 1 is faster, smaller or cheaper for latency, CPU and memory; above 1 is better for rates and throughput). ` +
      'The best peer is the better of the HAProxy and nginx pairs, with or without session reuse.', '');
    const ratioNotes = new Footnotes();
    const ratioCell = (v: number | undefined, why: string | undefined) => (v === undefined ? ratioNotes.mark(why ?? 'not measured') : formatRatio(v));
    out.push(table(['Figure', ...ratioNames], rows.filter((r) => !r.metric.noRatio).map((r) => [r.metric.label, ...ratioNames.map((n) => {
      const c = r.cells[n];
      const parts = [ratioCell(c?.vsDirect, c?.why?.vsDirect), ratioCell(c?.vsBestPeer, c?.why?.vsBestPeer)];
      if (withFloor) parts.push(ratioCell(c?.vsNodeFloor, c?.why?.vsNodeFloor));
      return parts.join(' / ');
    })])));
    out.push(...ratioNotes.lines());
  }
  const spreads = spreadSection(results);
  if (spreads.length > 0) out.push('', ...spreads);
  const memLevels = results.scenarios.flatMap((s) => (s.memory?.levels ?? []).filter((l) => l.opened < l.target).map((l) => `${s.name} reached ${l.opened} of ${l.target}`));
  if (memLevels.length > 0) out.push('', `Idle levels not fully reached within the time allowed: ${memLevels.join('; ')}.`);
  const failed = results.scenarios.flatMap((s) => (s.memory?.levels ?? []).filter((l) => l.failures > 0).map((l) => `${s.name} ${l.failures} while opening ${l.target} (first: ${l.firstError ?? '?'})`));
  if (failed.length > 0) out.push('', `Failed connection attempts while opening idle connections (retried): ${failed.join('; ')}.`);
  const targets = targetReading(rows, names);
  if (targets.length > 0) out.push('', '## Against the targets', '', ...targets.map((t) => `- ${t}`));
  out.push('');
  return out.join('\n');
}

/**
 * Numbered reasons for the `–` cells of one table: each distinct reason gets a number once, the
 * cell shows `– (n)`, and the lines under the table say what each number means.
 */
class Footnotes {
  readonly #reasons: string[] = [];

  mark(reason: string): string {
    let i = this.#reasons.indexOf(reason);
    if (i < 0) i = this.#reasons.push(reason) - 1;
    return `– (${i + 1})`;
  }

  lines(): string[] {
    return this.#reasons.length === 0 ? [] : ['', ...this.#reasons.map((r, i) => `- (${i + 1}) ${r}.`)];
  }
}

function fmtLoad(l: readonly number[] | undefined): string {
  return l ? l.map((x) => x.toFixed(2)).join(' ') : '?';
}

function table(header: string[], body: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...body.map(line)].join('\n');
}

/** Plain sentences for the targets of issues 7, 13 and 15, computed from the medians (no judgement calls). */
export function targetReading(rows: readonly SummaryRow[], names: readonly string[]): string[] {
  const out: string[] = [];
  const has = (n: string) => names.includes(n);
  const val = (id: string, n: string) => rows.find((r) => r.metric.id === id)?.cells[n]?.value;
  const verdict = (ok: boolean) => (ok ? 'meets the target' : 'falls short');
  if (has('flat') && has('nginx')) {
    // Added latency needs direct; the rate and throughput comparisons do not.
    for (const [id, what] of [['tcp_p50', 'TCP p50'], ['tcp_p99', 'TCP p99'], ['http_p50', 'HTTP p50'], ['http_p99', 'HTTP p99']] as const) {
      const f = added(rows, id, 'flat');
      const n = added(rows, id, 'nginx');
      if (f !== undefined && n !== undefined) out.push(`Added ${what} at fixed rate: flat ${signedUs(f)} vs nginx pair ${signedUs(n)}: ${verdict(f <= n)}.`);
    }
    for (const [id, what] of [['bulk_one', 'bulk throughput over 1 connection'], ['bulk_many', 'bulk throughput over several connections'], ['newconn_rate', 'new-connection rate']] as const) {
      const f = val(id, 'flat');
      const n = val(id, 'nginx');
      const unit = id === 'newconn_rate' ? 'conn/s' : 'MB/s';
      if (f !== undefined && n !== undefined) out.push(`${cap(what)}: flat ${formatValue(f, unit)} vs nginx pair ${formatValue(n, unit)} (×${(f / n).toFixed(2)}): ${verdict(f >= n)}.`);
    }
  } else if (has('flat')) {
    out.push('No nginx pair in this run: the latency, throughput and connection-rate targets against nginx could not be judged.');
  }
  if (has('flat') && has(NODE_FLOOR)) {
    // Issue 13: podwire flat against the platform's limit.
    const goals = [['bulk_one', 'bulk 1 conn', '≥', 0.95], ['bulk_many', 'bulk several conns', '≥', 0.95], ['cpu_per_gb', 'CPU per GB', '≤', 1.1],
      ['max_rps', 'max req/s', '≥', 0.9], ['http_p99', 'HTTP p99', '≤', 1.1], ['tcp_p99', 'TCP p99', '≤', 1.1], ['rss_idle', 'idle RSS', '≤', 1.15]] as const;
    const parts: string[] = [];
    for (const [id, what, dir, goal] of goals) {
      const f = val(id, 'flat');
      const n = val(id, NODE_FLOOR);
      if (f === undefined || n === undefined || n === 0) continue;
      const r = f / n;
      parts.push(`${what} ×${r.toFixed(2)} (target ${dir} ${goal}: ${(dir === '≥' ? r >= goal : r <= goal) ? 'met' : 'short'})`);
    }
    if (parts.length > 0) out.push(`Flat vs node-floor: ${parts.join(', ')}.`);
  }
  if (has('flat') && has('nginx-reuse')) {
    const f = val('newconn_rate', 'flat');
    const n = val('newconn_rate', 'nginx-reuse');
    if (f !== undefined && n !== undefined) out.push(`New-connection rate: flat ${formatValue(f, 'conn/s')} vs the nginx pair with session reuse ${formatValue(n, 'conn/s')} (×${(f / n).toFixed(2)}): ${verdict(f >= n)}.`);
  }
  out.push(...muxReading(has, val));
  if (has('flat') && has('gateway')) {
    const parts: string[] = [];
    for (const [id, what] of [['tcp_p50', 'TCP p50'], ['tcp_p99', 'TCP p99'], ['newconn_rate', 'new connections/s'], ['max_rps', 'max req/s']] as const) {
      const f = val(id, 'flat');
      const g = val(id, 'gateway');
      if (f === undefined || g === undefined) continue;
      parts.push(id.startsWith('tcp') ? `${what} ${formatUs(f)} vs ${formatUs(g)}` : `${what} ${Math.round(f)} vs ${Math.round(g)}`);
    }
    const fp = val('tcp_p50', 'flat');
    const gp = val('tcp_p50', 'gateway');
    const faster = fp !== undefined && gp !== undefined && fp < gp;
    const atP50 = fp !== undefined && gp !== undefined ? `: flat is ${faster ? '' : 'not '}faster at p50` : '';
    out.push(`Flat vs via gateway: ${parts.join(', ')}${atP50}.`);
  }
  return out;
}

/**
 * Issue 15's targets for the multiplexed transport (flat-mux: PODWIRE_MUX=true): connection cost
 * against the nginx pairs, memory per idle connection against HAProxy, the steady-state figures
 * within 5% of the one-connection-per-connection path (flat), and the gateway path (gateway-mux
 * against gateway) improving by the same factors as flat-mux against flat.
 */
function muxReading(has: (n: string) => boolean, val: (id: string, n: string) => number | undefined): string[] {
  const parts: string[] = [];
  const judge = (what: string, f: number | undefined, other: number | undefined, dir: '≥' | '≤', goal: number) => {
    if (f === undefined || other === undefined || other === 0) return;
    const r = f / other;
    parts.push(`${what} ×${r.toFixed(2)} (target ${dir} ${goal}: ${(dir === '≥' ? r >= goal : r <= goal) ? 'met' : 'short'})`);
  };
  const M = 'flat-mux';
  if (!has(M)) return gatewayMuxReading(val);
  if (has('nginx')) {
    judge('new connections/s vs nginx', val('newconn_rate', M), val('newconn_rate', 'nginx'), '≥', 2.0);
    judge('new-connection p50 vs nginx', val('newconn_p50', M), val('newconn_p50', 'nginx'), '≤', 0.5);
    judge('proxy CPU per new connection vs nginx', val('cpu_per_1k_conns', M), val('cpu_per_1k_conns', 'nginx'), '≤', 0.6);
  }
  if (has('nginx-reuse')) {
    judge('new connections/s vs nginx with session reuse', val('newconn_rate', M), val('newconn_rate', 'nginx-reuse'), '≥', 1.2);
  }
  if (has('haproxy')) {
    const perConn = (n: string) => {
      const idle = val('rss_idle', n);
      const loaded = val('rss_1000', n);
      return idle === undefined || loaded === undefined ? undefined : (loaded - idle) / 1000;
    };
    judge('RSS per idle connection vs HAProxy', perConn(M), perConn('haproxy'), '≤', 1.0);
  }
  if (has('flat')) {
    for (const [id, what, dir, goal] of [['bulk_one', 'bulk 1 conn', '≥', 0.95], ['bulk_many', 'bulk several conns', '≥', 0.95], ['max_rps', 'max req/s', '≥', 0.95],
      ['http_p99', 'HTTP p99', '≤', 1.05], ['tcp_p99', 'TCP p99', '≤', 1.05]] as const) {
      judge(`${what} vs flat`, val(id, M), val(id, 'flat'), dir, goal);
    }
  }
  const out = parts.length > 0 ? [`Multiplexed transport (flat-mux): ${parts.join(', ')}.`] : [];
  return [...out, ...gatewayMuxReading(val)];
}

/** gateway-mux against gateway beside flat-mux against flat, figure by figure (same factors?). */
function gatewayMuxReading(val: (id: string, n: string) => number | undefined): string[] {
  const parts: string[] = [];
  for (const [id, what] of [['newconn_rate', 'new connections/s'], ['cpu_per_1k_conns', 'CPU per new connection'], ['bulk_one', 'bulk 1 conn'], ['max_rps', 'max req/s'], ['tcp_p99', 'TCP p99']] as const) {
    const g = val(id, 'gateway-mux');
    const g0 = val(id, 'gateway');
    if (g === undefined || g0 === undefined || g0 === 0) continue;
    const f = val(id, 'flat-mux');
    const f0 = val(id, 'flat');
    const flatFactor = f !== undefined && f0 !== undefined && f0 !== 0 ? ` (flat: ×${(f / f0).toFixed(2)})` : '';
    parts.push(`${what} ×${(g / g0).toFixed(2)}${flatFactor}`);
  }
  return parts.length > 0 ? [`Gateway path with the multiplexed transport (gateway-mux vs gateway): ${parts.join(', ')}.`] : [];
}

function signedUs(us: number): string {
  return `${us >= 0 ? '+' : '−'}${formatUs(Math.abs(us))}`;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The new-connection warm-up, as the run header says it (runs before it existed have none). */
function newConnWarmUp(ms: number | undefined): string {
  return ms ? `, after ${ms / 1000} s of them on each path before round 1 (its figures are the "cold" rows)` : '';
}

/** The fixed-rate warm-up, as the run header says it (runs before it existed have none). */
function fixedWarmUp(ms: number | undefined): string {
  return ms ? ` after ${ms / 1000} s at the rate, not recorded` : '';
}
