// The round-to-round spread of the fixed-rate tail figures: for each scenario, how far the lowest
// and highest round's p99 (and p99.9) lie from the median of the rounds. A tail figure is only
// worth comparing between paths when it repeats between rounds; the bench aims at ±20% for p99
// (lengthen --fixed-duration when it is wider).
import type { BenchResults } from '../results.js';
import { spread, spreadHalfWidth, type Spread } from '../stats.js';
import { METRICS } from './summary.js';

/** The p99 spread the fixed-rate duration is chosen for. */
export const P99_SPREAD_GOAL_PCT = 20;

const COLUMNS = [['http_p99', 'HTTP p99'], ['http_p99_9', 'HTTP p99.9'], ['tcp_p99', 'TCP p99'], ['tcp_p99_9', 'TCP p99.9']] as const;
const P99_IDS = new Set<string>(['http_p99', 'tcp_p99']);

export interface ScenarioSpread {
  readonly scenario: string;
  /** Keyed by metric id; absent with fewer than two rounds of the figure. */
  readonly spreads: Readonly<Record<string, Spread | undefined>>;
}

export function tailSpreads(results: BenchResults): ScenarioSpread[] {
  return results.scenarios.map((s) => ({
    scenario: s.name,
    spreads: Object.fromEntries(COLUMNS.map(([id]) => {
      const m = METRICS.find((x) => x.id === id)!;
      return [id, spread(s.rounds.map((r) => m.round!(r)))];
    })),
  }));
}

/** "−12% / +18%": the lowest round is never above the median, the highest never below. */
export function formatSpread(s: Spread): string {
  return `−${Math.abs(s.lowPct).toFixed(0)}% / +${s.highPct.toFixed(0)}%`;
}

/** The Markdown section, or nothing when no scenario has two rounds of a fixed-rate figure. */
export function spreadSection(results: BenchResults): string[] {
  const rows = tailSpreads(results).filter((r) => Object.values(r.spreads).some((s) => s !== undefined));
  if (rows.length === 0) return [];
  const wide: string[] = [];
  const body = rows.map((r) => `| ${r.scenario} | ${COLUMNS.map(([id]) => {
    const s = r.spreads[id];
    if (!s) return '–';
    const outside = P99_IDS.has(id) && spreadHalfWidth(s) > P99_SPREAD_GOAL_PCT;
    if (outside) wide.push(`${r.scenario} ${id.startsWith('http') ? 'HTTP' : 'TCP'} p99`);
    return `${formatSpread(s)}${outside ? ' (!)' : ''}`;
  }).join(' | ')} |`);
  const out = [
    '## Round-to-round spread of the fixed-rate tails', '',
    `Lowest and highest round against the median of the rounds (${results.params.fixedDurationMs / 1000} s per fixed-rate run). ` +
      `(!) marks a p99 outside ±${P99_SPREAD_GOAL_PCT}%: compare that figure between paths with care, or lengthen --fixed-duration.`, '',
    `| Scenario | ${COLUMNS.map(([, l]) => l).join(' | ')} |`,
    `| --- | ${COLUMNS.map(() => '---:').join(' | ')} |`,
    ...body,
  ];
  out.push('', wide.length === 0 ? `Every p99 is within ±${P99_SPREAD_GOAL_PCT}% of its median.` : `Outside ±${P99_SPREAD_GOAL_PCT}%: ${wide.join(', ')}.`);
  return out;
}
