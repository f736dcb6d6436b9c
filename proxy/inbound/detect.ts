// TLS detection on an accepted inbound connection (application ports, spec §4.4): read the first
// bytes until the ClientHello parser decides, then put every byte back with unshift() so the next
// stage — a TLS server wrap, an opaque pass-through, or a plaintext forward — sees the stream from
// byte 0. Linkerd peeks with MSG_PEEK; Node can't, so we read and unshift, which is equivalent for
// whoever consumes the socket next.
//
// Bounded twice: one deadline for the whole detection (a client trickling one byte at a time still
// times out at the bound — slowloris), and `maxBytes` of ClientHello (Linkerd's 8 KiB buffer).
// Entirely event-driven, so a silent client costs one timer and a few listeners and never blocks
// other connections. Every path removes the listeners and the timer it added; the socket is never
// closed or destroyed here — the caller decides what to do with it.
import type net from 'node:net';
import { MAX_CLIENT_HELLO_BYTES, parseClientHello } from '../transport/client-hello.js';

export interface DetectTlsOptions {
  /** Deadline for the whole detection, from the call (LINKERD2_PROXY_INBOUND_DETECT_TIMEOUT). */
  timeoutMs: number;
  /** Largest ClientHello considered, in wire bytes (records included). Default 8 KiB. */
  maxBytes?: number;
}

export type DetectTlsResult =
  /** A ClientHello. No `sni` means the client sent none (or an invalid one): Linkerd treats that as no TLS. */
  | { kind: 'tls'; sni?: string; alpn?: string[] }
  /**
   * Not a ClientHello. `reason`: 'not_tls' = the bytes can't be one; 'too_large' = a handshake record
   * whose ClientHello would not fit in maxBytes (Linkerd: "no ClientHello" too).
   */
  | { kind: 'plaintext'; reason: 'not_tls' | 'too_large' }
  /** Nothing decisive arrived before the deadline ("TLS detection timed out"). */
  | { kind: 'timeout' }
  /** The peer ended, reset or errored before the bytes were decisive. `error` is set for errors. */
  | { kind: 'closed'; error?: Error };

/**
 * Detect whether `socket` starts with a TLS ClientHello. The socket must not be flowing (no 'data'
 * listener, not piped); it is left paused with every byte read put back, on every outcome except
 * 'closed' (the stream has ended, so there is nothing to hand on).
 */
export function detectTls(socket: net.Socket, opts: DetectTlsOptions): Promise<DetectTlsResult> {
  const maxBytes = opts.maxBytes ?? MAX_CLIENT_HELLO_BYTES;
  return new Promise<DetectTlsResult>((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    // Don't re-parse until this many bytes are here: the parser says nothing new before that, so a
    // client sending one byte at a time costs one parse per decision point, not one per byte.
    let need = 1;
    let settled = false;

    const finish = (result: DetectTlsResult, putBack: boolean): void => {
      if (settled) return;
      settled = true;
      cleanup();
      // Unshift only after our 'readable' listener is gone, so the put-back bytes wait for the next
      // consumer instead of waking us again.
      if (putBack && total > 0) socket.unshift(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total));
      resolve(result);
    };

    const onReadable = (): void => {
      let chunk: Buffer | null;
      while (!settled && (chunk = socket.read() as Buffer | null) !== null) {
        chunks.push(chunk);
        total += chunk.length;
        if (total < need) continue;
        const buf = chunks.length === 1 ? chunk : Buffer.concat(chunks, total);
        chunks.splice(0, chunks.length, buf);
        const r = parseClientHello(buf, maxBytes);
        switch (r.kind) {
          case 'incomplete':
            need = r.need ?? total + 1;
            break;
          case 'client_hello': {
            const tls: DetectTlsResult & { kind: 'tls' } = { kind: 'tls' };
            if (r.sni !== undefined) tls.sni = r.sni;
            if (r.alpn !== undefined) tls.alpn = r.alpn;
            finish(tls, true);
            break;
          }
          case 'not_tls':
          case 'too_large':
            finish({ kind: 'plaintext', reason: r.kind }, true);
            break;
        }
      }
    };
    const onEnd = (): void => finish({ kind: 'closed' }, false);
    const onClose = (): void => finish({ kind: 'closed' }, false);
    const onError = (error: Error): void => finish({ kind: 'closed', error }, false);
    const timer = setTimeout(() => finish({ kind: 'timeout' }, true), opts.timeoutMs);

    function cleanup(): void {
      clearTimeout(timer);
      socket.off('readable', onReadable);
      socket.off('end', onEnd);
      socket.off('close', onClose);
      socket.off('error', onError);
    }

    if (socket.destroyed || socket.readableEnded) {
      finish({ kind: 'closed' }, false);
      return;
    }
    socket.on('end', onEnd);
    socket.on('close', onClose);
    socket.on('error', onError);
    // Attaching 'readable' puts the stream in paused mode, starts reading even if the server was
    // created with pauseOnConnect, and fires at once if bytes are already buffered.
    socket.on('readable', onReadable);
  });
}
