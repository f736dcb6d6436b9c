// Writes of one event-loop iteration's received bytes to an application socket, sent as one.
//
// A mux session's TLS socket hands its stream bytes on in pieces of at most one TLS record
// (16 KiB), several per I/O callback, and each went to the application in a write of its own.
// A sink given a large piece is corked until the loop's check phase (setImmediate), so all
// the pieces the iteration's reads produced for it leave in one writev. Small pieces (a
// request, a response) are written at once when their sink is not corked: they pay no wait.
//
// This works because a forwarding stream's backpressure is its receive window (inbox.ts counts
// what waits in the sink beyond an allowance as not consumed), not write()'s return value.
// pipe() pauses its source as soon as the sink holds its high-water mark (16 KiB), so corking
// a piped socket holds one record per iteration and batches nothing: the unmultiplexed path
// (transport/copy.ts) would need its own copy loop to do the same.
import net from 'node:net';
import type { Writable } from 'node:stream';
import tls from 'node:tls';

/** Pieces at least this large are streaming bytes: their sink waits for the rest of the iteration. */
export const BATCH_FROM = 8 * 1024;

const corked = new Set<Writable>();

function uncorkAll(): void {
  for (const sink of corked) sink.uncork();
  corked.clear();
}

/**
 * Whether `sink` gains from batching: a plain socket does (one writev instead of several writes).
 * A TLS socket copies a write of several buffers into one before encrypting it, and a mux stream
 * already frames what its queue collected per iteration (scheduler.ts).
 */
export function writesBatchWell(sink: Writable): boolean {
  return sink instanceof net.Socket && !(sink instanceof tls.TLSSocket);
}

/** Hold `sink`'s writes from now until this iteration's check phase, when they leave as one. */
function holdForIteration(sink: Writable): void {
  if (corked.has(sink)) return;
  if (corked.size === 0) setImmediate(uncorkAll);
  corked.add(sink);
  sink.cork();
}

/** Write `chunk` to `sink`, batched with the iteration's other writes to it when it is large. */
export function writeBatched(sink: Writable, chunk: Buffer): void {
  if (chunk.length >= BATCH_FROM) holdForIteration(sink);
  sink.write(chunk);
}
