// The live authorized inbound connections, so a policy change can re-check each one against the
// policy now in force for its port and cut those it no longer allows (reason policy_changed).
// Linkerd does the same on a policy update (`inbound_tcp_authz_terminate_total`).
import { authorize, type Denied } from './authorize.js';
import type { PolicySource } from './store.js';
import type { PolicyClient } from './types.js';

export interface LiveConnection {
  readonly client: PolicyClient;
  /** The port whose policy admitted it (the transport header's target port). */
  readonly port: number;
  /** Close the connection: the new policy denies it. Called at most once. */
  terminate(decision: Denied): void;
}

export class LiveConnections {
  private readonly conns = new Set<LiveConnection>();

  /** Track `conn` until the returned function is called (when it closes). */
  add(conn: LiveConnection): () => void {
    this.conns.add(conn);
    return () => void this.conns.delete(conn);
  }

  get size(): number {
    return this.conns.size;
  }

  /** Re-authorize every live connection; terminate and forget the denied ones. Returns how many. */
  recheck(source: PolicySource): number {
    let cut = 0;
    for (const conn of [...this.conns]) {
      const decision = authorize(source.policyFor(conn.port), conn.client);
      if (decision.allowed) continue;
      this.conns.delete(conn);
      cut++;
      conn.terminate(decision);
    }
    return cut;
  }
}
