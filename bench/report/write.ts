// Writing a run's outputs: results/<timestamp>.json (raw), RESULTS.md (the table) and latency.svg
// (the chart) under the output directory. Returns the paths written.
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

export function writeOutputs(results: BenchResults, outDir: string, extraNotes: readonly string[] = []): Written {
  mkdirSync(path.join(outDir, 'results'), { recursive: true });
  const stamp = results.startedAt.replace(/[:.]/g, '-');
  const json = path.join(outDir, 'results', `${stamp}.json`);
  const markdown = path.join(outDir, 'RESULTS.md');
  const svg = path.join(outDir, 'latency.svg');
  const report = markdownReport(results, extraNotes);
  writeFileSync(json, JSON.stringify(results, null, 2) + '\n');
  writeFileSync(markdown, report + (results.scenarios.length > 0 ? '\n![Latency percentiles](latency.svg)\n' : ''));
  writeFileSync(svg, latencySvg(results));
  return { json, markdown, svg, report };
}
