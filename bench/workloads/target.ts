// What every workload is given: where to connect, which processes' CPU time to charge, and the
// shared knobs. A workload returns plain numbers for the results file.
import type { Percentiles } from '../stats.js';

export interface Target {
  readonly host: string;
  readonly port: number;
}

/** Latency figures of one workload run, µs, plus how many requests were measured and failed. */
export interface LatencyFigures {
  readonly latencyUs: Percentiles;
  readonly requests: number;
  readonly errors: number;
  /** Requests completed per second of the measured period. */
  readonly rps: number;
}
