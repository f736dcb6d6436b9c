// The bench report with issue 13's scenarios (bench/report/*, bench/stats.ts): node-floor as a
// third ratio, session-reuse pairs that run only the new-connection workload and report the share
// of resumed sessions, the round-to-round spread of the fixed-rate tails, and --workloads subsets.
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../bench/params.js';
import type { BenchResults, RoundFigures } from '../../bench/results.js';
import { markdownReport } from '../../bench/report/markdown.js';
import { formatSpread, spreadSection, tailSpreads } from '../../bench/report/spread.js';
import { summarize } from '../../bench/report/summary.js';
import { latencySvg } from '../../bench/report/svg.js';
import { spread, spreadHalfWidth } from '../../bench/stats.js';
import { benchRound, benchScenario } from '../harness/bench-results.js';

/** A session-reuse round: only new connections, with `resumed` of `sessions` server-side sessions resumed. */
function reuseRound(n: number, rate: number, sessions: number, resumed: number, cpu: number): RoundFigures {
  const newConns = { latencyUs: { p50: 5000, p90: 6000, p99: 9000, p99_9: 12_000 }, requests: 1000, errors: 0, rps: rate, proxyCpuSeconds: cpu, sessions: { sessions, resumed } };
  return { round: n, newConns };
}

const results: BenchResults = {
  schema: 'podwire-bench/1',
  startedAt: '2026-01-01T00:00:00.000Z',
  durationSeconds: 100,
  params: { ...DEFAULTS, outDir: '/out', layout: 'report' },
  machine: { cpuModel: 'Test CPU', cpus: 2, memoryBytes: 2 ** 34, kernel: 'Linux 6', loadAverageStart: [1, 1, 1] },
  versions: { podwire: '0.1.0' },
  scenarios: [
    benchScenario('direct', 0, [1, 2, 3].map((n) => benchRound(n, 100, 10_000, 1000))),
    // node-floor p99 (4× base) over rounds: 800, 880, 720: median 800, −10% / +10%.
    benchScenario('node-floor', 2, [benchRound(1, 200, 8000, 500, 1), benchRound(2, 220, 8000, 500, 1), benchRound(3, 180, 8000, 500, 1)], 60),
    // flat p99: 1200, 1600, 4800: median 1600, −25% / +200%.
    benchScenario('flat', 2, [benchRound(1, 300, 4000, 400, 2), benchRound(2, 400, 5000, 400, 2), benchRound(3, 1200, 6000, 400, 2)], 120),
    benchScenario('nginx', 2, [1, 2, 3].map((n) => benchRound(n, 250, 3000, 450, 1)), 30),
    { name: 'nginx-reuse', path: 'client → nginx-reuse', proxies: 2, workloads: ['new-conns'], rounds: [reuseRound(1, 9000, 100, 90, 1), reuseRound(2, 10_000, 100, 95, 1), reuseRound(3, 11_000, 50, 40, 1)] },
  ],
  skipped: [],
  notes: [],
};

const rows = summarize(results);
const cell = (id: string, name: string) => rows.find((r) => r.metric.id === id)!.cells[name]!;
const md = markdownReport(results);

describe('node-floor in the report', () => {
  it('divides every other path by node-floor, but not direct or node-floor itself', () => {
    expect(cell('tcp_p50', 'flat').vsNodeFloor).toBe(400 / 200);
    expect(cell('bulk_one', 'flat').vsNodeFloor).toBe(400 / 500);
    expect(cell('rss_idle', 'flat').vsNodeFloor).toBe(2);
    expect(cell('tcp_p50', 'nginx').vsNodeFloor).toBe(250 / 200);
    expect(cell('tcp_p50', 'node-floor').vsNodeFloor).toBeUndefined();
    expect(cell('tcp_p50', 'direct').vsNodeFloor).toBeUndefined();
    // node-floor is not a peer: it gets a best-peer ratio like podwire does.
    expect(cell('tcp_p50', 'node-floor').vsBestPeer).toBe(200 / 250);
  });

  it('shows a third ratio per cell and footnotes the ones that do not apply', () => {
    expect(md).toContain('to direct / to the best peer on that figure / to node-floor');
    expect(md).toMatch(/\| TCP req\/resp p50 \| ×2\.00 \/ ×0\.80 \/ – \((\d+)\) \| ×4\.00 \/ ×1\.60 \/ ×2\.00 \|/);
    const ratios = md.split('## Ratios')[1]!;
    expect(ratios).toMatch(/^- \(\d+\) direct and node-floor are not compared with node-floor\.$/m);
  });

  it('reads flat against the node-floor targets of issue 13', () => {
    expect(md).toContain('Flat vs node-floor: bulk 1 conn ×0.80 (target ≥ 0.95: short)');
    expect(md).toContain('idle RSS ×2.00 (target ≤ 1.15: short)');
    expect(md).toContain('max req/s ×0.63 (target ≥ 0.9: short)');
  });

  it('charts node-floor beside the others', () => {
    const svg = latencySvg(results);
    expect(svg).toContain('<title>node-floor p99: 800 µs</title>');
    expect(svg).toContain('>node-floor</text>');
  });
});

describe('session-reuse pairs in the report', () => {
  it('count as peers: the best peer for new connections/s is the reuse pair', () => {
    expect(cell('newconn_rate', 'nginx-reuse').value).toBe(10_000);
    expect(cell('newconn_rate', 'flat').vsBestPeer).toBe(5000 / 10_000);
    expect(md).toContain('New-connection rate: flat 5,000/s vs the nginx pair with session reuse 10,000/s (×0.50): falls short.');
  });

  it('give the share of resumed sessions and CPU per 1k new connections, and say why the other figures are empty', () => {
    // Rounds: 90%, 95%, 80% resumed: median 90%.
    expect(md).toMatch(/\| New connections resumed \| – \((\d+)\) \| – \(\1\) \| – \(\1\) \| – \(\1\) \| 90% \|/);
    expect(md).toMatch(/^- \(\d+\) this path does not count resumed sessions \(the session-reuse pairs do\)\.$/m);
    expect(cell('cpu_per_1k_conns', 'nginx-reuse').value).toBe(1);
    expect(cell('cpu_per_1k_conns', 'flat').value).toBeCloseTo((2 / 15_000) * 1000);
    expect(cell('tcp_p50', 'nginx-reuse').why?.value).toMatch(/^not run: this path runs only new-conns/);
    // The resumed share is a fact, not a cost: no ratio row for it.
    expect(md.split('## Ratios')[1]).not.toContain('New connections resumed');
  });

  it('are left out of the latency chart (no fixed-rate figures)', () => {
    expect(latencySvg(results)).not.toContain('nginx-reuse');
  });

  it('has no resumed-sessions row when no path counts sessions', () => {
    const plain = { ...results, scenarios: results.scenarios.filter((s) => s.name !== 'nginx-reuse') };
    expect(markdownReport(plain)).not.toContain('New connections resumed');
  });
});

describe('round-to-round spread of the fixed-rate tails', () => {
  it('is the lowest and highest round around the median, in %', () => {
    expect(spread([800, 880, 720])).toEqual({ median: 800, lowPct: -10, highPct: 10, rounds: 3 });
    expect(spread([100])).toBeUndefined();
    expect(spread([undefined, 5])).toBeUndefined();
    const s = spread([1200, 1600, 4800])!;
    expect(s.lowPct).toBe(-25);
    expect(s.highPct).toBe(200);
    expect(spreadHalfWidth(s)).toBe(200);
    expect(formatSpread(s)).toBe('−25% / +200%');
  });

  it('is computed per scenario for p99 and p99.9 of both workloads', () => {
    const floor = tailSpreads(results).find((r) => r.scenario === 'node-floor')!;
    expect(Object.keys(floor.spreads).sort()).toEqual(['http_p99', 'http_p99_9', 'tcp_p99', 'tcp_p99_9']);
    expect(floor.spreads.tcp_p99!.median).toBe(800);
  });

  it('is printed with the fixed-rate duration, marking every p99 outside ±20%', () => {
    const section = spreadSection(results).join('\n');
    expect(section).toContain('(15 s per fixed-rate run)');
    expect(section).toContain('| node-floor | −10% / +10% | −10% / +10% | −10% / +10% | −10% / +10% |');
    expect(section).toContain('| flat | −25% / +200% (!) | −25% / +200% | −25% / +200% (!) | −25% / +200% |');
    expect(section).toContain('Outside ±20%: flat HTTP p99, flat TCP p99.');
    // direct's rounds are identical; nginx-reuse has no fixed-rate figures and no row.
    expect(section).toContain('| direct | −0% / +0% |');
    expect(section).not.toContain('nginx-reuse');
    expect(md).toContain('## Round-to-round spread of the fixed-rate tails');
  });

  it('is not printed for a single round', () => {
    const one = { ...results, scenarios: results.scenarios.map((s) => ({ ...s, rounds: s.rounds.slice(0, 1) })) };
    expect(spreadSection(one)).toEqual([]);
  });
});

describe('targets without direct in the run', () => {
  it('still compares flat with the nginx pair on rates and throughput', () => {
    const noDirect = markdownReport({ ...results, scenarios: results.scenarios.filter((s) => s.name !== 'direct') });
    expect(noDirect).toContain('Bulk throughput over 1 connection: flat 400 MB/s vs nginx pair 450 MB/s (×0.89): falls short.');
    expect(noDirect).not.toContain('No nginx pair');
    expect(noDirect).not.toContain('Added TCP p50');
  });
});

describe('--workloads subsets', () => {
  it('leave the figures of workloads not asked for out of the tables', () => {
    const sub = { ...results, params: { ...results.params, workloads: ['new-conns'] as const } };
    const ids = summarize(sub).map((r) => r.metric.id);
    expect(ids).toEqual(['newconn_rate', 'newconn_p50', 'newconn_p99', 'newconn_resumed', 'newconn_rate_cold', 'cpu_per_1k_conns', 'cpu_per_1k_conns_cold']);
    expect(markdownReport(sub)).not.toContain('TCP req/resp');
  });
});
