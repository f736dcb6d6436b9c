// Parser for `links`: the clusters this controller is linked to and which of their services it
// exports in which mode (spec §8). Only the shape is validated here: reachable addresses, known
// remote services and live state are the link machinery's business.
import net from 'node:net';
import { isDnsName } from '../proxy/transport/addr.js';
import { isUnspecifiedIp } from '../discovery-client/ip.js';
import { parseControlAddr } from '../proxy/config/parse.js';
import { parseIdentity } from '../proxy/identity/id.js';
import type { LinkServiceMode, LinkServiceSpec, LinkSpec } from './topology-types.js';
import { DEFAULT_CLUSTER_DOMAIN } from './topology-sections.js';
import { DEFAULT_INBOUND_PORT } from './topology-entities.js';
import {
  checkDnsLabel,
  checkDnsName,
  field,
  item,
  readList,
  readMap,
  readPort,
  readString,
  show,
  type Problems,
} from './topology-fields.js';

export const LINK_SERVICE_MODES: readonly LinkServiceMode[] = ['remote-discovery', 'gateway', 'federated'];

function checkIdentity(s: string): string | undefined {
  try {
    parseIdentity(s);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

function checkControlAddr(s: string): string | undefined {
  try {
    parseControlAddr(s);
    return undefined;
  } catch (err) {
    return `${show(s)}: ${(err as Error).message}`;
  }
}

/** The gateway address: an IP (not the unspecified one) or a DNS name, as Linkerd's gatewayAddress. */
function checkHost(s: string): string | undefined {
  if (net.isIP(s)) return isUnspecifiedIp(s) ? `${show(s)} is the unspecified address, which cannot be dialled` : undefined;
  return isDnsName(s) ? undefined : `${show(s)} is neither an IP address nor a DNS name`;
}

function parseLinkServices(map: Readonly<Record<string, unknown>>, at: string, p: Problems, hasGateway: boolean): LinkServiceSpec[] {
  const out: LinkServiceSpec[] = [];
  const listAt = field(at, 'services');
  const seen = new Map<string, string>();
  readList(map, 'services', at, p).forEach((raw, j) => {
    const sat = item(listAt, j);
    const sm = readMap(raw, sat, p, ['name', 'namespace', 'mode']);
    if (!sm) return;
    const name = readString(sm, 'name', sat, p, { required: true, check: checkDnsLabel });
    const namespace = readString(sm, 'namespace', sat, p, { required: true, check: checkDnsLabel });
    const mode = readString(sm, 'mode', sat, p, {
      required: true,
      check: (s) => (LINK_SERVICE_MODES.includes(s as LinkServiceMode) ? undefined : `${show(s)} is not one of ${LINK_SERVICE_MODES.join(', ')}`),
    }) as LinkServiceMode | undefined;
    if (mode === 'gateway' && !hasGateway) {
      p.add(field(sat, 'mode'), `"gateway" needs ${field(at, 'gateway')} ({addr, port, identity})`);
    }
    if (name === undefined || namespace === undefined || mode === undefined) return;
    // The same service may be both exported (flat or gateway) and a federated member, as with
    // Linkerd's separate export and federated labels; listing one mode twice is a mistake.
    const key = `${namespace}/${name}/${mode}`;
    const other = seen.get(key);
    if (other !== undefined) p.add(sat, `service ${show(name)} in namespace ${show(namespace)} is already exported as ${mode} at ${other}`);
    seen.set(key, sat);
    if (mode !== 'federated') {
      const mirror = `${namespace}/${name}/mirror`;
      const prior = seen.get(mirror);
      if (prior !== undefined && other === undefined) {
        p.add(field(sat, 'mode'), `service ${show(name)} is also exported at ${prior}; its mirror <svc>-<cluster> can be remote-discovery or gateway, not both`);
      }
      seen.set(mirror, sat);
    }
    out.push({ name, namespace, mode });
  });
  return out;
}

function parseGateway(value: unknown, at: string, p: Problems): LinkSpec['gateway'] {
  if (value === undefined || value === null) return undefined;
  const gm = readMap(value, at, p, ['addr', 'port', 'identity']);
  if (!gm) return undefined;
  const addr = readString(gm, 'addr', at, p, { required: true, check: checkHost });
  const port = readPort(gm, 'port', at, p, { default: DEFAULT_INBOUND_PORT });
  const identity = readString(gm, 'identity', at, p, { required: true, check: checkIdentity });
  if (addr === undefined || port === undefined || identity === undefined) return undefined;
  return { addr, port, identity };
}

function parseLink(raw: unknown, at: string, p: Problems): LinkSpec | undefined {
  const map = readMap(raw, at, p, ['cluster', 'controller', 'trustDomain', 'domain', 'gateway', 'services']);
  if (!map) return undefined;
  const cluster = readString(map, 'cluster', at, p, { required: true, check: checkDnsLabel });
  const cat = field(at, 'controller');
  let controller: LinkSpec['controller'] | undefined;
  if (map['controller'] === undefined || map['controller'] === null) {
    p.add(cat, 'is required (`{addr: <host:port>, identity: <remote controller identity>}`)');
  } else {
    const cm = readMap(map['controller'], cat, p, ['addr', 'identity']);
    const addr = cm && readString(cm, 'addr', cat, p, { required: true, check: checkControlAddr });
    const identity = cm && readString(cm, 'identity', cat, p, { required: true, check: checkIdentity });
    if (addr !== undefined && identity !== undefined) controller = { addr, identity };
  }
  const trustDomain = readString(map, 'trustDomain', at, p, { required: true, check: checkDnsName });
  const domain = readString(map, 'domain', at, p, { default: DEFAULT_CLUSTER_DOMAIN, check: checkDnsName });
  const gateway = parseGateway(map['gateway'], field(at, 'gateway'), p);
  const services = parseLinkServices(map, at, p, map['gateway'] !== undefined && map['gateway'] !== null);
  if (cluster === undefined || controller === undefined || trustDomain === undefined || domain === undefined) return undefined;
  return { cluster, controller, trustDomain, domain, services, ...(gateway && { gateway }) };
}

export function parseLinks(value: unknown, localCluster: string, p: Problems): LinkSpec[] {
  const links: LinkSpec[] = [];
  const seen = new Map<string, string>();
  readList({ links: value }, 'links', '', p).forEach((raw, i) => {
    const at = item('links', i);
    const link = parseLink(raw, at, p);
    if (!link) return;
    if (link.cluster === localCluster) p.add(field(at, 'cluster'), `${show(link.cluster)} is the local cluster's own name`);
    const other = seen.get(link.cluster);
    if (other !== undefined) p.add(field(at, 'cluster'), `cluster ${show(link.cluster)} is already linked at ${other}`);
    seen.set(link.cluster, at);
    links.push(link);
  });
  return links;
}
