// What a benchmark scenario is to the rest of the harness: an address the workloads drive, the
// proxy processes whose memory and CPU are reported, and how to stop it. A scenario that cannot
// run here (a peer that is not installed) is a Skipped with the reason shown in the report.
export interface Scenario {
  readonly name: string;
  /** One line for the report: the path a connection takes. */
  readonly path: string;
  readonly host: string;
  readonly port: number;
  /** Processes in the path (empty for direct); their RSS and CPU time are the scenario's. */
  readonly proxyPids: readonly number[];
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
