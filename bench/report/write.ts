// Writing a run's outputs: the raw results JSON, RESULTS.md (the table) and latency.svg (the chart).
// Layout 'run' puts all three in a new <outDir>/<timestamp>/ (the default: bench/results/, which
// git ignores, so a smoke run never touches the committed report); layout 'report' writes
// <outDir>/RESULTS.md, <outDir>/latency.svg and <outDir>/results/<timestamp>.json (what --report
// does to bench/, and --out DIR to DIR). Returns the paths written.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchResults } from '../results.js';
import { markdownReport } from './markdown.js';
import { latencySvg } from './svg.js';

export interface Written {
  readonly json: string;
  readonly markdown: string;
  readonly svg: string;
  readonly report: string;
}

export function writeOutputs(results: BenchResults, outDir: string, extraNotes: readonly string[] = [], layout: 'run' | 'report' = 'report'): Written {
  const stamp = results.startedAt.replace(/[:.]/g, '-');
  const dir = layout === 'run' ? path.join(outDir, stamp) : outDir;
  const json = layout === 'run' ? path.join(dir, 'results.json') : path.join(dir, 'results', `${stamp}.json`);
  mkdirSync(path.dirname(json), { recursive: true });
  const markdown = path.join(dir, 'RESULTS.md');
  const svg = path.join(dir, 'latency.svg');
  const report = markdownReport(results, extraNotes);
  writeFileSync(json, JSON.stringify(results, null, 2) + '\n');
  writeFileSync(markdown, report + (results.scenarios.length > 0 ? '\n![Latency percentiles](latency.svg)\n' : ''));
  writeFileSync(svg, latencySvg(results));
  return { json, markdown, svg, report };
}
