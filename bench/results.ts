// The shape of a benchmark run's results: every raw figure per scenario and round, memory at each
// idle level, machine and versions. This is what bench/results/<timestamp>.json holds and what the
// Markdown table and SVG chart are computed from.
import type { BenchParams, WorkloadName } from './params.js';
import type { SessionCount, Skipped } from './scenarios/types.js';
import type { BulkFigures } from './workloads/bulk.js';
import type { LatencyFigures } from './workloads/target.js';
import type { TcpRrFigures } from './workloads/tcp-rr.js';

/** CPU seconds (user + system) the scenario's proxies used during a workload; absent for direct. */
export interface WithCpu {
  readonly proxyCpuSeconds?: number;
}

/** Server-side TLS sessions during the new-connection workload, where the scenario counts them. */
export interface WithSessions {
  readonly sessions?: SessionCount;
}

/** One round's figures; a workload left out (--workloads, or one a scenario does not run) is absent. */
export interface RoundFigures {
  readonly round: number;
  readonly httpFixed?: LatencyFigures;
  readonly tcpRr?: TcpRrFigures;
  readonly httpMax?: LatencyFigures & WithCpu;
  readonly newConns?: LatencyFigures & WithCpu & WithSessions;
  readonly bulkOne?: BulkFigures & WithCpu;
  readonly bulkMany?: BulkFigures & WithCpu;
}

export interface MemoryLevel {
  /** Open idle connections asked for. */
  readonly target: number;
  /** Open idle connections reached (fewer when opening took longer than the level's time). */
  readonly opened: number;
  /** Attempts that failed while opening this level (retried until the level's time ran out). */
  readonly failures: number;
  readonly firstError?: string;
  /** Sum of the proxies' RSS with them open, once settled (params.memorySettleMs). */
  readonly rssBytes?: number;
  /** The same one second after the level was reached (absent in results from before settling). */
  readonly rssAtFillBytes?: number;
}

export interface MemoryFigures {
  /** Sum of the proxies' RSS before any traffic, once settled (params.memorySettleMs). */
  readonly idleRssBytes?: number;
  readonly perProcessIdleRssBytes: readonly (number | undefined)[];
  /** The proxies' wake-ups per second while idle, summed (absent in results from before it was measured). */
  readonly idleWakeUpsPerSecond?: number;
  /** The proxies' CPU milliseconds per second while idle, summed (absent likewise). */
  readonly idleCpuMsPerSecond?: number;
  readonly levels: readonly MemoryLevel[];
}

export interface ScenarioResult {
  readonly name: string;
  readonly path: string;
  /** Number of proxy processes in the path. */
  readonly proxies: number;
  /** The workloads this scenario ran (absent in results from before scenarios could run fewer: all). */
  readonly workloads?: readonly WorkloadName[];
  readonly rounds: RoundFigures[];
  memory?: MemoryFigures;
  /**
   * The new-connection warm-up before round 1 (params.newConnWarmUpMs): the same workload on the
   * freshly started path, so its figures are the cold ones (absent in results from before it).
   */
  newConnWarmUp?: LatencyFigures & WithCpu;
}

export interface MachineInfo {
  readonly cpuModel: string;
  readonly cpus: number;
  readonly memoryBytes: number;
  readonly kernel: string;
  readonly loadAverageStart: readonly number[];
  loadAverageEnd?: readonly number[];
  readonly openFileLimit?: number;
}

export interface BenchResults {
  readonly schema: 'podwire-bench/1';
  readonly startedAt: string;
  finishedAt?: string;
  durationSeconds?: number;
  readonly params: BenchParams;
  readonly machine: MachineInfo;
  readonly versions: Readonly<Record<string, string>>;
  readonly scenarios: ScenarioResult[];
  readonly skipped: Skipped[];
  readonly notes: string[];
}
