// A PolicySource fed by the inbound policy API (LINKERD2_PROXY_POLICY_SVC_ADDR, spec §5), the way
// linkerd2-proxy's policy/store.rs behaves: a port's policy is watched from the first time it is
// asked for (and at once for LINKERD2_PROXY_INBOUND_PORTS); until the controller answers, the port
// gets the default policy (its opaque variant on LINKERD2_PROXY_INBOUND_PORTS_DISABLE_PROTOCOL_
// DETECTION ports). After that the last answer stays in force, also while the stream is down.
// On LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_IDENTITY/_TLS ports, default policies — ours and the
// controller's `kind: default` answers — are tightened (require.ts); a Server's answer is not.
// 'change' fires whenever a port's policy in force changes, so LiveConnections can re-check.
//
// Until the controller has answered for every LINKERD2_PROXY_INBOUND_PORTS port the proxy is not
// ready, and stream failures are counted and logged (api-health.ts).
//
// The client may arrive later than the source (with a TLS control plane it needs our first
// certificate): ports asked for before attach() are watched as soon as it is called.
import { EventEmitter } from 'node:events';
import { isDeepStrictEqual } from 'node:util';
import type { Network } from '../config/parse.js';
import type { PortPolicyWatcher, PortWatch } from '../../discovery-client/policy.js';
import type { Readiness } from '../readiness.js';
import { PolicyApiHealth, type PolicyApiHealthMetrics } from './api-health.js';
import { PortDefaults, type DefaultPolicyName } from './defaults.js';
import { applyRequirement, type RequiredPorts } from './require.js';
import type { PolicySource } from './store.js';
import type { ServerPolicy } from './types.js';

export interface ApiPolicySourceLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface ApiPolicySourceOptions {
  readonly defaultPolicy: DefaultPolicyName;
  readonly clusterNetworks: readonly Network[];
  readonly opaquePorts: ReadonlyArray<readonly [number, number]>;
  /** LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_IDENTITY / _REQUIRE_TLS: tighten those ports' default policies. */
  readonly required?: RequiredPorts;
  /** LINKERD2_PROXY_INBOUND_PORTS: watched from attach() on, before any connection. */
  readonly eagerPorts?: readonly number[];
  readonly log: ApiPolicySourceLogger;
  /** Holds the proxy not-ready until every eager port has a policy. */
  readonly readiness?: Readiness | undefined;
  readonly metrics?: PolicyApiHealthMetrics | undefined;
  /** Spacing of the policy-failure warn lines (default 10 s). */
  readonly warnIntervalMs?: number;
}

interface PortState {
  /** The controller's last answer; undefined until the first one. */
  policy: ServerPolicy | undefined;
  watch: PortWatch | undefined;
}

export class ApiPolicySource extends EventEmitter<{ change: [] }> implements PolicySource {
  readonly #opts: ApiPolicySourceOptions;
  readonly #defaults: PortDefaults;
  readonly #ports = new Map<number, PortState>();
  readonly #health: PolicyApiHealth;
  #client: PortPolicyWatcher | undefined;
  #closed = false;

  constructor(opts: ApiPolicySourceOptions, client?: PortPolicyWatcher) {
    super();
    this.#opts = opts;
    this.#defaults = new PortDefaults(opts);
    this.#health = new PolicyApiHealth({
      eagerPorts: opts.eagerPorts ?? [], readiness: opts.readiness, metrics: opts.metrics, log: opts.log,
      ...(opts.warnIntervalMs !== undefined && { warnIntervalMs: opts.warnIntervalMs }),
    });
    for (const port of opts.eagerPorts ?? []) this.#state(port);
    if (client) this.attach(client);
  }

  /** The policy in force for `port`; starts watching a port seen for the first time. */
  policyFor(port: number): ServerPolicy {
    return this.#state(port).policy ?? this.defaultFor(port);
  }

  /** What a port gets until the controller answers. */
  defaultFor(port: number): ServerPolicy {
    return this.#defaults.forPort(port);
  }

  /** Ports with a watch (or waiting for the client), for tests and diagnostics. */
  get watchedPorts(): number[] {
    return [...this.#ports.keys()].sort((a, b) => a - b);
  }

  /** LINKERD2_PROXY_INBOUND_PORTS ports the controller has not answered for yet. */
  get waitingPorts(): number[] {
    return this.#health.waitingPorts;
  }

  /** Whether the controller has answered for `port`. */
  answered(port: number): boolean {
    return this.#ports.get(port)?.policy !== undefined;
  }

  /** Start every pending watch on `client` (once; later calls are ignored). */
  attach(client: PortPolicyWatcher): void {
    if (this.#client || this.#closed) return;
    this.#client = client;
    for (const [port, state] of this.#ports) this.#start(port, state);
  }

  /** Stop every watch. The client itself belongs to the caller. */
  close(): void {
    this.#closed = true;
    this.#health.close();
    for (const state of this.#ports.values()) state.watch?.stop();
    this.#ports.clear();
  }

  #state(port: number): PortState {
    let state = this.#ports.get(port);
    if (!state) {
      state = { policy: undefined, watch: undefined };
      if (this.#closed) return state;
      this.#ports.set(port, state);
      this.#start(port, state);
    }
    return state;
  }

  #start(port: number, state: PortState): void {
    if (!this.#client || state.watch) return;
    state.watch = this.#client.watch(port, {
      onPolicy: (policy) => this.#update(port, state, policy),
      onRetry: (status) => {
        if (!this.#closed) this.#health.failed(port, status, { held: state.policy !== undefined, final: false });
      },
      onFinal: (status) => {
        // The last policy (or the default) stays; the port is not asked again, as linkerd2-proxy
        // does. An eager port refused for good keeps the proxy not ready: it cannot get policy.
        if (!this.#closed) this.#health.failed(port, status, { held: state.policy !== undefined, final: true });
      },
    });
  }

  #update(port: number, state: PortState, answer: ServerPolicy): void {
    if (this.#closed) return;
    // The controller's default for a port no Server describes is tightened like ours; Linkerd's
    // controller has already done so for the annotated ports, and then this changes nothing.
    const policy = applyRequirement(answer, this.#defaults.requirement(port));
    const before = state.policy ?? this.defaultFor(port);
    state.policy = policy;
    this.#health.received(port);
    if (isDeepStrictEqual(before, policy)) return;
    this.#opts.log.info({ port, server: `${policy.meta.kind}:${policy.meta.name}`, protocol: policy.protocol, authorizations: policy.authorizations.length }, 'inbound policy from the policy API');
    this.emit('change');
  }
}
