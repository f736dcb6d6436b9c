// The bytes all of the controller's streams hold for their clients, together, bounded. Each stream
// is bounded on its own (destination-stream.ts), but many stuck clients at once — a thousand
// proxies on a stalled node, or one client opening stream after stream — would still add up
// without limit. Past `limitBytes` in total, the streams holding the most are reset (largest
// first) until the total is back under it: the clients furthest behind pay, and every reset frees
// at once what it held.

/** What the budget needs of a stream. */
export interface BudgetedStream {
  readonly heldBytes: number;
  /** Reset the stream for the total bound; it must stop holding anything (and leave the budget). */
  resetForBudget(): void;
}

export class StreamBudget {
  #total = 0;
  readonly #streams = new Set<BudgetedStream>();

  constructor(readonly limitBytes: number) {}

  /** Bytes held by all streams together. */
  get totalBytes(): number {
    return this.#total;
  }

  join(stream: BudgetedStream): void {
    this.#streams.add(stream);
  }

  leave(stream: BudgetedStream): void {
    this.#streams.delete(stream);
  }

  /** A stream's held bytes changed by `delta`; reset the largest holders if the total is over. */
  charge(delta: number): void {
    this.#total += delta;
    if (delta <= 0) return;
    while (this.#total > this.limitBytes) {
      let largest: BudgetedStream | undefined;
      for (const s of this.#streams) if (!largest || s.heldBytes > largest.heldBytes) largest = s;
      if (!largest || largest.heldBytes === 0) return;
      largest.resetForBudget();
      // A stream that could not let go must not be picked forever.
      this.#streams.delete(largest);
    }
  }
}
