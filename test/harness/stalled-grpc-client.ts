// A gRPC client that never reads: plain node:http2, announcing an initial stream window of 0 and
// never consuming what arrives, so a server can send it headers but not one byte of messages.
// This is what a stuck or malicious proxy looks like to the controller (the case of issue 12 §4),
// and what grpc-js's own client cannot be made to do. Requests are sent as real gRPC frames
// (5-byte length prefix + protobuf, encoded by hand from the spec's field numbers).
import http2 from 'node:http2';

function varint(n: number): number[] {
  const out: number[] = [];
  for (; n >= 0x80; n >>>= 7) out.push((n & 0x7f) | 0x80);
  out.push(n);
  return out;
}

/** One protobuf string field: tag, varint length, bytes. */
function stringField(field: number, text: string): Buffer {
  const bytes = Buffer.from(text);
  return Buffer.concat([Buffer.from([(field << 3) | 2, ...varint(bytes.length)]), bytes]);
}

/** GetDestination { path = 2 }. */
export function getDestinationRequest(path: string): Buffer {
  return stringField(2, path);
}

/** PortSpec { workload = 1, port = 2 }. */
export function portSpecRequest(workload: string, port: number): Buffer {
  return Buffer.concat([stringField(1, workload), Buffer.from([2 << 3, ...varint(port)])]);
}

export const DESTINATION_GET = '/io.linkerd.proxy.destination.Destination/Get';
export const POLICY_WATCH_PORT = '/io.linkerd.proxy.inbound.InboundServerPolicies/WatchPort';

export interface StalledStream {
  /** The server answered with response headers (the call is being served). */
  readonly answered: Promise<void>;
  /** Resolves with the RST_STREAM code once the stream closes (0 = closed without a reset). */
  readonly closed: Promise<number>;
  /** Whether the stream is closed by now. */
  readonly isClosed: () => boolean;
}

export class StalledGrpcClient {
  readonly #session: http2.ClientHttp2Session;

  constructor(addr: string) {
    // initialWindowSize 0: no DATA frame may be sent on any stream until we say so, and we never do.
    this.#session = http2.connect(`http://${addr}`, { settings: { initialWindowSize: 0, enablePush: false } });
    this.#session.on('error', () => {});
  }

  /** Open a server-streaming call and never read from it. */
  open(method: string, request: Buffer): StalledStream {
    const stream = this.#session.request({
      ':method': 'POST', ':path': method, 'content-type': 'application/grpc', te: 'trailers',
    });
    // Never resumed: Node consumes (and so grants window for) only what the application reads.
    stream.pause();
    stream.on('error', () => {});
    const frame = Buffer.alloc(5 + request.length);
    frame.writeUInt32BE(request.length, 1);
    request.copy(frame, 5);
    stream.end(frame);
    let isClosed = false;
    return {
      answered: new Promise((resolve) => stream.once('response', () => resolve())),
      closed: new Promise((resolve) => stream.once('close', () => {
        isClosed = true;
        resolve(stream.rstCode ?? 0);
      })),
      isClosed: () => isClosed,
    };
  }

  close(): void {
    this.#session.destroy();
  }
}
