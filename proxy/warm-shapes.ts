// Keeps the most recently finished connection's objects reachable, so that the optimized code of
// the connection path outlives an idle proxy's full garbage collections.
//
// Why: V8's optimized code refers weakly to the hidden classes ("maps", the object shapes) it was
// compiled for, and a full collection that finds no live object of such a shape drops the shape
// and deoptimizes every function that was compiled against it. Connection objects (sockets, their
// libuv handles and shutdown requests, mux streams, connection records) live only while
// connections are open. So once the last connection of a burst had closed, the next full
// collection (idle-heap.ts's release, 2 s into any pause) discarded the optimized code of the
// whole connection path: 73–90 functions per proxy (`--trace-deopt`: "weak objects"). The first
// second of connections after a pause then ran at about half the rate, at 2–3× the CPU per
// connection, while V8 compiled it all again. One finished connection kept per direction holds
// those shapes alive for the cost of its closed objects: a few KB of JS, plus, for a connection
// that was TLS itself (not a mux stream), its TLSWrap's record buffers, which Node frees with the
// wrapper (memory-release.ts); its file descriptor and SSL object go at close.
//
// Nothing reads what is kept; `keptLatest` exists for tests.

/** The latest value of each kind. A Map with a handful of fixed keys: set once per connection. */
const latest = new Map<string, unknown>();

/** Keep `value` reachable as the latest of its kind, letting the one before it go. */
export function keepLatest(kind: string, value: unknown): void {
  latest.set(kind, value);
}

/** What is kept for `kind` (tests). */
export function keptLatest(kind: string): unknown {
  return latest.get(kind);
}

/**
 * A net.Socket's libuv handle wrapper (Node internals: socket._handle), which Node detaches from
 * the socket when it closes; undefined for anything else (a mux stream).
 */
export function socketHandle(socket: object): object | undefined {
  const handle = (socket as { _handle?: unknown })._handle;
  return typeof handle === 'object' && handle !== null ? handle : undefined;
}
