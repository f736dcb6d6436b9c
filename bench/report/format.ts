// Number formatting shared by the Markdown report and the SVG chart.
import type { Unit } from './summary.js';

export function formatValue(v: number | undefined, unit: Unit): string {
  if (v === undefined || !Number.isFinite(v)) return '–';
  switch (unit) {
    case 'us':
      return formatUs(v);
    case 'rps':
    case 'conn/s':
      return `${Math.round(v).toLocaleString('en-US')}/s`;
    case 'MB/s':
      return `${v.toFixed(v >= 100 ? 0 : 1)} MB/s`;
    case 'count':
      return Math.round(v).toLocaleString('en-US');
    case 'cpu-s':
      return `${v.toPrecision(2)} s`;
    case 'MB':
      return `${v.toFixed(1)} MB`;
    case 'pct':
      return `${Math.round(v)}%`;
    case 'per-s':
      return `${v.toFixed(v >= 10 ? 0 : 1)}/s`;
    case 'cpu-ms/s':
      return `${v.toFixed(v >= 10 ? 0 : 2)} ms/s`;
  }
}

/** Microseconds, switching to ms from 10 ms up. */
export function formatUs(us: number): string {
  if (us >= 10_000) return `${(us / 1000).toFixed(1)} ms`;
  if (us >= 1000) return `${(us / 1000).toFixed(2)} ms`;
  return `${Math.round(us)} µs`;
}

export function formatRatio(r: number | undefined): string {
  if (r === undefined || !Number.isFinite(r)) return '–';
  return `×${r >= 10 ? r.toFixed(0) : r.toFixed(2)}`;
}
