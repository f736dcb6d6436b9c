// The seam between the Destination Get stream and wherever endpoints come from.
//
// A Resolver turns a Get target (`<host>:<port>`) into an EndpointView: a live endpoint set with a
// snapshot, fixed set-level labels and 'change' events carrying diffs. The Get stream code only
// sees views, so the local topology, a linked cluster's mirror, a federated union or a
// clusterset name are all just resolvers in a chain (see destination-server.ts):
//
//   resolvers: [local, mirrors(links), federated(links), clusterset(links)]
//
// Each resolve() call returns a view owned by the caller (one per stream); the caller close()s it
// when the stream ends. EndpointSet is the building block for views: feed it whole snapshots
// (replace) or increments (upsert/remove) and it emits exactly the diffs, keyed by address, with a
// changed endpoint re-sent as an add (spec §1.5: clients rebuild an endpoint on a changed add).
import { EventEmitter } from 'node:events';
import net from 'node:net';
import type { WeightedAddrSpec } from '../discovery-client/encode.js';
import { addrKey, normalizeIp, type SocketAddr } from '../proxy/transport/addr.js';
import type { GetTarget } from './destination-path.js';

export type Labels = Readonly<Record<string, string>>;

/** One change of an endpoint set: new or changed endpoints, and addresses that went away. */
export interface EndpointChange {
  readonly added: readonly WeightedAddrSpec[];
  readonly removed: readonly SocketAddr[];
}

/** A live endpoint set for one Get stream. */
export interface EndpointView {
  /** Set-level metric labels sent with every add (e.g. {service, namespace}); fixed for the view. */
  readonly setLabels: Labels;
  /**
   * True when an empty snapshot is a fact (the service exists and has no endpoints: the local
   * topology), so the stream opens with no_endpoints{exists: true}. A view fed by a linked cluster
   * that may not have answered yet leaves it unset: empty there means "nothing known yet", and the
   * stream stays silent until the first endpoint arrives.
   */
  readonly authoritative?: boolean;
  /** The endpoints now, in a stable order. */
  snapshot(): readonly WeightedAddrSpec[];
  /** 'change' after the snapshot moved; 'end' when the source wants the stream closed (with OK). */
  on(event: 'change', listener: (change: EndpointChange) => void): unknown;
  on(event: 'end', listener: (reason: string) => void): unknown;
  /** Release the view: no more events; sources may drop per-view state. Idempotent. */
  close(): void;
}

/**
 * - a view: this resolver serves the name;
 * - 'not_found': the name is in this resolver's domain but unknown (NotFound unless a later
 *   resolver serves it);
 * - 'pass': not this resolver's kind of name (if nobody claims it: InvalidArgument, as Linkerd
 *   answers names outside its cluster domain).
 */
export type ResolveResult = EndpointView | 'not_found' | 'pass';

export interface Resolver {
  /** For logs. */
  readonly name: string;
  /**
   * May be async (e.g. a remote lookup). Throw ResolveError to answer with that status; any other
   * exception is logged and the next resolver is asked (UNAVAILABLE if nobody else serves the name).
   */
  resolve(target: GetTarget): ResolveResult | Promise<ResolveResult>;
}

/** Thrown by a resolver to fail a request with a given gRPC status code (grpc.status values). */
export class ResolveError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
    this.name = 'ResolveError';
  }
}

interface Entry {
  readonly spec: WeightedAddrSpec;
  /** Canonical text of the spec: equal signatures = nothing to send. */
  readonly sig: string;
}

/** A diffing endpoint set; implements EndpointView. */
export class EndpointSet extends EventEmitter implements EndpointView {
  readonly #entries = new Map<string, Entry>();
  #closed = false;

  constructor(
    readonly setLabels: Labels = {},
    initial: readonly WeightedAddrSpec[] = [],
    readonly authoritative = false,
  ) {
    super();
    for (const spec of initial.map(canonical)) this.#entries.set(keyOf(spec), { spec, sig: signature(spec) });
  }

  get size(): number {
    return this.#entries.size;
  }

  get closed(): boolean {
    return this.#closed;
  }

  snapshot(): WeightedAddrSpec[] {
    return [...this.#entries.values()].map((e) => e.spec);
  }

  /** Make the set exactly `specs` (later duplicates of an address win); emits the diff. */
  replace(specs: readonly WeightedAddrSpec[]): EndpointChange {
    const next = new Map<string, WeightedAddrSpec>();
    for (const spec of specs.map(canonical)) next.set(keyOf(spec), spec);
    const removed = [...this.#entries.keys()].filter((k) => !next.has(k));
    return this.#apply([...next.values()], removed);
  }

  /** Add new endpoints and update changed ones; unchanged ones are not re-sent. */
  upsert(specs: readonly WeightedAddrSpec[]): EndpointChange {
    return this.#apply(specs, []);
  }

  remove(addrs: readonly SocketAddr[]): EndpointChange {
    return this.#apply([], addrs.map(keyOf));
  }

  /** Ask the stream using this view to end (with OK, so the client re-resolves). */
  end(reason: string): void {
    if (!this.#closed) this.emit('end', reason);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.emit('close');
    this.removeAllListeners();
  }

  #apply(specs: readonly WeightedAddrSpec[], removeKeys: readonly string[]): EndpointChange {
    const added: WeightedAddrSpec[] = [];
    const removed: SocketAddr[] = [];
    for (const spec of specs.map(canonical)) {
      const key = keyOf(spec);
      const sig = signature(spec);
      if (this.#entries.get(key)?.sig === sig) continue;
      this.#entries.set(key, { spec, sig });
      added.push(spec);
    }
    for (const key of removeKeys) {
      const old = this.#entries.get(key);
      if (!old) continue;
      this.#entries.delete(key);
      removed.push({ ip: old.spec.ip, port: old.spec.port });
    }
    const change = { added, removed };
    if (!this.#closed && (added.length > 0 || removed.length > 0)) this.emit('change', change);
    return change;
  }
}

/**
 * The union of several views (e.g. a federated service: local pods + each linked cluster's pods)
 * as one view with its own set labels. An address present in several sources is taken from the
 * first. A source that ends is dropped from the union; closing the union closes every source.
 */
export function unionView(sources: readonly EndpointView[], setLabels: Labels): EndpointView {
  const live = new Set(sources);
  const union = (): WeightedAddrSpec[] => {
    const seen = new Map<string, WeightedAddrSpec>();
    for (const s of sources) {
      if (!live.has(s)) continue;
      for (const spec of s.snapshot()) if (!seen.has(keyOf(spec))) seen.set(keyOf(spec), spec);
    }
    return [...seen.values()];
  };
  const set = new EndpointSet(setLabels, union());
  for (const s of sources) {
    s.on('change', () => set.replace(union()));
    s.on('end', () => {
      live.delete(s);
      s.close();
      set.replace(union());
    });
  }
  set.once('close', () => sources.forEach((s) => s.close()));
  return set;
}

/** IPs in canonical text, so two spellings of one address are one endpoint (garbage is kept as is
 * and refused later by the encoder, which logs and skips it). */
function canonicalIp(ip: string): string {
  return net.isIP(ip) ? normalizeIp(ip) : ip;
}

function canonical(spec: WeightedAddrSpec): WeightedAddrSpec {
  const ip = canonicalIp(spec.ip);
  return ip === spec.ip ? spec : { ...spec, ip };
}

function keyOf(spec: Pick<WeightedAddrSpec, 'ip' | 'port'>): string {
  return addrKey({ ip: canonicalIp(spec.ip), port: spec.port });
}

/** JSON with sorted object keys, so label order never makes two equal specs differ. */
export function signature(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
