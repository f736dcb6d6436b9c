// Local-first endpoint selection for one service: P2C/peak-EWMA (balance.ts) restricted to the
// endpoints that are ready, preferring this cluster's endpoints over linked clusters' ones.
//
// Federated and clusterset services (spec §8.6) put pods of several clusters into one endpoint set;
// the controller labels each endpoint `cluster_locality` = `local` | `remote`. Rules, in order:
// 1. an endpoint is ready unless it is in a failure cooldown (cooldown.ts);
// 2. if any local endpoint is ready, pick among the ready local endpoints only;
// 3. otherwise pick among the ready remote endpoints (a "failover" pick when local endpoints exist);
// 4. otherwise report how long until the earliest cooldown ends (the pool waits for that or a
//    discovery change, within the failfast timeout), or that the set is empty.
// Only the label value `remote` makes an endpoint remote: endpoints without the label (every
// non-federated service) are local, so such services balance over all their endpoints as before.
//
// Pure: clock and randomness are injected, so selection is table-testable.
import { PeakEwmaBalancer, type PeakEwmaOptions } from './balance.js';
import { Cooldowns } from './cooldown.js';

export type Locality = 'local' | 'remote';

/** The endpoint label the controller sets on federated / clusterset endpoints. */
export const LOCALITY_LABEL = 'cluster_locality';

export function localityOf(labels: Readonly<Record<string, string>>): Locality {
  return labels[LOCALITY_LABEL] === 'remote' ? 'remote' : 'local';
}

export interface LocalFirstOptions<T> extends PeakEwmaOptions {
  /** Endpoint labels of an item (locality is read from them). */
  readonly labelsOf: (item: T) => Readonly<Record<string, string>>;
  readonly cooldownInitialMs?: number;
  readonly cooldownMaxMs?: number;
}

export interface LocalFirstPick<T> {
  readonly kind: 'picked';
  readonly key: string;
  readonly item: T;
  readonly locality: Locality;
  /** A remote endpoint was chosen although the set has local endpoints (none was ready). */
  readonly failover: boolean;
  /** Connect outcome: latency in ms (success, resets the cooldown) or 'failed' (starts one). */
  done(rttMs: number | 'failed'): void;
  /** Not dialled after all: no sample, no cooldown change. */
  cancel(): void;
}

export type LocalFirstResult<T> =
  | LocalFirstPick<T>
  /** Every endpoint is cooling down; the first is ready again in `waitMs`. */
  | { readonly kind: 'cooling'; readonly waitMs: number; readonly endpoints: number }
  | { readonly kind: 'empty' };

export class LocalFirstBalancer<T> {
  private readonly balancer: PeakEwmaBalancer<T>;
  readonly cooldowns: Cooldowns;
  private readonly labelsOf: (item: T) => Readonly<Record<string, string>>;
  private readonly locality = new Map<string, Locality>();
  private hasLocal = false;
  /** The tier pick() is choosing from, for inPickTier. */
  private pickTier: Locality = 'local';
  /** pick()'s eligibility test, made once rather than as a closure per pick. */
  private readonly inPickTier = (key: string): boolean => this.locality.get(key) === this.pickTier && !this.cooldowns.cooling(key);

  constructor(opts: LocalFirstOptions<T>) {
    const now = opts.now ?? (() => performance.now());
    this.balancer = new PeakEwmaBalancer<T>({ ...opts, now });
    this.cooldowns = new Cooldowns({
      now,
      ...(opts.cooldownInitialMs !== undefined && { initialMs: opts.cooldownInitialMs }),
      ...(opts.cooldownMaxMs !== undefined && { maxMs: opts.cooldownMaxMs }),
    });
    this.labelsOf = opts.labelsOf;
  }

  /** Replace the endpoint set; removed endpoints lose their cooldown history. */
  setEndpoints(items: ReadonlyMap<string, T>): void {
    this.balancer.setEndpoints(items);
    this.cooldowns.retain(items);
    this.locality.clear();
    for (const [key, item] of items) this.locality.set(key, localityOf(this.labelsOf(item)));
    this.hasLocal = [...this.locality.values()].includes('local');
  }

  size(): number {
    return this.locality.size;
  }

  pick(): LocalFirstResult<T> {
    if (this.locality.size === 0) return { kind: 'empty' };
    const tier = this.readyTier();
    if (tier === undefined) return { kind: 'cooling', waitMs: this.earliestReadyMs(), endpoints: this.locality.size };
    this.pickTier = tier;
    const picked = this.balancer.pick(this.inPickTier);
    if (!picked) return { kind: 'cooling', waitMs: this.earliestReadyMs(), endpoints: this.locality.size };
    return {
      kind: 'picked',
      key: picked.key,
      item: picked.item,
      locality: tier,
      failover: tier === 'remote' && this.hasLocal,
      done: (rtt) => {
        picked.done(rtt);
        // Only a live key has cooldown state worth keeping (removed endpoints were forgotten).
        if (!this.locality.has(picked.key)) return;
        if (rtt === 'failed') this.cooldowns.failed(picked.key);
        else this.cooldowns.succeeded(picked.key);
      },
      cancel: () => picked.cancel(),
    };
  }

  /** The tier to pick from: local if any local endpoint is ready, else remote if any is. */
  private readyTier(): Locality | undefined {
    let remoteReady = false;
    // Keys, not entries: an entry is a fresh [key, value] array per endpoint and pick.
    for (const key of this.locality.keys()) {
      if (this.cooldowns.cooling(key)) continue;
      if (this.locality.get(key) === 'local') return 'local';
      remoteReady = true;
    }
    return remoteReady ? 'remote' : undefined;
  }

  private earliestReadyMs(): number {
    let min = Infinity;
    for (const key of this.locality.keys()) min = Math.min(min, this.cooldowns.remainingMs(key));
    return Number.isFinite(min) ? min : 0;
  }
}
