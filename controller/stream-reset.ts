// Hard-cancel a grpc-js server stream: send RST_STREAM(CANCEL) on its HTTP/2 stream at once.
//
// Why not end() or emit('error')? Both queue a status behind the messages grpc-js already holds,
// and a status is sent only after those messages are flushed, which a client that grants no
// HTTP/2 window never allows: the call and everything buffered for it would stay in memory for as
// long as the connection lives. Resetting the HTTP/2 stream makes nghttp2 drop the stream's
// pending data (Node completes its queued writes with ECANCELED), grpc-js sees the stream close,
// reports the call as cancelled and destroys its own write buffer. The client gets CANCELLED and,
// being a discovery client, reconnects and starts again from a fresh snapshot.
//
// grpc-js (1.14) exposes no server-side cancel, so this reaches the http2 stream through the
// call's internals: ServerWritableStreamImpl.call is the interceptor chain whose innermost link
// (BaseServerInterceptingCall) holds `stream`. If the internals ever change shape, the fallback
// destroys the call's writable side, which at least frees what grpc-js buffered, and says so.
import http2 from 'node:http2';
import type * as grpc from '@grpc/grpc-js';

interface InterceptingCallLike {
  readonly stream?: unknown;
  readonly nextCall?: unknown;
}

/** The HTTP/2 stream under a grpc-js server call, or undefined when the internals differ. */
export function http2StreamOf(call: grpc.ServerWritableStream<unknown, unknown>): http2.ServerHttp2Stream | undefined {
  let link = (call as unknown as { call?: unknown }).call;
  // Interceptors wrap the base call; follow nextCall down to it (a few links at most).
  for (let depth = 0; depth < 16 && typeof link === 'object' && link !== null; depth++) {
    const l = link as InterceptingCallLike;
    if (isHttp2Stream(l.stream)) return l.stream;
    link = l.nextCall;
  }
  return undefined;
}

/** node:http2 does not export its stream class; its shape says enough. */
function isHttp2Stream(x: unknown): x is http2.ServerHttp2Stream {
  const s = x as Partial<http2.ServerHttp2Stream> | null;
  return typeof s === 'object' && s !== null && typeof s.close === 'function' && typeof s.respond === 'function' && 'rstCode' in s;
}

/**
 * Reset the call's HTTP/2 stream with CANCEL, dropping whatever is buffered for it. Returns false
 * when the stream could not be found (then only grpc-js's own buffer is freed).
 */
export function resetServerStream(call: grpc.ServerWritableStream<unknown, unknown>): boolean {
  const stream = http2StreamOf(call);
  if (stream) {
    if (!stream.closed && !stream.destroyed) stream.close(http2.constants.NGHTTP2_CANCEL);
    return true;
  }
  call.destroy();
  return false;
}
