// Lookup tables over one (immutable) topology version: services by name and cluster IP, workloads
// by IP, pod name and selecting service, and link service entries (mirrors) by their cluster IP.
// Built once per version and cached, so every open stream recomputing its answer after an edit
// costs a few map lookups, not a scan of the file.
import type { LinkServiceSpec, LinkSpec, ServiceSpec, Topology, WorkloadSpec } from './topology-types.js';

/** A `links[].services[]` entry with a clusterIP, and its link. */
export interface MirrorIp {
  readonly link: LinkSpec;
  readonly service: LinkServiceSpec;
}

export class TopologyIndex {
  readonly #services = new Map<string, ServiceSpec>();
  readonly #byClusterIp = new Map<string, ServiceSpec>();
  readonly #workloadsByIp = new Map<string, WorkloadSpec>();
  readonly #workloadsByPod = new Map<string, WorkloadSpec>();
  readonly #selected = new Map<string, WorkloadSpec[]>();
  readonly #mirrorsByClusterIp = new Map<string, MirrorIp>();

  constructor(readonly topology: Topology) {
    for (const s of topology.services) {
      this.#services.set(key(s.namespace, s.name), s);
      if (s.clusterIP !== undefined) this.#byClusterIp.set(s.clusterIP, s);
    }
    for (const w of topology.workloads) {
      this.#workloadsByIp.set(w.ip, w);
      this.#workloadsByPod.set(key(w.namespace, w.pod), w);
      for (const name of w.services) {
        const k = key(w.namespace, name);
        const list = this.#selected.get(k) ?? [];
        list.push(w);
        this.#selected.set(k, list);
      }
    }
    for (const link of topology.links) {
      for (const service of link.services) {
        if (service.clusterIP !== undefined) this.#mirrorsByClusterIp.set(service.clusterIP, { link, service });
      }
    }
  }

  service(namespace: string, name: string): ServiceSpec | undefined {
    return this.#services.get(key(namespace, name));
  }

  /** `ip` in normalizeIp form. */
  serviceByClusterIp(ip: string): ServiceSpec | undefined {
    return this.#byClusterIp.get(ip);
  }

  /** `ip` in normalizeIp form. */
  workloadByIp(ip: string): WorkloadSpec | undefined {
    return this.#workloadsByIp.get(ip);
  }

  /** `ip` in normalizeIp form: the link service entry whose mirror has this cluster IP. */
  mirrorByClusterIp(ip: string): MirrorIp | undefined {
    return this.#mirrorsByClusterIp.get(ip);
  }

  workloadByPod(namespace: string, pod: string): WorkloadSpec | undefined {
    return this.#workloadsByPod.get(key(namespace, pod));
  }

  /** Workloads that list this service, ready or not, in file order. */
  selectedBy(namespace: string, name: string): readonly WorkloadSpec[] {
    return this.#selected.get(key(namespace, name)) ?? [];
  }
}

function key(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

const cache = new WeakMap<Topology, TopologyIndex>();

/** The index of a topology version (cached per object: topologies are frozen). */
export function indexOf(topology: Topology): TopologyIndex {
  let idx = cache.get(topology);
  if (!idx) {
    idx = new TopologyIndex(topology);
    cache.set(topology, idx);
  }
  return idx;
}
