// The local cluster's resolvers: Get and GetProfile answered from the topology file. They are
// the first entries of the resolver chains; link resolvers come after them.
//
// Each view recomputes its answer from the whole new topology on every 'update' and lets
// EndpointSet / ComputedProfile work out what changed, so a moved pod becomes remove+add, changed
// metadata becomes an add, and an unrelated edit sends nothing. Answers are pure functions of
// (topology, target), which keeps this obviously right; the index makes each recompute cheap.
import type { ProfileSpec, WeightedAddrSpec } from '../discovery-client/encode.js';
import { parseServiceHost, type GetTarget, type ProfileTarget } from './destination-path.js';
import { EndpointSet, type ResolveResult, type Resolver } from './endpoint-view.js';
import { ComputedProfile, type ProfileResolveResult, type ProfileResolver } from './profile-view.js';
import { indexOf } from './topology-index.js';
import type { Topology } from './topology-types.js';
import type { TopologySource } from './topology-watch.js';
import { serviceProfile, servicePort, serviceSetLabels, translateWorkload, workloadProfile } from './translate.js';

/** Get for `<svc>.<ns>.svc.<domain>[:port]` and `<pod>.<svc>.<ns>.svc.<domain>` of the local cluster. */
export class LocalEndpointResolver implements Resolver {
  readonly name = 'local';

  constructor(private readonly source: TopologySource) {}

  resolve(target: GetTarget): ResolveResult {
    const topology = this.source.current();
    const name = parseServiceHost(target.host, topology.cluster.domain);
    if (!name) return 'pass';
    const svc = indexOf(topology).service(name.namespace, name.service);
    if (!svc) return 'not_found';
    // The topology is the whole truth about its services: empty means no endpoints, said at once.
    const set = new EndpointSet(serviceSetLabels(svc), localEndpoints(topology, target), true);
    const onUpdate = (t: Topology): void => void set.replace(localEndpoints(t, target));
    this.source.on('update', onUpdate);
    set.once('close', () => this.source.off('update', onUpdate));
    return set;
  }
}

/** Ready workloads selecting the service, at the target port (an undeclared port targets itself). */
export function localEndpoints(topology: Topology, target: Pick<GetTarget, 'host' | 'port'>): WeightedAddrSpec[] {
  const name = parseServiceHost(target.host, topology.cluster.domain);
  if (!name) return [];
  const idx = indexOf(topology);
  const svc = idx.service(name.namespace, name.service);
  if (!svc) return [];
  const port = servicePort(svc, target.port);
  return idx
    .selectedBy(svc.namespace, svc.name)
    .filter((w) => w.ready && (name.instance === undefined || w.pod === name.instance))
    .map((w) => translateWorkload(w, port, topology.cluster));
}

/** GetProfile for local cluster IPs, pod IPs and service names. */
export class LocalProfileResolver implements ProfileResolver {
  readonly name = 'local';

  constructor(private readonly source: TopologySource) {}

  resolveProfile(target: ProfileTarget): ProfileResolveResult {
    const topology = this.source.current();
    if (target.kind === 'name' && !parseServiceHost(target.host, topology.cluster.domain)) return 'pass';
    const view = new ComputedProfile(localProfile(topology, target));
    const onUpdate = (t: Topology): void => view.set(localProfile(t, target));
    this.source.on('update', onUpdate);
    view.once('close', () => this.source.off('update', onUpdate));
    return view;
  }
}

/**
 * - cluster IP: {fully_qualified_name, opaque_protocol}, or the empty profile when the service has
 *   no such port (a definite answer: the IP is a service's, just not that port);
 * - pod IP: {endpoint} with the workload's identity, labels (incl. namespace) and hints;
 * - known service name: {fully_qualified_name, opaque_protocol}; `<pod>.<svc>...`: that pod's endpoint;
 * - anything else: undefined (a later resolver may know it; the server falls back).
 */
export function localProfile(topology: Topology, target: ProfileTarget): ProfileSpec | undefined {
  const idx = indexOf(topology);
  const { cluster } = topology;
  if (target.kind === 'ip') {
    const svc = idx.serviceByClusterIp(target.ip);
    if (svc) return svc.ports.some((p) => p.port === target.port) ? serviceProfile(svc, target.port, cluster.domain) : {};
    const w = idx.workloadByIp(target.ip);
    return w ? workloadProfile(w, target.port, topology.services, cluster) : undefined;
  }
  const name = parseServiceHost(target.host, cluster.domain);
  const svc = name && idx.service(name.namespace, name.service);
  if (!name || !svc) return undefined;
  if (name.instance === undefined) return serviceProfile(svc, target.port, cluster.domain);
  const w = idx.workloadByPod(svc.namespace, name.instance);
  if (!w || !w.services.includes(svc.name)) return undefined;
  return workloadProfile(w, servicePort(svc, target.port).targetPort, topology.services, cluster);
}
