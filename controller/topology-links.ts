// Parser for `links`: the clusters this controller is linked to and which of their services it
// exports in which mode (spec §8), and how to reach their controllers (TLS files, or plaintext
// with `insecure: true`). Only the shape is validated here: reachable addresses, known remote
// services and live state are the link machinery's business (controller/links.ts).
import { statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
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
  readBool,
  readFile,
  readIp,
  readList,
  readMap,
  readPort,
  readString,
  show,
  Problems,
  type ParseContext,
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

/**
 * `taken`: IP -> path of every address already in use (service cluster IPs, pod IPs, earlier
 * mirror cluster IPs); a mirror clusterIP must be new, since GetProfile answers each IP one way.
 */
function parseLinkServices(map: Readonly<Record<string, unknown>>, at: string, p: Problems, hasGateway: boolean, taken: Map<string, string>): LinkServiceSpec[] {
  const out: LinkServiceSpec[] = [];
  const listAt = field(at, 'services');
  const seen = new Map<string, string>();
  readList(map, 'services', at, p).forEach((raw, j) => {
    const sat = item(listAt, j);
    const sm = readMap(raw, sat, p, ['name', 'namespace', 'mode', 'clusterIP']);
    if (!sm) return;
    const name = readString(sm, 'name', sat, p, { required: true, check: checkDnsLabel });
    const namespace = readString(sm, 'namespace', sat, p, { required: true, check: checkDnsLabel });
    const mode = readString(sm, 'mode', sat, p, {
      required: true,
      check: (s) => (LINK_SERVICE_MODES.includes(s as LinkServiceMode) ? undefined : `${show(s)} is not one of ${LINK_SERVICE_MODES.join(', ')}`),
    }) as LinkServiceMode | undefined;
    const clusterIP = readIp(sm, 'clusterIP', sat, p, false);
    if (clusterIP !== undefined) {
      const other = taken.get(clusterIP);
      if (other !== undefined) p.add(field(sat, 'clusterIP'), `${clusterIP} is already used by ${other}`);
      else taken.set(clusterIP, sat);
    }
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
    out.push({ name, namespace, mode, ...(clusterIP !== undefined && { clusterIP }) });
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

/**
 * A link TLS file. With the parse context (the topology's directory) it is read like every other
 * file of the topology; without one, only absolute paths can be placed, and relative ones are
 * refused rather than guessed at.
 */
function readLinkFile(map: Readonly<Record<string, unknown>>, key: string, at: string, ctx: ParseContext | undefined, p: Problems): string | undefined {
  if (ctx) return readFile(map, key, at, ctx, false);
  const text = readString(map, key, at, p, { check: (s) => (path.isAbsolute(s) ? undefined : `${show(s)} must be an absolute path`) });
  if (text === undefined || !path.isAbsolute(text)) return undefined;
  try {
    if (!statSync(text).isFile()) p.add(field(at, key), `${text} is not a regular file`);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    p.add(field(at, key), code === 'ENOENT' ? `${text} does not exist` : `${text}: ${(err as Error).message}`);
  }
  return text;
}

/** `tls: {certFile, keyFile, trustAnchorsFile}`: each optional (the local topology supplies the rest). */
function parseLinkTls(value: unknown, at: string, p: Problems, ctx: ParseContext | undefined): LinkSpec['tls'] {
  if (value === undefined || value === null) return undefined;
  const tm = readMap(value, at, p, ['certFile', 'keyFile', 'trustAnchorsFile']);
  if (!tm) return undefined;
  const certFile = readLinkFile(tm, 'certFile', at, ctx, p);
  const keyFile = readLinkFile(tm, 'keyFile', at, ctx, p);
  const trustAnchorsFile = readLinkFile(tm, 'trustAnchorsFile', at, ctx, p);
  if ((tm['certFile'] === undefined) !== (tm['keyFile'] === undefined)) {
    p.add(at, 'certFile and keyFile go together (give both, or neither to use controller.identity)');
  }
  return {
    ...(certFile !== undefined && { certFile }),
    ...(keyFile !== undefined && { keyFile }),
    ...(trustAnchorsFile !== undefined && { trustAnchorsFile }),
  };
}

function parseLink(raw: unknown, at: string, p: Problems, ctx: ParseContext | undefined, taken: Map<string, string>): LinkSpec | undefined {
  const map = readMap(raw, at, p, ['cluster', 'controller', 'insecure', 'tls', 'trustDomain', 'domain', 'gateway', 'services']);
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
  // Plaintext to the remote controller only when asked for by name (tests, development): a link
  // otherwise uses TLS with the remote controller's identity checked (see controller/link-tls.ts).
  const insecure = readBool(map, 'insecure', at, p, false);
  const tls = parseLinkTls(map['tls'], field(at, 'tls'), p, ctx);
  if (insecure && tls) p.add(field(at, 'insecure'), 'true contradicts the link\'s `tls` section; keep one of them');
  const trustDomain = readString(map, 'trustDomain', at, p, { required: true, check: checkDnsName });
  const domain = readString(map, 'domain', at, p, { default: DEFAULT_CLUSTER_DOMAIN, check: checkDnsName });
  const gateway = parseGateway(map['gateway'], field(at, 'gateway'), p);
  const services = parseLinkServices(map, at, p, map['gateway'] !== undefined && map['gateway'] !== null, taken);
  if (cluster === undefined || controller === undefined || trustDomain === undefined || domain === undefined) return undefined;
  return {
    cluster, controller, trustDomain, domain, services,
    ...(gateway && { gateway }), ...(insecure && { insecure: true }), ...(tls && { tls }),
  };
}

/**
 * Parse `links`. Pass the ParseContext (rather than only its Problems) so relative `tls` file paths
 * resolve against the topology's directory, like every other file in the topology. `taken` holds
 * the addresses already in use (IP -> path: service cluster IPs and pod IPs) that mirror cluster
 * IPs must not repeat; the mirrors' own are added to it.
 */
export function parseLinks(value: unknown, localCluster: string, pc: Problems | ParseContext, taken = new Map<string, string>()): LinkSpec[] {
  const ctx = pc instanceof Problems ? undefined : pc;
  const p = pc instanceof Problems ? pc : pc.problems;
  const links: LinkSpec[] = [];
  const seen = new Map<string, string>();
  readList({ links: value }, 'links', '', p).forEach((raw, i) => {
    const at = item('links', i);
    const link = parseLink(raw, at, p, ctx, taken);
    if (!link) return;
    if (link.cluster === localCluster) p.add(field(at, 'cluster'), `${show(link.cluster)} is the local cluster's own name`);
    const other = seen.get(link.cluster);
    if (other !== undefined) p.add(field(at, 'cluster'), `cluster ${show(link.cluster)} is already linked at ${other}`);
    seen.set(link.cluster, at);
    links.push(link);
  });
  return links;
}
