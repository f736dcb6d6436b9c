// The bench report from a synthetic run (bench/report/*): medians over rounds, ratios to direct
// and to the best peer, the Markdown tables and target sentences, and the SVG chart.
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../bench/params.js';
import type { BenchResults } from '../../bench/results.js';
import { formatUs, formatValue } from '../../bench/report/format.js';
import { markdownReport } from '../../bench/report/markdown.js';
import { bestPeerValue, METRICS, summarize } from '../../bench/report/summary.js';
import { decades, latencySvg, tickLabel } from '../../bench/report/svg.js';
import { benchRound, benchScenario } from '../harness/bench-results.js';

const round = benchRound;
const scenario = benchScenario;

const results: BenchResults = {
  schema: 'podwire-bench/1',
  startedAt: '2026-01-01T00:00:00.000Z',
  durationSeconds: 100,
  params: { ...DEFAULTS, outDir: '/out', layout: 'report' },
  machine: { cpuModel: 'Test CPU', cpus: 2, memoryBytes: 2 ** 34, kernel: 'Linux 6', loadAverageStart: [1, 1, 1], loadAverageEnd: [2, 2, 2] },
  versions: { podwire: '0.1.0', node: 'v20' },
  scenarios: [
    // Medians: direct 100 µs; flat 300 (rounds 200/300/900); haproxy 250; nginx 400.
    scenario('direct', 0, [round(1, 100, 10_000, 1000), round(2, 100, 10_000, 1000), round(3, 100, 10_000, 1000)]),
    scenario('flat', 2, [round(1, 200, 4000, 200, 1), round(2, 300, 5000, 300, 2), round(3, 900, 6000, 100, 3)], 100),
    scenario('gateway', 3, [round(1, 600, 2000, 80, 3)], 150),
    scenario('haproxy', 2, [round(1, 250, 8000, 400, 1)], 30),
    scenario('nginx', 2, [round(1, 400, 6000, 250, 1)], 20),
  ],
  skipped: [{ name: 'envoy', reason: 'not a scenario here' }],
  notes: ['A note from the run.'],
};

const rows = summarize(results);
const cell = (id: string, name: string) => rows.find((r) => r.metric.id === id)!.cells[name]!;

describe('summarize', () => {
  it('takes medians over rounds', () => {
    expect(cell('tcp_p50', 'flat').value).toBe(300);
    expect(cell('tcp_p99', 'flat').value).toBe(1200);
    expect(cell('max_rps', 'flat').value).toBe(5000);
    expect(cell('bulk_one', 'flat').value).toBe(200);
  });

  it('gives ratios to direct, and to the better peer: the lower latency, the higher rate', () => {
    expect(cell('tcp_p50', 'flat').vsDirect).toBe(3);
    expect(cell('tcp_p50', 'flat').vsBestPeer).toBe(300 / 250);
    expect(cell('bulk_one', 'flat').vsBestPeer).toBe(200 / 400);
    expect(cell('rss_idle', 'flat').vsBestPeer).toBe(100 / 20);
    expect(cell('tcp_p50', 'haproxy').vsBestPeer).toBeUndefined();
    expect(cell('tcp_p50', 'direct').vsDirect).toBeUndefined();
  });

  it('takes idle wake-ups and CPU from the memory figures, lower being better', () => {
    const withIdle: BenchResults = {
      ...results,
      scenarios: results.scenarios.map((s) => (s.name === 'flat' || s.name === 'nginx' ? { ...s, memory: { ...s.memory!, idleWakeUpsPerSecond: s.name === 'flat' ? 24 : 2, idleCpuMsPerSecond: s.name === 'flat' ? 2 : 0.5 } } : s)),
    };
    const idleCell = (id: string, name: string) => summarize(withIdle).find((r) => r.metric.id === id)!.cells[name]!;
    expect(idleCell('wakeups_idle', 'flat').value).toBe(24);
    expect(idleCell('wakeups_idle', 'flat').vsBestPeer).toBe(12);
    expect(idleCell('cpu_idle', 'flat').vsBestPeer).toBe(4);
    expect(idleCell('cpu_idle', 'direct').value).toBeUndefined();
  });

  it('leaves CPU and memory empty for direct, and computes them per GB / 10k requests / idle level', () => {
    expect(cell('cpu_per_gb', 'direct').value).toBeUndefined();
    expect(cell('rss_idle', 'direct').value).toBeUndefined();
    // flat round 2 (the median): 2 + 2 s over 1 GB.
    expect(cell('cpu_per_gb', 'flat').value).toBe(4);
    expect(cell('cpu_per_10k', 'flat').value).toBe(2);
    expect(cell('rss_10000', 'gateway').value).toBe(600);
  });

  it('reads the cold new-connection figures from the warm-up before round 1, and says why they are missing from runs without one', () => {
    // flat's warm-up: round 1's 4,000 conn/s halved, 2 CPU s over its 12,000 connections.
    expect(cell('newconn_rate_cold', 'flat').value).toBe(2000);
    expect(cell('newconn_rate_cold', 'flat').vsBestPeer).toBe(2000 / 4000);
    expect(cell('cpu_per_1k_conns_cold', 'flat').value).toBeCloseTo(2 / 12, 10);
    expect(cell('cpu_per_1k_conns_cold', 'direct').value).toBeUndefined();
    // The rounds' figures stay the rounds' own.
    expect(cell('newconn_rate', 'flat').value).toBe(5000);
    const old: BenchResults = { ...results, scenarios: results.scenarios.map(({ newConnWarmUp: _, ...s }) => s) };
    const oldCell = summarize(old).find((r) => r.metric.id === 'newconn_rate_cold')!.cells.flat!;
    expect(oldCell.value).toBeUndefined();
    expect(oldCell.why?.value).toMatch(/^no new-connection warm-up in this run/);
  });

  it('picks the best peer by the direction of the metric', () => {
    const lat = METRICS.find((m) => m.id === 'tcp_p50')!;
    const thr = METRICS.find((m) => m.id === 'bulk_one')!;
    expect(bestPeerValue(lat, { haproxy: 5, nginx: 3 })).toBe(3);
    expect(bestPeerValue(thr, { haproxy: 5, nginx: 3 })).toBe(5);
    expect(bestPeerValue(thr, { flat: 5 })).toBeUndefined();
  });
});

describe('markdownReport', () => {
  const md = markdownReport(results, ['Noisy machine.']);

  it('has a medians table with a column per scenario and a row per figure', () => {
    expect(md).toContain('| Figure | direct | flat | gateway | haproxy | nginx |');
    expect(md).toContain('| TCP req/resp p50 | 100 µs | 300 µs | 600 µs | 250 µs | 400 µs |');
    expect(md).toContain('| Proxy RSS, 10,000 idle conns | – (1) | 400.0 MB | 600.0 MB | 120.0 MB | 80.0 MB |');
  });

  it('says in its header how long the fixed-rate runs were measured and warmed, and only the duration for runs without a warm-up', () => {
    expect(md).toContain(`the fixed-rate ones ${DEFAULTS.fixedDurationMs / 1000} s after ${DEFAULTS.fixedWarmUpMs / 1000} s at the rate, not recorded;`);
    const old = markdownReport({ ...results, params: { ...results.params, fixedWarmUpMs: undefined as unknown as number } }, []);
    expect(old).toContain(`the fixed-rate ones ${DEFAULTS.fixedDurationMs / 1000} s;`);
  });

  it('says in its header how long each path was warmed with new connections, and nothing for runs without it', () => {
    expect(md).toContain(`new connections ${DEFAULTS.newConnConcurrency} at a time, after ${DEFAULTS.newConnWarmUpMs / 1000} s of them on each path before round 1 (its figures are the "cold" rows).`);
    expect(md).toMatch(/^\| New connections\/s, cold \| 5,000\/s \| 2,000\/s \|/m);
    const old = markdownReport({ ...results, params: { ...results.params, newConnWarmUpMs: undefined as unknown as number } }, []);
    expect(old).toContain(`new connections ${DEFAULTS.newConnConcurrency} at a time. Figures`);
  });

  it('says under each table why every – is there, once per reason', () => {
    const medians = md.split('## Medians')[1]!.split('## Ratios')[0]!;
    expect(medians).toContain('\n- (1) no proxy on this path: proxy CPU and memory do not apply.');
    expect(medians.match(/^- \(\d+\)/gm)).toHaveLength(1);
    const ratios = md.split('## Ratios')[1]!;
    // haproxy and nginx are not compared with themselves; errors are 0 on every path (no ratio to 0).
    expect(ratios).toMatch(/^- \(\d+\) a peer is not compared with the best peer\.$/m);
    expect(ratios).toMatch(/^- \(\d+\) direct measured 0, so there is no ratio\.$/m);
    const marks = new Set([...ratios.matchAll(/– \((\d+)\)/g)].map((m) => m[1]));
    const notes = new Set([...ratios.matchAll(/^- \((\d+)\)/gm)].map((m) => m[1]));
    expect(marks).toEqual(notes);
    expect(ratios).not.toMatch(/–(?! \()/);
  });

  it('has the ratios, notes, skipped scenarios and levels that were not reached', () => {
    expect(md).toContain('| TCP req/resp p50 | ×3.00 / ×1.20 |');
    expect(md).toMatch(/\| TCP req\/resp p50 \| ×3\.00 \/ ×1\.20 \| ×6\.00 \/ ×2\.40 \| ×2\.50 \/ – \(\d+\) \|/);
    expect(md).toContain('> A note from the run.');
    expect(md).toContain('> Noisy machine.');
    expect(md).toContain('**envoy**: skipped: not a scenario here');
    expect(md).toContain('flat reached 7000 of 10000');
    expect(md).toContain('flat 3 while opening 10000 (first: closed)');
  });

  it('reads the results against the targets', () => {
    expect(md).toContain('Added TCP p50 at fixed rate: flat +200 µs vs nginx pair +300 µs: meets the target.');
    expect(md).toContain('Bulk throughput over 1 connection: flat 200 MB/s vs nginx pair 250 MB/s (×0.80): falls short.');
    expect(md).toMatch(/Flat vs via gateway: TCP p50 300 µs vs 600 µs.*flat is faster at p50/);
  });

  it('reads the multiplexed transport (flat-mux) against issue 15: nginx, HAProxy per idle connection, and flat in the same run', () => {
    // flat-mux: 5,000 new conns/s, p50 300 µs, 100 → 200 MB with 1,000 idle conns, bulk 200 MB/s;
    // nginx 6,000/s and 400 µs; haproxy 30 → 60 MB; flat: bulk 200 MB/s (rounds 200/300/100),
    // max 5,000 req/s.
    const withMux: BenchResults = { ...results, scenarios: [...results.scenarios, scenario('flat-mux', 2, [round(1, 300, 5000, 180, 2)], 100)] };
    const reading = markdownReport(withMux, []);
    expect(reading).toContain('Multiplexed transport (flat-mux): new connections/s vs nginx ×0.83 (target ≥ 2: short), new-connection p50 vs nginx ×0.75 (target ≤ 0.5: short)');
    expect(reading).toContain('RSS per idle connection vs HAProxy ×3.33 (target ≤ 1: short)');
    expect(reading).toContain('bulk 1 conn vs flat ×0.90 (target ≥ 0.95: short)');
    expect(reading).toContain('max req/s vs flat ×1.00 (target ≥ 0.95: met)');
    expect(md).not.toContain('Multiplexed transport');
  });
});

describe('latencySvg', () => {
  const svg = latencySvg(results);

  it('draws one bar per scenario and percentile in each of the two panels', () => {
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    const bars = svg.match(/<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="[\d.]+" fill="#[0-9a-f]{6}"><title>/g) ?? [];
    expect(bars).toHaveLength(2 * 4 * 5);
    expect(svg).toContain('<title>flat p99.9: 2.40 ms</title>');
    expect(svg).toContain('TCP request/response');
    expect(svg).toContain('HTTP/1.1 keep-alive');
  });

  it('is well formed: elements nest and close properly', () => {
    const stack: string[] = [];
    for (const m of svg.matchAll(/<(\/?)([a-z]+)[^>]*?(\/?)>/g)) {
      const [, closing, name, selfClosing] = m;
      if (selfClosing) continue;
      if (closing) expect(stack.pop()).toBe(name);
      else stack.push(name!);
    }
    expect(stack).toEqual([]);
  });

  it('uses decades covering the values as the log axis, labelled in µs/ms/s', () => {
    expect(decades(120, 9000)).toEqual([100, 1000, 10000]);
    expect(decades(5, 5)).toEqual([1, 10]);
    expect([100, 1000, 10_000, 1_000_000].map(tickLabel)).toEqual(['100 µs', '1 ms', '10 ms', '1 s']);
  });
});

describe('formatting', () => {
  it('shows µs below 1 ms, ms above, and a dash for missing values', () => {
    expect(formatUs(812.4)).toBe('812 µs');
    expect(formatUs(1234)).toBe('1.23 ms');
    expect(formatUs(45_600)).toBe('45.6 ms');
    expect(formatValue(undefined, 'us')).toBe('–');
    expect(formatValue(12345.6, 'rps')).toBe('12,346/s');
  });

  it('shows idle wake-ups and CPU per second, with a decimal below 10', () => {
    expect(formatValue(24.37, 'per-s')).toBe('24/s');
    expect(formatValue(0.4, 'per-s')).toBe('0.4/s');
    expect(formatValue(2.345, 'cpu-ms/s')).toBe('2.35 ms/s');
    expect(formatValue(10.2, 'cpu-ms/s')).toBe('10 ms/s');
  });
});
