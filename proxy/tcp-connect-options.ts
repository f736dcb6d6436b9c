// The options podwire passes to net.connect for the TCP connections it dials (to a peer's
// inbound port, to the local application), spelled so that Node's socket constructor adds no
// property to its copy of them.
//
// Why: net.Socket copies its options with a spread ({ ...options }) and then sets emitClose,
// autoDestroy and decodeStrings on the copy. In Node 20's V8 (11.3) a spread copy gets a map
// outside the transition tree, so each property added to it makes a fresh map: three new maps per
// socket, and every options read in the stream constructors that follow (highWaterMark,
// objectMode, signal, ...) misses its inline cache and allocates a new IC handler. `--log-maps`
// on a flat-mux pair under new connections counted 42,000 such maps in one proxy in a 16-second
// run, and IC misses were the largest share of the socket and Duplex constructors' samples.
// With the three keys already present, with the values Node sets anyway, the copy needs no new
// property and keeps one map. (V8 stopped detaching clone maps in 2023, after the 11.3 in
// Node 20.) Sockets Node creates itself (accepted connections) still pay it.
import type net from 'node:net';

/**
 * net.connect options for a dialled TCP connection: half-open allowed, Nagle off; `onread` where
 * the reads go to memory of the caller's (mux/framed-reads.ts).
 */
export function tcpConnectOptions(host: string, port: number, onread?: net.OnReadOpts): net.NetConnectOpts {
  return {
    host,
    port,
    allowHalfOpen: true,
    noDelay: true,
    // Always present (undefined: Node's own read buffers), so every options object has one shape.
    onread,
    // Node's own values for every net.Socket (lib/net.js); here only so its copy keeps its shape.
    emitClose: false,
    autoDestroy: true,
    decodeStrings: false,
  } as net.NetConnectOpts;
}
