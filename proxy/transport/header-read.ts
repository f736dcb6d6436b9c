// Reading and writing the transport header on a live socket (inbound direct port, §2.3).
// The read takes exactly the header off the stream: anything the peer sent after it is unshifted
// back so the forwarding pipe sees the application's first bytes. The whole read is bounded by one
// deadline (Linkerd's detect timeout), so a peer trickling bytes can't hold the connection open, and
// it fails as soon as the bytes seen make a header impossible instead of waiting for more.
// On failure the socket is left as it is: the caller decides how to close it.
import type { Duplex, Writable } from 'node:stream';
import { ProxyError, classify } from '../errors.js';
import { MAX_HEADER_LEN, PREFIX_LEN, HeaderError, decodeHeader, encodeHeader } from './header.js';
import type { TransportHeader } from './header.js';

export interface ReadHeaderOptions {
  /** Deadline for the whole header, from the call until the last header byte. */
  timeoutMs: number;
  /** Largest protobuf length accepted; defaults to MAX_HEADER_LEN. */
  maxLength?: number;
}

/**
 * Read one transport header from `socket` (net.Socket or tls.TLSSocket, not yet flowing).
 * Rejects with ProxyError: header_timeout, header_missing (EOF/close before a full header or a
 * preface mismatch), header_malformed, header_too_large, or a classified I/O error.
 */
export function readTransportHeader(socket: Duplex, opts: ReadHeaderOptions): Promise<TransportHeader> {
  return new Promise<TransportHeader>((resolve, reject) => {
    const acc = new HeaderAccumulator(opts.maxLength ?? MAX_HEADER_LEN);
    let settled = false;

    const finish = (result: TransportHeader | ProxyError, rest?: Buffer): void => {
      if (settled) return;
      settled = true;
      cleanup();
      // Unshift only after our 'readable' listener is gone, so the put-back bytes wait for the
      // forwarding pipe instead of waking us again.
      if (rest !== undefined && rest.length > 0) socket.unshift(rest);
      if (result instanceof ProxyError) reject(result);
      else resolve(result);
    };

    const onReadable = (): void => {
      let chunk: Buffer | null;
      // Stop reading as soon as the header is complete: what's left stays in the stream's buffer.
      while (!settled && (chunk = socket.read() as Buffer | null) !== null) {
        try {
          const done = acc.push(chunk);
          if (done !== undefined) finish(done.header, done.rest);
        } catch (err) {
          finish(toProxyError(err));
        }
      }
    };
    const onEnd = (): void => finish(missing('connection ended before a complete transport header'));
    const onClose = (): void => finish(missing('connection closed before a complete transport header'));
    const onError = (err: Error): void => finish(classify(err, 'io'));
    const timer = setTimeout(
      () => finish(new ProxyError('header_timeout', `reading a transport header timed out after ${opts.timeoutMs} ms`)),
      opts.timeoutMs,
    );

    function cleanup(): void {
      clearTimeout(timer);
      socket.off('readable', onReadable);
      socket.off('end', onEnd);
      socket.off('close', onClose);
      socket.off('error', onError);
    }

    if (socket.destroyed || socket.readableEnded) {
      finish(missing('connection already closed before the transport header'));
      return;
    }
    socket.on('end', onEnd);
    socket.on('close', onClose);
    socket.on('error', onError);
    // Attaching 'readable' puts the stream in paused mode and fires at once if bytes are buffered.
    socket.on('readable', onReadable);
  });
}

/** Write an encoded header; the caller starts piping right after (writes are ordered). */
export function writeTransportHeader(socket: Writable, h: TransportHeader): void {
  socket.write(encodeHeader(h));
}

/**
 * Collects chunks and decodes only when enough bytes have arrived to decide something, so a peer
 * dribbling bytes doesn't make us re-copy a growing buffer on every chunk.
 */
class HeaderAccumulator {
  private chunks: Buffer[] = [];
  private total = 0;
  /** Bytes needed before the next decode attempt can say more than 'incomplete'. */
  private need = 1;

  constructor(private readonly maxLength: number) {}

  /** Returns the header and any bytes after it, or undefined if more bytes are needed. */
  push(chunk: Buffer): { header: TransportHeader; rest: Buffer } | undefined {
    this.chunks.push(chunk);
    this.total += chunk.length;
    if (this.total < this.need) return undefined;
    const buf = this.chunks.length === 1 ? chunk : Buffer.concat(this.chunks, this.total);
    this.chunks = [buf];
    const result = decodeHeader(buf, this.maxLength);
    if (result === 'incomplete') {
      this.need = nextNeed(buf);
      return undefined;
    }
    return { header: result.header, rest: buf.subarray(result.consumed) };
  }
}

/**
 * Before the length is known every byte can still reveal a preface mismatch, so re-check on each
 * chunk (cheap: under PREFIX_LEN bytes). After that nothing can be decided until the whole message
 * is here (the length was already checked against the maximum by decodeHeader).
 */
function nextNeed(buf: Buffer): number {
  return buf.length < PREFIX_LEN ? buf.length + 1 : PREFIX_LEN + buf.readUInt32BE(PREFIX_LEN - 4);
}

function toProxyError(err: unknown): ProxyError {
  if (err instanceof HeaderError) return new ProxyError(err.reason, err.message, { cause: err });
  return classify(err, 'unexpected');
}

function missing(message: string): ProxyError {
  return new ProxyError('header_missing', message);
}
