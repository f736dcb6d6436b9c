// A mux stream's receive window (the receiver's side of flow control, stream.ts): how many bytes
// the peer may still send, how large the window is, and the session-wide budget that bounds how far
// its streams' windows may grow together.
//
// A stream starts with the receiver's initialWindow (1 MiB), which caps it at one window per round
// trip, and the round trip that counts is not the network's alone: it includes every wait for CPU
// between the sender reading the application and the receiver writing to it. On a busy 2-core
// machine, bulk over a 1 MiB window spent its time waiting for credit: 0.87-0.92x the MB/s of the
// per-connection path, whose TCP buffers Linux autotunes up to several MiB (bulk, 1 connection:
// 444 MB/s with 1 MiB, 466 with 2 MiB, 484-507 with 4 MiB, 507 with 8 MiB; per-connection 491-518).
// So, like TCP's receive-buffer autotuning, a window grows for a stream whose reader consumes fast:
// when half the window was consumed within GROW_WITHIN_MS of the previous credit, it doubles, up to
// MAX_STREAM_WINDOW, and the extra goes to the peer with that credit. Steady, the window is about
// twice what the stream moves in GROW_WITHIN_MS; a stream limited by its window grows whenever the
// round trip is under 2 × GROW_WITHIN_MS.
// A slow or stopped reader consumes slowly and never grows its window. One that stops after growing
// holds at most its grown window, and the session's GrowthBudget caps the growth of all its streams
// together, so the worst case stays maxStreams × initialWindow + WINDOW_GROWTH_BUDGET per connection.
// Growth needs nothing from the peer: it is WINDOW credit like any other (docs/mux-protocol.md).

/** Half a window consumed within this many ms of the previous credit doubles the window. */
export const GROW_WITHIN_MS = 50;
/** The most a stream's receive window grows to. */
export const MAX_STREAM_WINDOW = 8 * 1024 * 1024;
/** The most all streams of one session may have grown beyond their initialWindow, together. */
export const WINDOW_GROWTH_BUDGET = 32 * 1024 * 1024;

/** Window growth still allowed on one session: what its streams took is given back when they leave it. */
export class GrowthBudget {
  private used = 0;

  constructor(readonly limit: number = WINDOW_GROWTH_BUDGET) {}

  /** Growth in use by the session's streams. */
  get inUse(): number {
    return this.used;
  }

  /** Take up to `wanted` bytes of growth; returns what was granted (0 when the budget is spent). */
  take(wanted: number): number {
    const granted = Math.max(0, Math.min(wanted, this.limit - this.used));
    this.used += granted;
    return granted;
  }

  /** A stream left the session: its growth is free again. */
  give(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }
}

/** One stream's receive window: starts at the session's initialWindow, grows while consumed fast. */
export class ReceiveWindow {
  /** The window the peer is credited up to now. */
  size: number;
  /** Bytes the peer may still send before our next credit. */
  available: number;
  /** How far `size` grew beyond the initial window (taken from the session's GrowthBudget). */
  grownBy = 0;
  private lastCreditAt: number;

  constructor(
    initial: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.size = initial;
    this.available = initial;
    this.lastCreditAt = now();
  }

  /** The peer sent `bytes`: false (and nothing used) when that is more than it may send. */
  use(bytes: number): boolean {
    if (bytes > this.available) return false;
    this.available -= bytes;
    return true;
  }

  /**
   * Credit for `consumed` bytes (half the window or more, consumed since the last credit): the
   * WINDOW increment to send, with the window's growth added (growthOnCredit).
   */
  credit(consumed: number, take: (wanted: number) => number): number {
    const increment = consumed + this.growthOnCredit(take);
    this.available += increment;
    return increment;
  }

  /**
   * The extra bytes to grant with a credit, 0 unless that half was consumed within GROW_WITHIN_MS. `take` asks the
   * session's budget for growth and returns what it allows.
   */
  private growthOnCredit(take: (wanted: number) => number): number {
    const at = this.now();
    const fast = at - this.lastCreditAt <= GROW_WITHIN_MS;
    this.lastCreditAt = at;
    if (!fast || this.size >= MAX_STREAM_WINDOW) return 0;
    const extra = take(Math.min(this.size, MAX_STREAM_WINDOW - this.size));
    this.size += extra;
    this.grownBy += extra;
    return extra;
  }
}
