// The figures of the issue-15 measurement (names, units, how they print) and their Markdown table:
// one row per figure, one column per candidate, each cell the median over the rounds with the
// rounds' lowest and highest value. Pure functions.
import { median } from '../stats.js';

export type Figures = Record<string, number>;

export interface FigureDef {
  readonly key: string;
  readonly label: string;
  readonly format: (v: number) => string;
}

const n0 = (v: number) => (Number.isFinite(v) ? v.toFixed(0) : '–');
const n1 = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '–');
const n2 = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '–');

export const FIGURES: readonly FigureDef[] = [
  { key: 'connPerSec', label: 'new connections/s (concurrency 8)', format: n0 },
  { key: 'cpuMsPerConn', label: 'CPU ms per new connection (both sides)', format: n2 },
  { key: 'connP50Us', label: 'new connection p50 µs (connect → close)', format: n0 },
  { key: 'connP99Us', label: 'new connection p99 µs', format: n0 },
  { key: 'bulkMBps', label: 'bulk MB/s (1 stream)', format: n0 },
  { key: 'cpuSPerGB', label: 'CPU s per GB bulk (both sides)', format: n2 },
  { key: 'rrP50Us', label: 'tcp-rr p50 µs (1000/s, 16 conns, 1 KiB)', format: n0 },
  { key: 'rrP99Us', label: 'tcp-rr p99 µs', format: n0 },
  { key: 'rrP999Us', label: 'tcp-rr p99.9 µs', format: n0 },
  { key: 'cpuUsPerReq', label: 'CPU µs per tcp-rr request', format: n0 },
  { key: 'keepAliveRps', label: 'HTTP keep-alive max req/s (16 conns)', format: n0 },
  { key: 'keepAliveP99Us', label: 'keep-alive p99 µs (flat out)', format: n0 },
  { key: 'cpuUsPerKaReq', label: 'CPU µs per keep-alive request', format: n0 },
  { key: 'mixedRrP50Us', label: 'tcp-rr p50 µs while 1 bulk stream runs', format: n0 },
  { key: 'mixedRrP99Us', label: 'tcp-rr p99 µs while 1 bulk stream runs', format: n0 },
  { key: 'mixedRrP999Us', label: 'tcp-rr p99.9 µs while 1 bulk stream runs', format: n0 },
  { key: 'mixedBulkMBps', label: 'bulk MB/s meanwhile', format: n0 },
  { key: 'pacedRrP50Us', label: 'tcp-rr p50 µs beside 1 paced bulk stream', format: n0 },
  { key: 'pacedRrP99Us', label: 'tcp-rr p99 µs beside 1 paced bulk stream', format: n0 },
  { key: 'pacedRrP999Us', label: 'tcp-rr p99.9 µs beside 1 paced bulk stream', format: n0 },
  { key: 'pacedBulkMBps', label: 'paced bulk MB/s meanwhile', format: n0 },
  { key: 'rssStartMB', label: 'RSS MB at start (both sides)', format: n1 },
  { key: 'rssIdleMB', label: 'RSS MB with 1,000 idle connections', format: n1 },
  { key: 'idleKBPerConn', label: 'KB RSS per idle connection', format: n1 },
  { key: 'rssEndMB', label: 'RSS MB after all workloads', format: n1 },
  { key: 'errors', label: 'errors (all workloads)', format: n0 },
];

/** "median (min–max)" over the rounds, or "–" without any. */
export function cell(values: readonly number[], format: (v: number) => string): string {
  const v = values.filter((x) => Number.isFinite(x));
  const m = median(v);
  if (m === undefined) return '–';
  if (v.length === 1) return format(m);
  return `${format(m)} (${format(Math.min(...v))}–${format(Math.max(...v))})`;
}

export function markdownTable(candidates: readonly string[], roundsOf: (name: string) => readonly Figures[]): string {
  const head = `| figure | ${candidates.join(' | ')} |\n|---|${candidates.map(() => '---:').join('|')}|`;
  // Rows no candidate has figures for (workloads not run) are left out.
  const rows = FIGURES.filter((d) => candidates.some((c) => roundsOf(c).some((r) => r[d.key] !== undefined))).map((d) => `| ${d.label} | ${candidates.map((c) => cell(roundsOf(c).map((r) => r[d.key]!), d.format)).join(' | ')} |`);
  return [head, ...rows].join('\n');
}
