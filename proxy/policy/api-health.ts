// Makes the policy API's state visible instead of a silent retry loop. linkerd2-proxy does not
// become ready until it holds policy for every port in LINKERD2_PROXY_INBOUND_PORTS; podwire does
// the same: one readiness task, `inbound-policy`, pending until each of those ports has had its
// first answer, whose /ready detail names the ports still waiting and the last error. A port
// that got an answer stays answered: a later stream failure keeps the last policy and readiness
// (as linkerd2-proxy does), and is only counted and logged.
//
// Metrics: inbound_policy_ports_pending (gauge) and control_policy_stream_errors_total{code}.
// Log: a warn line per failure, at most one per `warnIntervalMs` (the next says how many were
// folded into it; a final refusal is always logged), naming the ports still waiting and the error.
import * as grpc from '@grpc/grpc-js';
import type { Counter, Gauge } from 'prom-client';
import type { Readiness } from '../readiness.js';

/** The readiness task's name, as /ready lists it. */
export const POLICY_READINESS_TASK = 'inbound-policy';

/** Default spacing of the warn lines. */
export const POLICY_WARN_INTERVAL_MS = 10_000;

export interface PolicyApiHealthMetrics {
  readonly inboundPolicyPortsPending: Gauge;
  readonly policyStreamErrorsTotal: Counter<'code'>;
}

export interface PolicyApiHealthOptions {
  /** LINKERD2_PROXY_INBOUND_PORTS: the ports readiness waits for. */
  readonly eagerPorts: readonly number[];
  readonly readiness?: Readiness | undefined;
  readonly metrics?: PolicyApiHealthMetrics | undefined;
  readonly log: {
    info(obj: object, msg: string): void;
    warn(obj: object, msg: string): void;
  };
  readonly warnIntervalMs?: number;
}

export class PolicyApiHealth {
  readonly #opts: PolicyApiHealthOptions;
  readonly #waiting: Set<number>;
  readonly #interval: number;
  #ready: (() => void) | undefined;
  #lastError: string | undefined;
  #lastWarnAt = Number.NEGATIVE_INFINITY;
  #suppressed = 0;

  constructor(opts: PolicyApiHealthOptions) {
    this.#opts = opts;
    this.#interval = opts.warnIntervalMs ?? POLICY_WARN_INTERVAL_MS;
    this.#waiting = new Set(opts.eagerPorts);
    if (this.#waiting.size > 0 && opts.readiness) {
      this.#ready = opts.readiness.register(POLICY_READINESS_TASK, () => this.#detail());
    }
    this.#setGauge();
  }

  /** Ports of LINKERD2_PROXY_INBOUND_PORTS still without an answer, ascending. */
  get waitingPorts(): number[] {
    return [...this.#waiting].sort((a, b) => a - b);
  }

  /** `port` got a policy from the API. */
  received(port: number): void {
    if (!this.#waiting.delete(port)) return;
    this.#setGauge();
    if (this.#waiting.size > 0) return;
    this.#opts.log.info({ ports: this.#opts.eagerPorts }, 'inbound policy received for every port in LINKERD2_PROXY_INBOUND_PORTS');
    this.#ready?.();
    this.#ready = undefined;
  }

  /**
   * A WatchPort stream for `port` failed. `held`: the port has a policy from the API already (it
   * keeps it). `final`: the status is one the client does not retry.
   */
  failed(port: number, status: grpc.StatusObject, opts: { held: boolean; final: boolean }): void {
    const code = grpc.status[status.code] ?? String(status.code);
    this.#opts.metrics?.policyStreamErrorsTotal.inc({ code });
    this.#lastError = `port ${port}: ${code}: ${status.details}`;
    const now = Date.now();
    // A final refusal happens once per port and ends its retries: always worth a line.
    if (!opts.final && now - this.#lastWarnAt < this.#interval) {
      this.#suppressed++;
      return;
    }
    this.#lastWarnAt = now;
    const fields = {
      port, code, details: status.details, retrying: !opts.final,
      waiting_ports: this.waitingPorts,
      ...(this.#suppressed > 0 && { failures_since_last_warning: this.#suppressed }),
    };
    this.#suppressed = 0;
    if (opts.held) this.#opts.log.warn(fields, 'policy API stream failed; keeping the last policy for the port');
    else this.#opts.log.warn(fields, 'inbound policy not received from the policy API; the default policy applies meanwhile');
  }

  /** Forget the readiness task (the source is closing). */
  close(): void {
    this.#ready = undefined;
  }

  #detail(): string {
    const ports = this.waitingPorts;
    const shown = ports.length > 10 ? `${ports.slice(0, 10).join(', ')} and ${ports.length - 10} more` : ports.join(', ');
    return `no policy yet for port${ports.length === 1 ? '' : 's'} ${shown}${this.#lastError ? `; last error: ${this.#lastError}` : ''}`;
  }

  #setGauge(): void {
    this.#opts.metrics?.inboundPolicyPortsPending.set(this.#waiting.size);
  }
}
