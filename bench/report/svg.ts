// The latency chart (bench/latency.svg): for the two fixed-rate workloads, one panel each, the
// median p50/p90/p99/p99.9 of every scenario as grouped bars on a logarithmic µs axis. Hand-written
// SVG, no chart library; colours stay the same per scenario name across runs.
import type { BenchResults } from '../results.js';
import { PERCENTILE_KEYS } from '../stats.js';
import { formatUs } from './format.js';
import { metricValue, METRICS } from './summary.js';

const COLORS: Record<string, string> = {
  direct: '#7f7f7f', 'node-floor': '#8c564b', flat: '#1f77b4', 'flat-mux': '#17becf', gateway: '#9467bd', 'gateway-mux': '#e377c2', haproxy: '#2ca02c', nginx: '#d62728',
  'haproxy-reuse': '#98df8a', 'nginx-reuse': '#ff9896', target: '#ff7f0e',
};
const PCT_LABEL: Record<(typeof PERCENTILE_KEYS)[number], string> = { p50: 'p50', p90: 'p90', p99: 'p99', p99_9: 'p99.9' };

const W = 920;
const H = 420;
const PANEL_W = 400;
const TOP = 70;
const PLOT_H = 270;

export interface ChartSeries {
  readonly scenario: string;
  /** µs per percentile key, undefined where not measured. */
  readonly values: readonly (number | undefined)[];
}

export interface ChartPanel {
  readonly title: string;
  readonly series: readonly ChartSeries[];
}

/** The scenarios with fixed-rate figures (the session-reuse pairs run only new connections). */
function charted(results: BenchResults) {
  return results.scenarios.filter((s) => s.rounds.some((r) => r.httpFixed || r.tcpRr));
}

export function chartPanels(results: BenchResults): ChartPanel[] {
  const panel = (title: string, prefix: 'tcp' | 'http'): ChartPanel => ({
    title,
    series: charted(results).map((s) => ({
      scenario: s.name,
      values: PERCENTILE_KEYS.map((k) => {
        const m = METRICS.find((x) => x.id === `${prefix}_${k}`)!;
        return metricValue(m, s);
      }),
    })),
  });
  return [
    panel(`TCP request/response, ${results.params.rate} req/s`, 'tcp'),
    panel(`HTTP/1.1 keep-alive, ${results.params.rate} req/s`, 'http'),
  ];
}

/** Powers of ten spanning [lo, hi] (at least one decade). */
export function decades(lo: number, hi: number): number[] {
  const a = Math.floor(Math.log10(Math.max(1, lo)));
  const b = Math.max(a + 1, Math.ceil(Math.log10(Math.max(1, hi))));
  return Array.from({ length: b - a + 1 }, (_, i) => 10 ** (a + i));
}

/** Axis label for a power of ten µs: 100 µs, 1 ms, 10 ms, 1 s. */
export function tickLabel(us: number): string {
  if (us >= 1_000_000) return `${us / 1_000_000} s`;
  if (us >= 1000) return `${us / 1000} ms`;
  return `${us} µs`;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function latencySvg(results: BenchResults): string {
  const panels = chartPanels(results);
  const all = panels.flatMap((p) => p.series.flatMap((s) => s.values)).filter((v): v is number => v !== undefined && v > 0);
  const ticks = decades(all.length ? Math.min(...all) : 10, all.length ? Math.max(...all) : 1000);
  const lo = Math.log10(ticks[0]!);
  const hi = Math.log10(ticks[ticks.length - 1]!);
  const y = (v: number) => TOP + PLOT_H - ((Math.log10(v) - lo) / (hi - lo)) * PLOT_H;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  parts.push(`<text x="${W / 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold">Latency percentiles by scenario (median of ${results.params.rounds} round${results.params.rounds === 1 ? '' : 's'}, log scale)</text>`);
  panels.forEach((panel, pi) => {
    const x0 = 70 + pi * (PANEL_W + 50);
    parts.push(`<text x="${x0 + PANEL_W / 2}" y="${TOP - 12}" text-anchor="middle" font-size="13">${esc(panel.title)}</text>`);
    for (const t of ticks) {
      parts.push(`<line x1="${x0}" x2="${x0 + PANEL_W}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#dddddd"/>`);
      parts.push(`<text x="${x0 - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end" fill="#555555">${esc(tickLabel(t))}</text>`);
    }
    parts.push(`<line x1="${x0}" x2="${x0}" y1="${TOP}" y2="${TOP + PLOT_H}" stroke="#333333"/>`);
    parts.push(`<line x1="${x0}" x2="${x0 + PANEL_W}" y1="${TOP + PLOT_H}" y2="${TOP + PLOT_H}" stroke="#333333"/>`);
    const groupW = PANEL_W / PERCENTILE_KEYS.length;
    const n = Math.max(1, panel.series.length);
    const barW = (groupW * 0.8) / n;
    PERCENTILE_KEYS.forEach((k, gi) => {
      const gx = x0 + gi * groupW + groupW * 0.1;
      parts.push(`<text x="${(x0 + gi * groupW + groupW / 2).toFixed(1)}" y="${TOP + PLOT_H + 18}" text-anchor="middle">${PCT_LABEL[k]}</text>`);
      panel.series.forEach((s, si) => {
        const v = s.values[gi];
        if (v === undefined || v <= 0) return;
        const top = Math.max(TOP, y(v));
        const bx = gx + si * barW;
        parts.push(`<rect x="${bx.toFixed(1)}" y="${top.toFixed(1)}" width="${(barW - 1).toFixed(1)}" height="${(TOP + PLOT_H - top).toFixed(1)}" fill="${COLORS[s.scenario] ?? '#17becf'}"><title>${esc(`${s.scenario} ${PCT_LABEL[k]}: ${formatUs(v)}`)}</title></rect>`);
      });
    });
  });
  const names = charted(results).map((s) => s.name);
  // Up to eight legend entries fit on one line at 105 px each.
  names.forEach((name, i) => {
    const lx = 40 + i * 105;
    const ly = H - 30;
    parts.push(`<rect x="${lx}" y="${ly - 10}" width="12" height="12" fill="${COLORS[name] ?? '#17becf'}"/>`);
    parts.push(`<text x="${lx + 18}" y="${ly}">${esc(name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
