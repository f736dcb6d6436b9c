// Endpoint pools: one per logical authority, shared by every connection to it, each a discovery
// resolution feeding a P2C/peak-EWMA balancer. A connection with no ready endpoint waits for one
// up to the failfast timeout. Pools nobody used for the idle timeout are dropped with their streams.
import type { DestinationClient, Resolution } from '../../discovery-client/destination.js';
import type { Endpoint } from '../../discovery-client/types.js';
import { PeakEwmaBalancer } from './balance.js';
import { ProxyError } from '../errors.js';
import { formatNameAddr, type NameAddr } from '../transport/addr.js';

export interface Picked {
  readonly endpoint: Endpoint;
  /** Report how long connecting took (or that it failed) so the balancer learns. */
  done(rttMs: number | 'failed'): void;
}

class EndpointPool {
  readonly balancer = new PeakEwmaBalancer<Endpoint>();
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

  async pick(failfastMs: number): Promise<Picked> {
    const deadline = Date.now() + failfastMs;
    for (;;) {
      if (this.resolution.state === 'failed') {
        throw new ProxyError('resolve_failed', `discovery refused ${formatNameAddr(this.authority)}: ${this.resolution.failure?.message ?? 'failed'}`);
      }
      const picked = this.balancer.pick();
      if (picked) return { endpoint: picked.item, done: picked.done };
      const left = deadline - Date.now();
      if (left <= 0 || !(await this.waitForChange(left))) {
        const why = this.resolution.state === 'pending' ? 'discovery has not answered' : 'no endpoints';
        throw new ProxyError('failfast', `no ready endpoint for ${formatNameAddr(this.authority)} within ${failfastMs}ms (${why})`);
      }
    }
  }

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
