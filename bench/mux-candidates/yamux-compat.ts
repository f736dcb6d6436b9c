// What yamux-js 0.2.0 (npm) needs before it can carry a proxied TCP connection at all. Found by
// reading its lib/ (session.js, stream.js); without any one fix the smoke test fails or hangs:
// 1. Session._transform only handles a frame whose header and payload arrive in one chunk: a
//    shorter chunk is dropped (header) or taken as the whole payload (DATA), so any frame split
//    across TLS records corrupts the connection. Fix: FrameAligner, a Transform in front of the
//    session that hands it exactly one complete frame per chunk.
// 2. A received FIN is never seen: Stream.processFlags tests `flags === SYN` where FIN is meant,
//    and never ends the Readable. Fix: processFlags replaced (FIN ends the Readable; ACK, RST by bit).
// 3. end() sends nothing (no _final): Fix: _final sends FIN through the library's close().
// 4. destroy() neither tells the peer nor forgets the stream (no _destroy); a RST received leaves
//    the stream open. Fix: _destroy sends RST and drops it from the session; RST destroys it.
// 5. _write fails with "stream closed" once the peer sent FIN (RemoteClose), so a half-closed
//    stream cannot answer. Fix: _write runs as in Established for a RemoteClose stream.
// Not fixed (measured as the library does it): window credit is granted when data arrives, not
// when it is read (no backpressure to the peer); a sender with a zero window retries every 100 ms
// (setTimeout), no wake-up on credit; every chunk is copied twice (Buffer.alloc in _transform,
// Buffer.concat per frame sent); the session ignores its Readable's backpressure (push() always).
import { Transform, type TransformCallback } from 'node:stream';
import { createRequire } from 'node:module';
import { Stream } from 'yamux-js';

const require = createRequire(import.meta.url);
// Internal modules of the package (CommonJS, no exports map): the frame header and its constants.
const { Header } = require('yamux-js/lib/header') as { Header: new (v: number, t: number, f: number, id: number, len: number) => unknown };
const C = require('yamux-js/lib/constants') as {
  VERSION: number;
  TYPES: { Data: number; WindowUpdate: number };
  FLAGS: { SYN: number; ACK: number; FIN: number; RST: number };
  STREAM_STATES: Record<'Init' | 'SYNSent' | 'SYNReceived' | 'Established' | 'LocalClose' | 'RemoteClose' | 'Closed' | 'Reset', number>;
  ERRORS: { errConnectionReset: Error };
};
const HEADER_LEN = 12;

/** Hands the yamux session one complete frame per chunk (fix 1). */
export class FrameAligner extends Transform {
  private buf: Buffer = Buffer.alloc(0);

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    let off = 0;
    while (this.buf.length - off >= HEADER_LEN) {
      const type = this.buf.readUInt8(off + 1);
      // Only DATA frames carry a payload; for the others the length field is a value.
      const len = type === C.TYPES.Data ? this.buf.readUInt32BE(off + 8) : 0;
      if (this.buf.length - off < HEADER_LEN + len) break;
      this.push(this.buf.subarray(off, off + HEADER_LEN + len));
      off += HEADER_LEN + len;
    }
    this.buf = off === this.buf.length ? Buffer.alloc(0) : this.buf.subarray(off);
    cb();
  }
}

interface StreamInternals {
  state: number;
  session: { send(h: unknown): void; closeStream(id: number): void; isClosed(): boolean };
  ID(): number;
  close(): void;
  push(chunk: Buffer | null): boolean;
  destroy(err?: Error): void;
  destroyed: boolean;
}

let patched = false;

/** Fixes 2-4 on yamux-js's Stream prototype (idempotent). */
export function patchYamux(): void {
  if (patched) return;
  patched = true;
  const S = C.STREAM_STATES;
  const proto = Stream.prototype as unknown as Record<string, unknown>;
  proto.processFlags = function (this: StreamInternals, flags: number): void {
    if (flags & C.FLAGS.ACK && this.state === S.SYNSent) this.state = S.Established;
    if (flags & C.FLAGS.FIN) {
      if (this.state === S.LocalClose) {
        this.state = S.Closed;
        this.session.closeStream(this.ID());
      } else if (this.state !== S.Closed && this.state !== S.Reset) {
        this.state = S.RemoteClose;
      }
      this.push(null);
    }
    if (flags & C.FLAGS.RST) {
      this.state = S.Reset;
      this.session.closeStream(this.ID());
      this.destroy(C.ERRORS.errConnectionReset);
    }
  };
  const write = proto._write as (this: StreamInternals, chunk: Buffer, enc: BufferEncoding, cb: (err?: Error | null) => void) => void;
  proto._write = function (this: StreamInternals, chunk: Buffer, enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (this.state !== S.RemoteClose) return write.call(this, chunk, enc, cb);
    this.state = S.Established;
    try {
      write.call(this, chunk, enc, cb);
    } finally {
      // The original may have moved on (a RST); only undo our own change.
      if (this.state === S.Established) this.state = S.RemoteClose;
    }
  };
  proto._final = function (this: StreamInternals, cb: (err?: Error | null) => void): void {
    // close(): Established → LocalClose + FIN; RemoteClose → FIN and forget the stream.
    if (this.state === S.RemoteClose) {
      this.close();
      this.state = S.Closed;
    } else {
      this.close();
    }
    cb();
  };
  proto._destroy = function (this: StreamInternals, err: Error | null, cb: (err?: Error | null) => void): void {
    if (this.state !== S.Closed && this.state !== S.Reset) {
      this.state = S.Reset;
      if (!this.session.isClosed()) this.session.send(new Header(C.VERSION, C.TYPES.WindowUpdate, C.FLAGS.RST, this.ID(), 0));
    }
    this.session.closeStream(this.ID());
    cb(err);
  };
}
