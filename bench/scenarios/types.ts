// What a benchmark scenario is to the rest of the harness: an address the workloads drive, the
// proxy processes whose memory and CPU are reported, and how to stop it. A scenario that cannot
// run here (a peer that is not installed) is a Skipped with the reason shown in the report.
import type { WorkloadName } from '../params.js';

/** TLS sessions a server-side proxy accepted so far, and how many of them were resumed. */
export interface SessionCount {
  readonly sessions: number;
  readonly resumed: number;
}

export interface Scenario {
  readonly name: string;
  /** One line for the report: the path a connection takes. */
  readonly path: string;
  readonly host: string;
  readonly port: number;
  /** Processes in the path (empty for direct); their RSS and CPU time are the scenario's. */
  readonly proxyPids: readonly number[];
  /**
   * The only workloads that tell something about this scenario (all when absent): a session-reuse
   * pair differs from its plain pair only in handshakes, so it runs the new-connection workload.
   */
  readonly workloads?: readonly WorkloadName[];
  /** Sessions counted by the server side (the session-reuse pairs, to show that reuse happens). */
  sessions?(): SessionCount;
  stop(): Promise<void>;
}

export interface Skipped {
  readonly name: string;
  readonly reason: string;
}

/** The application all scenarios end at. */
export interface BackendAddr {
  readonly host: string;
  readonly port: number;
}

/** Loopback addresses of a run: 127.101.0.0/16 is reserved for the bench (tests use others). */
export const ADDR = {
  backend: '127.101.0.10',
  backendPort: 8080,
} as const;
