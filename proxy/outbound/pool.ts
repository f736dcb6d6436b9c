// Endpoint pools: one per logical authority, shared by every connection to it, each a discovery
// resolution feeding a local-first P2C/peak-EWMA balancer with per-endpoint failure cooldowns
// (failover.ts). A connection with no ready endpoint waits for one — the earliest cooldown end or
// a discovery change — up to the failfast timeout. Pools nobody used for the idle timeout are
// dropped with their streams (and their cooldown history).
import type { DestinationClient, Resolution } from '../../discovery-client/destination.js';
import type { Endpoint } from '../../discovery-client/types.js';
import { LocalFirstBalancer, type Locality } from './failover.js';
import { ProxyError } from '../errors.js';
import { formatNameAddr, type NameAddr } from '../transport/addr.js';

export interface Picked {
  readonly endpoint: Endpoint;
  readonly locality: Locality;
  /** Remote endpoint chosen because no local endpoint was ready. */
  readonly failover: boolean;
  /** Report how long connecting took (or that it failed) so the balancer and cooldowns learn. */
  done(rttMs: number | 'failed'): void;
  /** The endpoint was not dialled after all (refused before connecting). */
  cancel(): void;
}

class EndpointPool {
  readonly balancer = new LocalFirstBalancer<Endpoint>({ labelsOf: (ep) => ep.labels });
  private readonly waiters = new Set<() => void>();
  users = 0;
  lastUsed = Date.now();

  constructor(readonly authority: NameAddr, readonly resolution: Resolution) {
    const sync = () => {
      this.balancer.setEndpoints(resolution.endpoints());
      for (const wake of [...this.waiters]) wake();
    };
    resolution.on('change', sync);
    sync();
  }

  /** A ready endpoint now, or undefined (never waits, never throws: the caller has its own error). */
  tryPick(): Picked | undefined {
    if (this.resolution.state === 'failed') return undefined;
    const r = this.balancer.pick();
    return r.kind === 'picked' ? asPicked(r) : undefined;
  }

  async pick(failfastMs: number): Promise<Picked> {
    const deadline = Date.now() + failfastMs;
    for (;;) {
      this.throwIfFailed();
      const r = this.balancer.pick();
      if (r.kind === 'picked') return asPicked(r);
      const left = deadline - Date.now();
      // While every endpoint cools down, wake when the first one is ready again (or on a change).
      const wait = r.kind === 'cooling' ? Math.min(Math.max(r.waitMs, 1), left) : left;
      if (left <= 0) throw this.failfast(failfastMs, r);
      await this.waitForChange(wait);
    }
  }

  private throwIfFailed(): void {
    if (this.resolution.state === 'failed') {
      throw new ProxyError('resolve_failed', `discovery refused ${formatNameAddr(this.authority)}: ${this.resolution.failure?.message ?? 'failed'}`);
    }
  }

  private failfast(failfastMs: number, r: { kind: 'cooling'; endpoints: number } | { kind: 'empty' }): ProxyError {
    const why = r.kind === 'cooling'
      ? `all ${r.endpoints} endpoint${r.endpoints === 1 ? ' is' : 's are'} in failure cooldown after failed connects`
      : this.resolution.state === 'pending' ? 'discovery has not answered' : 'no endpoints';
    return new ProxyError('failfast', `no ready endpoint for ${formatNameAddr(this.authority)} within ${failfastMs}ms (${why})`);
  }

  /** Resolves true on a discovery change, false when `ms` passed first. */
  private waitForChange(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const wake = () => done(true);
      const timer = setTimeout(() => done(false), ms);
      const done = (changed: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve(changed);
      };
      this.waiters.add(wake);
    });
  }

  close(): void {
    this.resolution.release();
  }
}

function asPicked(r: { item: Endpoint; locality: Locality; failover: boolean; done(rtt: number | 'failed'): void; cancel(): void }): Picked {
  return { endpoint: r.item, locality: r.locality, failover: r.failover, done: r.done, cancel: r.cancel };
}

export class EndpointPools {
  private readonly pools = new Map<string, EndpointPool>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly destination: DestinationClient, private readonly idleTimeoutMs: number) {
    this.sweeper = setInterval(() => this.sweep(), Math.max(1000, idleTimeoutMs)).unref();
  }

  /** Pick an endpoint for `authority`, waiting up to failfastMs for one to be ready. */
  async pick(authority: NameAddr, failfastMs: number): Promise<Picked> {
    const pool = this.poolFor(authority);
    pool.users++;
    try {
      return await pool.pick(failfastMs);
    } finally {
      pool.users--;
      pool.lastUsed = Date.now();
    }
  }

  /** Another endpoint that is ready right now (for retrying a failed connect), or undefined. */
  tryPick(authority: NameAddr): Picked | undefined {
    const pool = this.poolFor(authority);
    pool.lastUsed = Date.now();
    return pool.tryPick();
  }

  private poolFor(authority: NameAddr): EndpointPool {
    const key = formatNameAddr(authority);
    let pool = this.pools.get(key);
    if (!pool) {
      pool = new EndpointPool(authority, this.destination.resolve(authority));
      this.pools.set(key, pool);
    }
    return pool;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, pool] of this.pools) {
      if (pool.users === 0 && now - pool.lastUsed >= this.idleTimeoutMs) {
        pool.close();
        this.pools.delete(key);
      }
    }
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const pool of this.pools.values()) pool.close();
    this.pools.clear();
  }
}
