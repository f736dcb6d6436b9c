// What a Destination request asks for, parsed the way linkerd-destination parses it
// (controller/api/destination/server.go, spec §1.4): `host[:port]` with port 80 by default, Go
// SplitHostPort rules (IPv6 in brackets), IP hosts told apart from names, and the context token
// (JSON {"ns","nodeName","pod"} or the legacy "ns:<namespace>").
//
// Service names are not checked here: which names exist is up to the resolvers, so the
// cluster-domain test lives in parseServiceHost, which every resolver of Kubernetes-style names
// (local, mirrors, clusterset.local) can share.
import net from 'node:net';
import { status } from '@grpc/grpc-js';
import { normalizeIp } from '../proxy/transport/addr.js';

export interface ContextToken {
  readonly ns?: string;
  readonly nodeName?: string;
  readonly pod?: string;
}

/** A Get request: a name and port. `host` is lower-cased; a trailing dot is kept (and matches nothing). */
export interface GetTarget {
  /** The request path verbatim (for logs, metrics and messages). */
  readonly path: string;
  readonly host: string;
  readonly port: number;
  readonly contextToken: ContextToken;
}

/** A GetProfile request: an IP (normalized) or a name, and a port. */
export type ProfileTarget =
  | { readonly kind: 'ip'; readonly ip: string; readonly port: number; readonly path: string; readonly contextToken: ContextToken }
  | { readonly kind: 'name'; readonly host: string; readonly port: number; readonly path: string; readonly contextToken: ContextToken };

/** A request the controller refuses outright; `code` is a grpc status. */
export class PathError extends Error {
  constructor(readonly code: status, message: string) {
    super(message);
    this.name = 'PathError';
  }
}

const DEFAULT_PORT = 80;

/** `host:port` / `[v6]:port` / `host` (port 80). Throws PathError(INVALID_ARGUMENT). */
export function splitHostPort(path: string): { host: string; port: number } {
  if (!path.includes(':')) {
    if (path === '') throw invalid(path, 'empty path');
    return { host: path, port: DEFAULT_PORT };
  }
  const m = /^\[([^\]]*)\]:([^:]*)$/.exec(path) ?? /^([^:[\]]*):([^:]*)$/.exec(path);
  if (!m) throw invalid(path, 'expected HOST:PORT (IPv6 in brackets)');
  const host = m[1]!;
  const portText = m[2]!;
  if (host === '') throw invalid(path, 'missing host');
  if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
    throw invalid(path, `invalid port ${JSON.stringify(portText)}`);
  }
  if (path.startsWith('[') && !net.isIPv6(host)) throw invalid(path, 'brackets are for IPv6 addresses');
  return { host, port: Number(portText) };
}

export function parseGetTarget(path: string, contextToken: string): GetTarget {
  const { host, port } = splitHostPort(path);
  if (net.isIP(host)) throw new PathError(status.INVALID_ARGUMENT, `IP queries not supported by Get API: host=${host}`);
  return { path, host: host.toLowerCase(), port, contextToken: parseContextToken(contextToken) };
}

export function parseProfileTarget(path: string, contextToken: string): ProfileTarget {
  const { host, port } = splitHostPort(path);
  const token = parseContextToken(contextToken);
  if (net.isIP(host)) return { kind: 'ip', ip: normalizeIp(host), port, path, contextToken: token };
  return { kind: 'name', host: host.toLowerCase(), port, path, contextToken: token };
}

/** Linkerd's parseContextToken: JSON, else "ns:<ns>", else nothing (never an error). */
export function parseContextToken(token: string): ContextToken {
  if (token.trim() === '') return {};
  try {
    const v: unknown = JSON.parse(token);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return {};
    const o = v as Record<string, unknown>;
    const pick = (k: string): Record<string, string> => (typeof o[k] === 'string' && o[k] !== '' ? { [k]: o[k] as string } : {});
    return { ...pick('ns'), ...pick('nodeName'), ...pick('pod') };
  } catch {
    const parts = token.split(':');
    return parts.length === 2 && parts[0] === 'ns' && parts[1] !== '' ? { ns: parts[1]! } : {};
  }
}

export interface ServiceName {
  readonly service: string;
  readonly namespace: string;
  /** `<instance>.<svc>.<ns>.svc.<domain>`: a single pod of the service (StatefulSet-style). */
  readonly instance?: string;
}

/**
 * `<svc>.<ns>.svc.<domain>` or `<instance>.<svc>.<ns>.svc.<domain>` (Linkerd's parseK8sServiceName);
 * undefined for anything else, including a trailing dot (the suffix no longer matches).
 */
export function parseServiceHost(host: string, domain: string): ServiceName | undefined {
  const labels = host.split('.');
  const suffix = ['svc', ...domain.split('.')];
  if (labels.length < suffix.length + 2 || labels.some((l) => l === '')) return undefined;
  const tail = labels.slice(labels.length - suffix.length);
  if (!tail.every((l, i) => l === suffix[i])) return undefined;
  const head = labels.slice(0, labels.length - suffix.length);
  if (head.length === 2) return { service: head[0]!, namespace: head[1]! };
  if (head.length === 3) return { instance: head[0]!, service: head[1]!, namespace: head[2]! };
  return undefined;
}

function invalid(path: string, why: string): PathError {
  return new PathError(status.INVALID_ARGUMENT, `Invalid authority: ${JSON.stringify(path)}: ${why}`);
}
