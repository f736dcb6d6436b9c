// A probe loaded into a proxy process (`node --import`), not part of podwire: counts the writes to
// TLS sockets that had to wait in the socket's buffer behind an earlier write, and how long they
// waited. Node's TLS socket hands the kernel one write at a time and learns that it finished only
// at the end of the event-loop turn (the TLS layer reports every write as asynchronous), so a
// second write in the same turn waits in the Writable's buffer until then. On the per-connection
// path a connection's request and its response never meet on one socket in one turn; on a pooled
// mux connection streams do, and this probe shows how often and for how long (docs/architecture.md,
// the mux fixed-rate tail).
//
//   node dist/bench/ab.js --workload http-fixed --rounds 1 \
//     --a NODE_OPTIONS=--import=$PWD/dist/bench/tls-write-waits.js --a PODWIRE_MUX=false \
//     --b NODE_OPTIONS=--import=$PWD/dist/bench/tls-write-waits.js --b PODWIRE_MUX=true
//
// Each proxy appends one line to <tmpdir>/podwire-tls-write-waits.txt when it exits, in the order
// the proxies stop (ab.ts stops A's pair, then B's, in the round's order). It exports nothing:
// importing it patches net.Socket in the importing process.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';

const OUT_FILE = path.join(os.tmpdir(), 'podwire-tls-write-waits.txt');

type Write = (this: net.Socket, chunk: unknown, ...rest: unknown[]) => boolean;
type WriteGeneric = (this: net.Socket, writev: boolean, data: unknown, ...rest: unknown[]) => unknown;

const queuedAt = new WeakMap<object, bigint>();
const waitsUs: number[] = [];
let writes = 0;

/** Stamp a chunk written to a TLS socket that already has a write in flight (or is corked). */
function patchWrite(proto: { write: Write }): void {
  const write = proto.write;
  proto.write = function (this: net.Socket, chunk: unknown, ...rest: unknown[]) {
    if (this instanceof tls.TLSSocket && typeof chunk === 'object' && chunk !== null) {
      writes++;
      if (this.writableLength > 0 || this.writableCorked > 0) queuedAt.set(chunk, process.hrtime.bigint());
    }
    return write.call(this, chunk, ...rest);
  };
}

/** When a stamped chunk reaches the socket's handle, record how long it waited. */
function patchWriteGeneric(proto: { _writeGeneric: WriteGeneric }): void {
  const writeGeneric = proto._writeGeneric;
  proto._writeGeneric = function (this: net.Socket, writev: boolean, data: unknown, ...rest: unknown[]) {
    const now = process.hrtime.bigint();
    const chunks = writev ? (data as Array<{ chunk?: object } | object>).map((d) => ('chunk' in d && d.chunk) || d) : [data as object];
    for (const chunk of chunks) {
      const at = queuedAt.get(chunk);
      if (at === undefined) continue;
      waitsUs.push(Number(now - at) / 1000);
      queuedAt.delete(chunk);
    }
    return writeGeneric.call(this, writev, data, ...rest);
  };
}

/** One line: writes, how many waited, and the waits' quantiles in µs. */
function summary(pid: number, total: number, waits: number[]): string {
  const sorted = [...waits].sort((a, b) => a - b);
  const q = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(0) : '-');
  const share = total ? ((100 * waits.length) / total).toFixed(1) : '0.0';
  return `pid ${pid}: ${total} TLS writes, ${waits.length} waited (${share}%), wait µs p50 ${q(0.5)} p90 ${q(0.9)} p99 ${q(0.99)} max ${q(1)}\n`;
}

const proto = net.Socket.prototype as unknown as { write: Write; _writeGeneric: WriteGeneric };
patchWrite(proto);
patchWriteGeneric(proto);
process.on('exit', () => fs.appendFileSync(OUT_FILE, summary(process.pid, writes, waitsUs)));
