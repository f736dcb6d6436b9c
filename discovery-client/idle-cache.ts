// Shared, reference-counted watches keyed by discovery path, evicted when unused for a while.
// Like linkerd2-proxy's outbound discovery cache (spec §9.3): many connections to one service share
// one stream, and a result nobody holds is kept for idleTimeoutMs (5 s outbound) so a burst of
// short connections does not re-subscribe each time, then dropped and re-resolved on next use.

export interface Stoppable {
  stop(): void;
}

interface Entry<V> {
  readonly value: V;
  holders: number;
  idleTimer: NodeJS.Timeout | undefined;
}

export interface Lease<V> {
  readonly value: V;
  /** Idempotent: only the first call gives the reference back. */
  release(): void;
}

export class IdleCache<V extends Stoppable> {
  readonly #entries = new Map<string, Entry<V>>();
  readonly #idleTimeoutMs: number;

  constructor(idleTimeoutMs: number) {
    if (!(Number.isFinite(idleTimeoutMs) && idleTimeoutMs >= 0)) {
      throw new RangeError(`idleTimeoutMs must be >= 0, got ${idleTimeoutMs}`);
    }
    this.#idleTimeoutMs = idleTimeoutMs;
  }

  get size(): number {
    return this.#entries.size;
  }

  has(key: string): boolean {
    return this.#entries.has(key);
  }

  /** Take a reference to the value for `key`, calling `create` only when there is none. */
  acquire(key: string, create: () => V): Lease<V> {
    const entry = this.#entries.get(key) ?? this.#insert(key, create());
    clearTimeout(entry.idleTimer);
    entry.idleTimer = undefined;
    entry.holders++;
    let released = false;
    return {
      value: entry.value,
      release: () => {
        if (released) return;
        released = true;
        this.#release(key, entry);
      },
    };
  }

  /** Stop and forget everything, held or not. */
  clear(): void {
    for (const entry of this.#entries.values()) {
      clearTimeout(entry.idleTimer);
      entry.value.stop();
    }
    this.#entries.clear();
  }

  #insert(key: string, value: V): Entry<V> {
    const entry: Entry<V> = { value, holders: 0, idleTimer: undefined };
    this.#entries.set(key, entry);
    return entry;
  }

  #release(key: string, entry: Entry<V>): void {
    entry.holders--;
    if (entry.holders > 0 || this.#entries.get(key) !== entry) return;
    entry.idleTimer = setTimeout(() => this.#evict(key, entry), this.#idleTimeoutMs);
    entry.idleTimer.unref();
  }

  #evict(key: string, entry: Entry<V>): void {
    if (entry.holders > 0 || this.#entries.get(key) !== entry) return;
    this.#entries.delete(key);
    entry.value.stop();
  }
}
