// Parsers for the `services` and `workloads` lists, and the checks that span entries: duplicate
// services, ports and pods, IPs used twice (pod IPs and cluster IPs share one address space here,
// because GetProfile answers both), and workloads naming services that do not exist.
import type { ServicePort, ServiceSpec, WorkloadSpec } from './topology-types.js';
import {
  checkDnsLabel,
  field,
  item,
  readBool,
  readIp,
  readLabels,
  readList,
  readMap,
  readPort,
  readString,
  show,
  type Problems,
} from './topology-fields.js';

/** Linkerd's proxy inbound port (spec §4.5). */
export const DEFAULT_INBOUND_PORT = 4143;
export const DEFAULT_SERVICE_ACCOUNT = 'default';

/** Per-address labels the controller sets itself; a workload's `labels` may not override them. */
export const RESERVED_LABELS = [
  'pod', 'namespace', 'serviceaccount', 'zone', 'zone_locality', 'control_plane_ns', 'service',
] as const;

function parsePorts(map: Readonly<Record<string, unknown>>, at: string, p: Problems): ServicePort[] {
  const raw = readList(map, 'ports', at, p, true);
  const listAt = field(at, 'ports');
  if (map['ports'] !== undefined && Array.isArray(map['ports']) && raw.length === 0) {
    p.add(listAt, 'must list at least one port');
  }
  const ports: ServicePort[] = [];
  const seen = new Map<number, string>();
  raw.forEach((value, i) => {
    const pat = item(listAt, i);
    const pm = readMap(value, pat, p, ['port', 'targetPort', 'opaque']);
    if (!pm) return;
    const port = readPort(pm, 'port', pat, p, { required: true });
    const targetPort = readPort(pm, 'targetPort', pat, p);
    const opaque = readBool(pm, 'opaque', pat, p, false);
    if (port === undefined) return;
    const first = seen.get(port);
    if (first !== undefined) p.add(field(pat, 'port'), `${port} is already listed at ${first}`);
    seen.set(port, pat);
    ports.push({ port, targetPort: targetPort ?? port, opaque });
  });
  return ports;
}

export interface ParsedServices {
  readonly services: ServiceSpec[];
  /** Cluster IP -> path of the service that has it, for the pod-IP collision check. */
  readonly clusterIps: ReadonlyMap<string, string>;
}

export function parseServices(value: unknown, p: Problems): ParsedServices {
  const services: ServiceSpec[] = [];
  const byKey = new Map<string, string>();
  const byIp = new Map<string, string>();
  readList({ services: value }, 'services', '', p).forEach((raw, i) => {
    const at = item('services', i);
    const map = readMap(raw, at, p, ['name', 'namespace', 'clusterIP', 'ports']);
    if (!map) return;
    const name = readString(map, 'name', at, p, { required: true, check: checkDnsLabel });
    const namespace = readString(map, 'namespace', at, p, { required: true, check: checkDnsLabel });
    const clusterIP = readIp(map, 'clusterIP', at, p, false);
    const ports = parsePorts(map, at, p);
    if (name === undefined || namespace === undefined) return;
    const key = `${namespace}/${name}`;
    const first = byKey.get(key);
    if (first !== undefined) p.add(at, `service ${show(name)} in namespace ${show(namespace)} is already defined at ${first}`);
    byKey.set(key, at);
    if (clusterIP !== undefined) {
      const other = byIp.get(clusterIP);
      if (other !== undefined) p.add(field(at, 'clusterIP'), `${clusterIP} is already the clusterIP of ${other}`);
      else byIp.set(clusterIP, at);
    }
    services.push({ name, namespace, ports, ...(clusterIP !== undefined && { clusterIP }) });
  });
  return { services, clusterIps: byIp };
}

function parseServiceRefs(map: Readonly<Record<string, unknown>>, at: string, p: Problems, namespace: string | undefined, known: ReadonlySet<string>): string[] {
  const refs: string[] = [];
  const listAt = field(at, 'services');
  readList(map, 'services', at, p).forEach((v, j) => {
    const rat = item(listAt, j);
    if (typeof v !== 'string') return p.add(rat, `expected a service name, got ${show(v)}`);
    if (refs.includes(v)) return p.add(rat, `${show(v)} is listed twice`);
    if (namespace !== undefined && !known.has(`${namespace}/${v}`)) {
      return p.add(rat, `no service ${show(v)} in namespace ${show(namespace)} (workloads can only be selected by services of their own namespace)`);
    }
    refs.push(v);
  });
  return refs;
}

/**
 * `taken` (optional) collects every pod IP with its path, on top of what it already holds, so
 * later sections with addresses of their own (links[].services[].clusterIP) can refuse collisions.
 */
export function parseWorkloads(value: unknown, parsed: ParsedServices, p: Problems, taken?: Map<string, string>): WorkloadSpec[] {
  const known = new Set(parsed.services.map((s) => `${s.namespace}/${s.name}`));
  const clusterIps = parsed.clusterIps;
  const byIp = new Map<string, string>();
  const byPod = new Map<string, string>();
  const workloads: WorkloadSpec[] = [];
  readList({ workloads: value }, 'workloads', '', p).forEach((raw, i) => {
    const at = item('workloads', i);
    const map = readMap(raw, at, p, [
      'pod', 'namespace', 'serviceAccount', 'ip', 'labels', 'zone', 'inboundPort', 'services', 'ready',
    ]);
    if (!map) return;
    const pod = readString(map, 'pod', at, p, { required: true, check: checkDnsLabel });
    const namespace = readString(map, 'namespace', at, p, { required: true, check: checkDnsLabel });
    const serviceAccount = readString(map, 'serviceAccount', at, p, { default: DEFAULT_SERVICE_ACCOUNT, check: checkDnsLabel });
    const ip = readIp(map, 'ip', at, p, true);
    const labels = readLabels(map, 'labels', at, p, RESERVED_LABELS);
    const zone = readString(map, 'zone', at, p, { default: '' });
    // linkerd2-proxy ignores inbound_port 65535 (spec §1.6), so refuse it here rather than serve it.
    const inboundPort = readPort(map, 'inboundPort', at, p, { default: DEFAULT_INBOUND_PORT, max: 65534, why: 'proxies ignore 65535' });
    const refs = parseServiceRefs(map, at, p, namespace, known);
    const ready = readBool(map, 'ready', at, p, true);
    if (ip !== undefined) {
      const other = byIp.get(ip) ?? clusterIps.get(ip);
      if (other !== undefined) p.add(field(at, 'ip'), `${ip} is already used by ${other}`);
      else {
        byIp.set(ip, at);
        taken?.set(ip, at);
      }
    }
    if (pod !== undefined && namespace !== undefined) {
      const other = byPod.get(`${namespace}/${pod}`);
      if (other !== undefined) p.add(field(at, 'pod'), `pod ${show(pod)} in namespace ${show(namespace)} is already defined at ${other}`);
      else byPod.set(`${namespace}/${pod}`, at);
    }
    if (pod === undefined || namespace === undefined || serviceAccount === undefined || ip === undefined) return;
    if (zone === undefined || inboundPort === undefined) return;
    workloads.push({ pod, namespace, serviceAccount, ip, labels, zone, inboundPort, services: refs, ready });
  });
  return workloads;
}
