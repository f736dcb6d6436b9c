// Synthetic benchmark results for the report tests: rounds whose every figure is derived from a
// few numbers, so the expected medians, ratios and spreads can be worked out by hand.
import type { RoundFigures, ScenarioResult } from '../../bench/results.js';

/** A round where every latency is `base` scaled per percentile, rates `rate`, throughput `mbps`. */
export function benchRound(n: number, base: number, rate: number, mbps: number, cpu?: number): RoundFigures {
  const lat = { p50: base, p90: base * 2, p99: base * 4, p99_9: base * 8 };
  const fig = { latencyUs: lat, requests: rate * 3, errors: 0, rps: rate };
  const withCpu = cpu === undefined ? {} : { proxyCpuSeconds: cpu };
  return {
    round: n,
    httpFixed: fig,
    tcpRr: { ...fig, late: 0 },
    httpMax: { ...fig, requests: 10_000, ...withCpu },
    newConns: { ...fig, ...withCpu },
    bulkOne: { mbPerSec: mbps, bytes: 5e8, errors: 0, ...withCpu },
    bulkMany: { mbPerSec: mbps, bytes: 5e8, errors: 0, ...withCpu },
  };
}

/**
 * A scenario with those rounds, a new-connection warm-up (the cold figures: round 1's at half the
 * rate and twice the CPU) and, given `rssMb`, idle memory, idle activity (wake-ups rssMb/5 a
 * second, CPU rssMb/50 ms a second) and two idle levels (the second not reached).
 */
export function benchScenario(name: string, proxies: number, rounds: RoundFigures[], rssMb?: number): ScenarioResult {
  const first = rounds[0]?.newConns;
  return {
    name, path: `client → ${name}`, proxies, rounds,
    ...(first && { newConnWarmUp: { ...first, rps: first.rps / 2, ...(first.proxyCpuSeconds !== undefined && { proxyCpuSeconds: first.proxyCpuSeconds * 2 }) } }),
    ...(rssMb !== undefined && {
      memory: { idleRssBytes: rssMb * 2 ** 20, perProcessIdleRssBytes: [], idleWakeUpsPerSecond: rssMb / 5, idleCpuMsPerSecond: rssMb / 50, levels: [{ target: 1000, opened: 1000, failures: 0, rssBytes: 2 * rssMb * 2 ** 20 }, { target: 10000, opened: 7000, failures: 3, firstError: 'closed', rssBytes: 4 * rssMb * 2 ** 20 }] },
    }),
  };
}
