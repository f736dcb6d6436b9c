// PODWIRE_POLICY_FILE: per-port inbound policy written by hand (README "Inbound policy").
//
//   ports:
//     - port: 8080                  # or "8000-8010"
//       name: web                   # optional: srv_name in metrics (default port-8080)
//       protocol: opaque            # optional: detect | opaque | tls (default from the env)
//       networks: [10.0.0.0/8, {net: 0.0.0.0/0, except: [127.0.0.0/8]}]   # default: all
//       authentication:             # unauthenticated | any-mesh-identity | this mapping
//         identities: [web.default.serviceaccount.identity.linkerd.cluster.local, spiffe://td/ns/x/sa/y]
//         identitySuffixes: ["*.prod.serviceaccount.identity.linkerd.cluster.local"]
//     - port: 9090
//       authorizations:             # several authorizations instead of networks/authentication
//         - { name: scrape, networks: [10.0.0.0/8], authentication: unauthenticated }
//         - { name: mesh, authentication: any-mesh-identity }
//
// Parsing is pure: every problem is collected with its path (`ports[1].authentication.identities[0]`)
// so one edit reports everything wrong with it. Unknown keys are errors (a typo must not widen access).
import { createRequire } from 'node:module';
import { parseNetwork, type Network } from '../config/parse.js';
import { parseIdentity } from '../identity/id.js';
import { isDnsName } from '../transport/addr.js';
import { ALL_NETWORKS } from './networks.js';
import type { Authentication, Authz, ClientNetwork, PolicyMeta, ProxyProtocol } from './types.js';

export const FILE_GROUP = 'policy.podwire.io';

export interface PortRule {
  readonly ports: readonly [number, number];
  /** Absent: decided by LINKERD2_PROXY_INBOUND_PORTS_DISABLE_PROTOCOL_DETECTION (store.ts). */
  readonly protocol?: ProxyProtocol;
  readonly meta: PolicyMeta;
  readonly authorizations: readonly Authz[];
  readonly audit: boolean;
}

export interface PolicyFile {
  readonly rules: readonly PortRule[];
}

export class PolicyFileError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid policy file (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'PolicyFileError';
  }
}

type Obj = Record<string, unknown>;

/** Collects problems by path while walking the document. */
class Walker {
  readonly problems: string[] = [];
  problem(path: string, why: string): undefined {
    this.problems.push(`${path}: ${why}`);
    return undefined;
  }
  object(v: unknown, path: string, allowed: readonly string[]): Obj | undefined {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return this.problem(path, 'expected a mapping');
    for (const k of Object.keys(v)) if (!allowed.includes(k)) this.problem(`${path}.${k}`, `unknown key (expected ${allowed.join(', ')})`);
    return v as Obj;
  }
  list(v: unknown, path: string): unknown[] | undefined {
    if (!Array.isArray(v)) return this.problem(path, 'expected a list');
    return v;
  }
  string(v: unknown, path: string): string | undefined {
    if (typeof v !== 'string' || v.trim() === '') return this.problem(path, 'expected a non-empty string');
    return v.trim();
  }
}

type YamlLib = typeof import('yaml');
let yamlLib: YamlLib | undefined;

/**
 * The yaml package, loaded on first use: most sidecars have no policy file, and evaluating the
 * library at startup grew the idle proxy's heap past a V8 growth step (68.8 → 61.8 MB RSS with it
 * deferred, bench/idle-rss.ts). A runtime require (not an import) also keeps it out of the
 * sidecar's bundle (scripts/bundle-proxy.mjs), which would otherwise evaluate it at startup.
 */
function yaml(): YamlLib {
  return (yamlLib ??= createRequire(import.meta.url)('yaml') as YamlLib);
}

/** Parse the file's text; throws PolicyFileError listing every problem. An empty file has no rules. */
export function parsePolicyFile(text: string): PolicyFile {
  const { parse: parseYaml, YAMLParseError } = yaml();
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    const where = err instanceof YAMLParseError && err.linePos ? ` at line ${err.linePos[0].line}` : '';
    throw new PolicyFileError([`YAML${where}: ${(err as Error).message.split('\n')[0]}`]);
  }
  if (doc === null || doc === undefined) return { rules: [] };
  const w = new Walker();
  const top = w.object(doc, '(top)', ['ports']);
  const entries = top && top.ports !== undefined ? w.list(top.ports, 'ports') : [];
  const indexed: Array<{ rule: PortRule; path: string }> = [];
  (entries ?? []).forEach((e, i) => {
    const rule = portRule(w, e, `ports[${i}]`);
    if (rule) indexed.push({ rule, path: `ports[${i}].port` });
  });
  checkOverlaps(w, indexed);
  if (w.problems.length > 0) throw new PolicyFileError(w.problems);
  return { rules: indexed.map((r) => r.rule) };
}

const PORT_KEYS = ['port', 'name', 'protocol', 'audit', 'networks', 'authentication', 'authorizations'] as const;
const PROTOCOLS: readonly ProxyProtocol[] = ['detect', 'opaque', 'tls'];

function portRule(w: Walker, v: unknown, path: string): PortRule | undefined {
  const o = w.object(v, path, PORT_KEYS);
  if (!o) return undefined;
  const ports = portRange(w, o.port, `${path}.port`);
  const defaultName = ports ? (ports[0] === ports[1] ? `port-${ports[0]}` : `ports-${ports[0]}-${ports[1]}`) : '';
  const name = o.name === undefined ? defaultName : w.string(o.name, `${path}.name`);
  let protocol: ProxyProtocol | undefined;
  if (o.protocol !== undefined) {
    protocol = PROTOCOLS.find((p) => p === o.protocol);
    if (!protocol) w.problem(`${path}.protocol`, `expected one of ${PROTOCOLS.join(', ')}`);
  }
  if (o.audit !== undefined && typeof o.audit !== 'boolean') w.problem(`${path}.audit`, 'expected true or false');
  const authorizations = authzList(w, o, path, name ?? defaultName);
  if (!ports || name === undefined || !authorizations) return undefined;
  return {
    ports, meta: { group: FILE_GROUP, kind: 'server', name }, authorizations, audit: o.audit === true,
    ...(protocol && { protocol }),
  };
}

function authzList(w: Walker, o: Obj, path: string, server: string): Authz[] | undefined {
  if (o.authorizations !== undefined) {
    if (o.networks !== undefined || o.authentication !== undefined) {
      return w.problem(path, 'use either authorizations or networks/authentication, not both');
    }
    const list = w.list(o.authorizations, `${path}.authorizations`);
    if (!list) return undefined;
    const out = list.map((a, i) => {
      const p = `${path}.authorizations[${i}]`;
      const ao = w.object(a, p, ['name', 'networks', 'authentication']);
      if (!ao) return undefined;
      const name = ao.name === undefined ? `${server}-${i}` : w.string(ao.name, `${p}.name`);
      return name === undefined ? undefined : authz(w, ao, p, name);
    });
    return out.every((a) => a !== undefined) ? (out as Authz[]) : undefined;
  }
  if (o.authentication === undefined) {
    return w.problem(`${path}.authentication`, 'required: unauthenticated, any-mesh-identity, or {identities, identitySuffixes} (or give authorizations)');
  }
  const one = authz(w, o, path, server);
  return one && [one];
}

function authz(w: Walker, o: Obj, path: string, name: string): Authz | undefined {
  const networks = o.networks === undefined ? ALL_NETWORKS : networkList(w, o.networks, `${path}.networks`);
  const authentication = authn(w, o.authentication, `${path}.authentication`);
  if (!networks || !authentication) return undefined;
  return { networks, authentication, meta: { group: FILE_GROUP, kind: 'authorization', name } };
}

function portRange(w: Walker, v: unknown, path: string): [number, number] | undefined {
  const text = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : undefined;
  const m = text === undefined ? null : /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) return w.problem(path, 'expected a port (8080) or a range ("8000-8010")');
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : Number(m[2]);
  if (lo < 1 || hi > 65535 || lo > hi) return w.problem(path, `${text} is outside 1..65535 or an empty range`);
  return [lo, hi];
}

function networkList(w: Walker, v: unknown, path: string): ClientNetwork[] | undefined {
  const list = w.list(v, path);
  if (!list) return undefined;
  if (list.length === 0) return w.problem(path, 'an empty list admits nobody; omit networks for all, or remove the port');
  const out = list.map((n, i): ClientNetwork | undefined => {
    const p = `${path}[${i}]`;
    if (typeof n === 'string') {
      const net = cidr(w, n, p);
      return net && { net, except: [] };
    }
    const o = w.object(n, p, ['net', 'except']);
    if (!o) return undefined;
    const net = cidr(w, o.net, `${p}.net`);
    const exceptList = o.except === undefined ? [] : w.list(o.except, `${p}.except`);
    const except = exceptList?.map((e, j) => cidr(w, e, `${p}.except[${j}]`));
    if (!net || !except || except.some((e) => e === undefined)) return undefined;
    return { net, except: except as Network[] };
  });
  return out.every((n) => n !== undefined) ? (out as ClientNetwork[]) : undefined;
}

function cidr(w: Walker, v: unknown, path: string): Network | undefined {
  if (typeof v !== 'string') return w.problem(path, 'expected a CIDR string such as 10.0.0.0/8');
  try {
    return parseNetwork(v);
  } catch (err) {
    return w.problem(path, (err as Error).message);
  }
}

function authn(w: Walker, v: unknown, path: string): Authentication | undefined {
  if (v === 'unauthenticated') return { kind: 'unauthenticated' };
  if (v === 'any-mesh-identity') return { kind: 'tls-unauthenticated' };
  if (typeof v === 'string' || v === null || v === undefined) {
    return w.problem(path, 'expected unauthenticated, any-mesh-identity, or a mapping with identities / identitySuffixes');
  }
  const o = w.object(v, path, ['identities', 'identitySuffixes']);
  if (!o) return undefined;
  const ids = o.identities === undefined ? [] : w.list(o.identities, `${path}.identities`);
  const sfx = o.identitySuffixes === undefined ? [] : w.list(o.identitySuffixes, `${path}.identitySuffixes`);
  if (!ids || !sfx) return undefined;
  if (ids.length === 0 && sfx.length === 0) return w.problem(path, 'lists no identities or identitySuffixes (nobody would be admitted)');
  const identities = ids.map((id, i) => exactIdentity(w, id, `${path}.identities[${i}]`));
  const suffixes = sfx.map((s, i) => identitySuffix(w, s, `${path}.identitySuffixes[${i}]`));
  if (identities.some((x) => x === undefined) || suffixes.some((x) => x === undefined)) return undefined;
  return { kind: 'identities', identities: identities as string[], suffixes: suffixes as string[][] };
}

function exactIdentity(w: Walker, v: unknown, path: string): string | undefined {
  if (typeof v !== 'string') return w.problem(path, 'expected an identity string');
  if (v.startsWith('*')) return w.problem(path, `${JSON.stringify(v)} is a suffix; list it under identitySuffixes`);
  try {
    return parseIdentity(v.trim()).id;
  } catch (err) {
    return w.problem(path, (err as Error).message);
  }
}

/** `*` is every identity (Linkerd's empty suffix); `*.a.b` is DNS ids ending in the labels a.b. */
function identitySuffix(w: Walker, v: unknown, path: string): string[] | undefined {
  if (v === '*') return [];
  if (typeof v !== 'string' || !v.startsWith('*.')) {
    return w.problem(path, 'expected "*" or "*.<dns suffix>" such as "*.default.serviceaccount.identity.linkerd.cluster.local"');
  }
  const rest = v.slice(2).toLowerCase().replace(/\.$/, '');
  if (!isDnsName(rest)) return w.problem(path, `${JSON.stringify(rest)} is not a DNS suffix`);
  return rest.split('.');
}

function checkOverlaps(w: Walker, rules: ReadonlyArray<{ rule: PortRule; path: string }>): void {
  for (let i = 0; i < rules.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = rules[i]!;
      const b = rules[j]!;
      if (a.rule.ports[0] <= b.rule.ports[1] && b.rule.ports[0] <= a.rule.ports[1]) {
        w.problem(a.path, `overlaps ${b.path}: a port may have only one policy`);
      }
    }
  }
}
