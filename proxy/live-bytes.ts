// Byte counters that are current at every scrape without per-chunk work. Each counted socket
// (a connection's accepted or dialled side) is registered here while it is open, with the bytes
// already added to tcp_read_bytes_total / tcp_write_bytes_total for it. When /metrics is collected,
// sync() adds each live socket's growth since the last scrape, read from the socket's own counters
// (kept by Node as it does I/O); close() adds what is left and forgets the socket. So a byte is
// counted exactly once, whether a scrape happened mid-transfer or not, and the copy path is untouched.
import type client from 'prom-client';
import { addToSeries } from './metric-cells.js';
import type { TransportLabels } from './metrics.js';

/**
 * What is read of a counted socket: a net.Socket, a TLSSocket, or a mux stream (which keeps the
 * same counters for the application bytes it carries).
 */
export interface ByteCountingSocket {
  readonly bytesRead: number;
  readonly bytesWritten?: number;
  readonly writableLength: number;
}

/** One counted socket and what has been counted for it so far. */
export interface CountedSocket {
  readonly socket: ByteCountingSocket;
  readonly labels: TransportLabels;
  read: number;
  written: number;
}

type ByteCounter = client.Counter<string>;

/**
 * Bytes written that have left our buffers. `bytesWritten` also counts what still waits in the
 * socket's write buffer, which a destroyed socket drops (and then no longer reports); subtracting
 * the buffer keeps the count monotonic: a byte is counted once it is handed to the kernel (or TLS).
 */
function dispatched(socket: ByteCountingSocket): number {
  return Math.max(0, (socket.bytesWritten ?? 0) - socket.writableLength);
}

export class LiveByteCounts {
  readonly #live = new Set<CountedSocket>();
  /** The most sockets counted at once since takePeak() last ran. */
  #peak = 0;

  constructor(
    private readonly read: ByteCounter,
    private readonly write: ByteCounter,
  ) {}

  /** Start counting `socket` under `labels`. */
  open(socket: ByteCountingSocket, labels: TransportLabels): CountedSocket {
    const counted: CountedSocket = { socket, labels, read: 0, written: 0 };
    this.#live.add(counted);
    if (this.#live.size > this.#peak) this.#peak = this.#live.size;
    return counted;
  }

  /**
   * Bring every live socket's counters up to date (the collect hook of both byte counters). Growth
   * is summed per label set first: sockets share label objects (transport-labels.ts), and each
   * prom-client inc() hashes its labels, so this costs one inc per series, not per socket.
   */
  sync(): void {
    const growth = new Map<TransportLabels, { read: number; written: number }>();
    for (const c of this.#live) {
      const read = c.socket.bytesRead;
      const written = dispatched(c.socket);
      if (read <= c.read && written <= c.written) continue;
      let g = growth.get(c.labels);
      if (!g) growth.set(c.labels, (g = { read: 0, written: 0 }));
      if (read > c.read) (g.read += read - c.read), (c.read = read);
      if (written > c.written) (g.written += written - c.written), (c.written = written);
    }
    for (const [labels, g] of growth) {
      if (g.read > 0) this.read.inc(labels, g.read);
      if (g.written > 0) this.write.inc(labels, g.written);
    }
  }

  /** The socket is done: count its remaining bytes and stop watching it. */
  close(counted: CountedSocket): void {
    this.#add(counted);
    this.#live.delete(counted);
  }

  /** How many sockets are being counted: both sides of every open proxied connection. */
  get size(): number {
    return this.#live.size;
  }

  /**
   * The most sockets counted at once since the last call (or since start), and start again from
   * now. memory-release.ts reads it at each check, so a burst that came and went between two
   * checks still counts as load that has dropped.
   */
  takePeak(): number {
    const peak = Math.max(this.#peak, this.#live.size);
    this.#peak = this.#live.size;
    return peak;
  }

  #add(c: CountedSocket): void {
    const read = c.socket.bytesRead;
    // A reused label set: its series key is hashed once, not on every connection's close.
    if (read > c.read) {
      addToSeries(this.read, c.labels, read - c.read);
      c.read = read;
    }
    const written = dispatched(c.socket);
    if (written > c.written) {
      addToSeries(this.write, c.labels, written - c.written);
      c.written = written;
    }
  }
}
