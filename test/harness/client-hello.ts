// ClientHello fixtures for the parser and detection tests: real ClientHellos captured from Node's own
// tls.connect (the first bytes a real client sends, read by a raw TCP server), a re-framer that splits
// one handshake message across several records, and a small encoder for synthetic hellos (RFC 8446
// §4.1.2 layout) so properties can be checked over generated SNI/ALPN/extension sets.
import { once } from 'node:events';
import net from 'node:net';
import tls from 'node:tls';

/** Capture the first TLS record(s) carrying a real client's ClientHello (Node/OpenSSL). */
export async function captureClientHello(opts: tls.ConnectionOptions): Promise<Buffer> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  try {
    const got = new Promise<Buffer>((resolve, reject) => {
      server.once('connection', (s: net.Socket) => {
        let buf = Buffer.alloc(0);
        s.on('data', (c: Buffer) => {
          buf = Buffer.concat([buf, c]);
          const end = handshakeEnd(buf);
          if (end !== undefined) {
            s.destroy();
            resolve(buf.subarray(0, end));
          }
        });
        s.on('error', reject);
      });
    });
    const client = tls.connect({ host: '127.0.0.1', port, ...opts });
    client.on('error', () => {}); // we hang up on it mid-handshake
    const hello = await got;
    client.destroy();
    return hello;
  } finally {
    server.close();
  }
}

/**
 * Independent of the parser under test: walk records until the handshake message named by the
 * first 4 handshake bytes is complete; the offset just past it, or undefined if not yet.
 */
function handshakeEnd(buf: Buffer): number | undefined {
  let off = 0;
  const hs: number[] = [];
  while (off + 5 <= buf.length) {
    const len = buf.readUInt16BE(off + 3);
    for (let i = off + 5; i < Math.min(off + 5 + len, buf.length); i++) hs.push(buf[i]!);
    if (hs.length >= 4) {
      const want = 4 + ((hs[1]! << 16) | (hs[2]! << 8) | hs[3]!);
      if (hs.length >= want) return off + 5 + len - (hs.length - want);
    }
    off += 5 + len;
  }
  return undefined;
}

/** The handshake message (header + body) inside a single-record ClientHello. */
export function handshakeMessage(record: Uint8Array): Buffer {
  const b = Buffer.from(record);
  return b.subarray(5, 5 + b.readUInt16BE(3));
}

/** Frame a handshake message into records of the given fragment sizes (the last takes the rest). */
export function frame(msg: Uint8Array, sizes: readonly number[] = [], recordVersion = 0x0301): Buffer {
  const out: Buffer[] = [];
  let off = 0;
  for (const size of sizes) {
    if (off >= msg.length) break;
    const n = Math.max(1, Math.min(size, msg.length - off));
    out.push(recordHeader(n, recordVersion), Buffer.from(msg.subarray(off, off + n)));
    off += n;
  }
  while (off < msg.length) {
    const n = Math.min(16384, msg.length - off);
    out.push(recordHeader(n, recordVersion), Buffer.from(msg.subarray(off, off + n)));
    off += n;
  }
  return Buffer.concat(out);
}

function recordHeader(len: number, version: number): Buffer {
  const h = Buffer.alloc(5);
  h[0] = 22;
  h.writeUInt16BE(version, 1);
  h.writeUInt16BE(len, 3);
  return h;
}

export interface SyntheticHello {
  /** Raw host_name bytes (a string is encoded as latin1); omitted = no server_name extension. */
  sni?: string | Uint8Array;
  alpn?: string[];
  /** Other extensions, in order, placed before server_name (type, data). */
  extensions?: Array<[number, Uint8Array]>;
  sessionId?: Uint8Array;
  /** Leave the extensions block out entirely (TLS 1.2-style hello). */
  noExtensions?: boolean;
}

/** Encode a ClientHello handshake message (header included). */
export function encodeClientHello(h: SyntheticHello): Buffer {
  const exts: Buffer[] = [];
  for (const [type, data] of h.extensions ?? []) exts.push(ext(type, data));
  if (h.sni !== undefined) {
    const name = typeof h.sni === 'string' ? Buffer.from(h.sni, 'latin1') : Buffer.from(h.sni);
    const entry = Buffer.concat([Buffer.from([0]), u16(name.length), name]);
    exts.push(ext(0, Buffer.concat([u16(entry.length), entry])));
  }
  if (h.alpn !== undefined) {
    const list = Buffer.concat(h.alpn.map((p) => Buffer.concat([Buffer.from([p.length]), Buffer.from(p, 'latin1')])));
    exts.push(ext(16, Buffer.concat([u16(list.length), list])));
  }
  const sid = Buffer.from(h.sessionId ?? new Uint8Array(32).fill(7));
  const extBlock = Buffer.concat(exts);
  const body = Buffer.concat([
    Buffer.from([3, 3]),
    Buffer.alloc(32, 0xab),
    Buffer.from([sid.length]),
    sid,
    u16(4),
    Buffer.from([0x13, 0x01, 0x13, 0x02]),
    Buffer.from([1, 0]),
    h.noExtensions ? Buffer.alloc(0) : Buffer.concat([u16(extBlock.length), extBlock]),
  ]);
  return Buffer.concat([Buffer.from([1, body.length >> 16, (body.length >> 8) & 0xff, body.length & 0xff]), body]);
}

/** A padding extension (RFC 7685, type 21) of `n` zero bytes — stands in for a PQ hybrid key share. */
export function padding(n: number): [number, Uint8Array] {
  return [21, new Uint8Array(n)];
}

function ext(type: number, data: Uint8Array): Buffer {
  return Buffer.concat([u16(type), u16(data.length), Buffer.from(data)]);
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}
