// Chooses where inbound policy comes from, for app.ts: the policy API when
// LINKERD2_PROXY_POLICY_SVC_ADDR is set (ApiPolicySource over an InboundPolicyClient), else the
// defaults plus PODWIRE_POLICY_FILE (PolicyStore, started). Either way the caller gets one
// PolicySource with close(), and hands it the identity once it exists: off loopback the policy
// client speaks mTLS with our workload certificate (and follows its rotations), so until the first
// certificate the API source answers with the default policy. With the API, the caller's readiness
// and metrics are handed on: the proxy is not ready until LINKERD2_PROXY_INBOUND_PORTS have policy
// (policy/api-health.ts).
import type { Config } from '../config.js';
import { isLoopbackHost } from '../config/parse.js';
import type { Logger } from '../log.js';
import type { Credentials } from '../identity/credentials.js';
import type { IdentitySource } from '../identity/store.js';
import { InboundPolicyClient, type PortPolicyWatcher } from '../../discovery-client/policy.js';
import type { DestinationTls } from '../../discovery-client/credentials.js';
import type { Readiness } from '../readiness.js';
import type { PolicyApiHealthMetrics } from './api-health.js';
import { ApiPolicySource } from './api-source.js';
import { PolicyStore, type PolicySource } from './store.js';
import type { ServerPolicy } from './types.js';

export interface ManagedPolicySource extends PolicySource {
  /** 'api' when policy comes from the policy controller, 'file' for defaults + PODWIRE_POLICY_FILE. */
  readonly kind: 'api' | 'file';
  /** Give the policy client our identity (its TLS needs it off loopback). Call once; no-op for 'file'. */
  useIdentity(identity: IdentitySource): void;
  close(): void;
}

export interface PolicySetupDeps {
  readonly log: Logger;
  /** With the policy API: not ready until LINKERD2_PROXY_INBOUND_PORTS have policy. */
  readonly readiness?: Readiness;
  readonly metrics?: PolicyApiHealthMetrics;
  /** Tests: use this client instead of dialling config.policy.api (TLS is then not managed). */
  readonly client?: PortPolicyWatcher;
}

/** Build the inbound policy source for `config`; a bad policy file at startup throws. */
export function createPolicySource(config: Config, deps: PolicySetupDeps): ManagedPolicySource {
  const p = config.policy;
  const { log } = deps;
  if (!p.defaultExplicit) {
    log.warn({ default_policy: p.defaultPolicy }, 'LINKERD2_PROXY_INBOUND_DEFAULT_POLICY is unset: inbound ports without a policy admit every client (all-unauthenticated)');
  }
  const fmt = (ranges: typeof p.required.identity) => ranges.map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`)).join(',');
  if (p.required.identity.length > 0 || p.required.tls.length > 0) {
    log.info(
      { require_identity: fmt(p.required.identity), require_tls: fmt(p.required.tls) },
      'inbound ports requiring a client identity or mesh TLS: their default policy refuses other clients',
    );
  }
  if (!p.api) {
    const store = new PolicyStore({
      defaultPolicy: p.defaultPolicy, clusterNetworks: p.clusterNetworks, opaquePorts: p.opaquePorts, required: p.required, log,
      ...(p.file !== undefined && { file: p.file }),
    }).start();
    return new Managed('file', store, () => {}, () => store.close());
  }
  const api = p.api;
  const source = new ApiPolicySource({
    defaultPolicy: p.defaultPolicy, clusterNetworks: p.clusterNetworks, opaquePorts: p.opaquePorts, required: p.required, eagerPorts: p.inboundPorts, log,
    readiness: deps.readiness, metrics: deps.metrics,
  });
  const useTls = api.svc.name !== undefined && !isLoopbackHost(api.svc.host);
  let client: PortPolicyWatcher | undefined = deps.client;
  const newClient = (tls: DestinationTls | undefined): PortPolicyWatcher => new InboundPolicyClient({
    addr: api.svc.addr,
    ...(api.svc.name !== undefined && { serverName: api.svc.name }),
    workload: api.workload,
    tls,
    backoff: config.controlBackoff,
    log: log.child({ component: 'policy-client' }),
  });
  if (!client && !useTls) client = newClient(undefined);
  if (client) source.attach(client);
  log.info({ addr: api.svc.addr, workload: api.workload, tls: useTls, eager_ports: p.inboundPorts }, 'inbound policy from the policy API');

  let identity: IdentitySource | undefined;
  const onRotate = (c: Credentials): void => {
    if (client) client.updateTls?.(tlsOf(c));
    else {
      client = newClient(tlsOf(c));
      source.attach(client);
    }
  };
  const useIdentity = (id: IdentitySource): void => {
    if (!useTls || deps.client || identity) return;
    identity = id;
    const current = id.current();
    if (current) onRotate(current);
    else log.info({ addr: api.svc.addr }, 'policy client starts once the identity service has certified us; default policy until then');
    id.on('rotate', onRotate);
  };
  return new Managed('api', source, useIdentity, () => {
    identity?.off('rotate', onRotate);
    source.close();
    client?.close();
  });
}

function tlsOf(c: Credentials): DestinationTls {
  return { caPem: c.anchorsPem, certPem: c.chainPem, keyPem: c.keyPem };
}

/** Delegates to the inner source, adding identity wiring and one close(). */
class Managed implements ManagedPolicySource {
  constructor(
    readonly kind: 'api' | 'file',
    private readonly inner: PolicySource,
    private readonly identityHook: (id: IdentitySource) => void,
    private readonly closeHook: () => void,
  ) {}

  policyFor(port: number): ServerPolicy {
    return this.inner.policyFor(port);
  }

  on(event: 'change', listener: () => void): this {
    this.inner.on(event, listener);
    return this;
  }

  off(event: 'change', listener: () => void): this {
    this.inner.off(event, listener);
    return this;
  }

  useIdentity(identity: IdentitySource): void {
    this.identityHook(identity);
  }

  close(): void {
    this.closeHook();
  }
}
