// Parsers for the small top-level sections of a topology file: `cluster`, `controller` and
// `identity`. Defaults follow Linkerd's Helm chart (cluster.local, namespace linkerd, 24h
// certificates, 20s clock skew) and podwire's controller port 8086 (Linkerd's destination port).
import { parseListenAddr } from '../proxy/config/parse.js';
import type { ClusterSettings, ControllerSettings, IdentitySettings } from './topology-types.js';
import {
  checkDnsLabel,
  checkDnsName,
  field,
  readDuration,
  readFile,
  readMap,
  readString,
  type ParseContext,
  type Problems,
} from './topology-fields.js';

export const DEFAULT_TRUST_DOMAIN = 'cluster.local';
export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';
export const DEFAULT_CONTROL_PLANE_NAMESPACE = 'linkerd';
export const DEFAULT_CONTROLLER_LISTEN = '127.0.0.1:8086';
export const DEFAULT_ISSUANCE_LIFETIME = '24h';
export const DEFAULT_CLOCK_SKEW = '20s';

export function parseCluster(value: unknown, p: Problems): ClusterSettings {
  const at = 'cluster';
  const fallback: ClusterSettings = {
    name: '',
    trustDomain: DEFAULT_TRUST_DOMAIN,
    domain: DEFAULT_CLUSTER_DOMAIN,
    controlPlaneNamespace: DEFAULT_CONTROL_PLANE_NAMESPACE,
  };
  if (value === undefined || value === null) {
    p.add(at, 'is required (at least `cluster: {name: <cluster name>}`)');
    return fallback;
  }
  const map = readMap(value, at, p, ['name', 'trustDomain', 'domain', 'controlPlaneNamespace']);
  if (!map) return fallback;
  return {
    name: readString(map, 'name', at, p, { required: true, check: checkDnsLabel }) ?? '',
    trustDomain: readString(map, 'trustDomain', at, p, { default: DEFAULT_TRUST_DOMAIN, check: checkDnsName }) ?? DEFAULT_TRUST_DOMAIN,
    domain: readString(map, 'domain', at, p, { default: DEFAULT_CLUSTER_DOMAIN, check: checkDnsName }) ?? DEFAULT_CLUSTER_DOMAIN,
    controlPlaneNamespace:
      readString(map, 'controlPlaneNamespace', at, p, { default: DEFAULT_CONTROL_PLANE_NAMESPACE, check: checkDnsLabel }) ??
      DEFAULT_CONTROL_PLANE_NAMESPACE,
  };
}

export function parseController(value: unknown, ctx: ParseContext): ControllerSettings {
  const at = 'controller';
  const p = ctx.problems;
  const map = value === undefined || value === null ? {} : readMap(value, at, p, ['listen', 'identity']);
  const listenText = map ? readString(map, 'listen', at, p, { default: DEFAULT_CONTROLLER_LISTEN }) : undefined;
  let listen = parseListenAddr(DEFAULT_CONTROLLER_LISTEN);
  if (listenText !== undefined) {
    try {
      listen = parseListenAddr(listenText);
    } catch (err) {
      p.add(field(at, 'listen'), (err as Error).message);
    }
  }
  const idValue = map?.['identity'];
  if (idValue === undefined || idValue === null) return { listen };
  const idAt = field(at, 'identity');
  const id = readMap(idValue, idAt, p, ['certFile', 'keyFile']);
  if (!id) return { listen };
  const certFile = readFile(id, 'certFile', idAt, ctx, true);
  const keyFile = readFile(id, 'keyFile', idAt, ctx, true);
  if (certFile === undefined || keyFile === undefined) return { listen };
  return { listen, identity: { certFile, keyFile } };
}

export function parseIdentitySettings(value: unknown, ctx: ParseContext): IdentitySettings | undefined {
  if (value === undefined || value === null) return undefined;
  const at = 'identity';
  const p = ctx.problems;
  const map = readMap(value, at, p, [
    'trustAnchorsFile', 'issuerCertFile', 'issuerKeyFile', 'issuanceLifetime', 'clockSkew', 'tokensFile',
  ]);
  if (!map) return undefined;
  const trustAnchorsFile = readFile(map, 'trustAnchorsFile', at, ctx, true);
  const issuerCertFile = readFile(map, 'issuerCertFile', at, ctx, true);
  const issuerKeyFile = readFile(map, 'issuerKeyFile', at, ctx, true);
  const tokensFile = readFile(map, 'tokensFile', at, ctx, true);
  const issuanceLifetimeMs = readDuration(map, 'issuanceLifetime', at, p, DEFAULT_ISSUANCE_LIFETIME, true);
  const clockSkewMs = readDuration(map, 'clockSkew', at, p, DEFAULT_CLOCK_SKEW, false);
  if (
    trustAnchorsFile === undefined || issuerCertFile === undefined || issuerKeyFile === undefined ||
    tokensFile === undefined || issuanceLifetimeMs === undefined || clockSkewMs === undefined
  ) {
    return undefined;
  }
  return { trustAnchorsFile, issuerCertFile, issuerKeyFile, issuanceLifetimeMs, clockSkewMs, tokensFile };
}

/** The top-level keys a topology may have, for the unknown-key check. */
export const TOP_LEVEL_KEYS = ['cluster', 'controller', 'identity', 'services', 'workloads', 'links', 'policy'] as const;
