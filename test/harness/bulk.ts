// Long transfers for fault tests: an application server that streams bytes to whoever connects
// (a download) or swallows whatever it is sent (an upload), a client that does the other half, and
// a record of how each application socket ended — a clean 'end' or an error code — which is what
// a test about cut connections asserts on. Bounded: a pump stops after `limitBytes`.
//
// These applications run on Node, whose libuv reports an RST that arrives behind unread data as a
// clean EOF (EPOLLHUP after a short read). An application in another runtime reads ECONNRESET
// there; a Node one can ask the kernel, as podwire itself does (linger.ts) and as these do: at EOF
// they read SO_ERROR, so 'end' here means the stream really ended.
import net from 'node:net';
import { resetBehindEof } from '../../proxy/transport/linger.js';

/** How an application socket's stream finished, from that application's point of view. */
export type Ending = 'end' | string;

export interface BulkEnd {
  readonly socket: net.Socket;
  /** Bytes this side has read so far. */
  received(): number;
  /** Resolves with 'end' (a clean EOF) or the error code (ECONNRESET, EPIPE…) that ended it. */
  readonly ending: Promise<Ending>;
  /** Resolves once `n` bytes have been read. */
  receivedAtLeast(n: number, timeoutMs?: number): Promise<void>;
}

const CHUNK = Buffer.alloc(64 * 1024, 0x5a);

/** Watch a socket: count what it reads and note how it ended (first of 'end' or 'error'). */
export function watchBulk(socket: net.Socket): BulkEnd {
  let received = 0;
  const waiters: Array<{ n: number; wake: () => void }> = [];
  socket.on('data', (d: Buffer) => {
    received += d.length;
    for (const w of waiters.filter((x) => received >= x.n)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.wake();
    }
  });
  const ending = new Promise<Ending>((resolve) => {
    socket.once('end', () => resolve(resetBehindEof(socket)?.code ?? 'end'));
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
  return {
    socket,
    received: () => received,
    ending,
    receivedAtLeast: (n, timeoutMs = 20_000) =>
      new Promise<void>((resolve, reject) => {
        if (received >= n) return resolve();
        const timer = setTimeout(() => reject(new Error(`only ${received} of ${n} bytes arrived within ${timeoutMs}ms`)), timeoutMs);
        waiters.push({ n, wake: () => (clearTimeout(timer), resolve()) });
      }),
  };
}

/** Write CHUNKs with backpressure until `limitBytes`, an error or a close. Never ends the socket. */
export function pump(socket: net.Socket, limitBytes = 4 * 1024 ** 3): void {
  let sent = 0;
  const step = (): void => {
    while (!socket.destroyed && sent < limitBytes) {
      sent += CHUNK.length;
      if (!socket.write(CHUNK)) {
        socket.once('drain', step);
        return;
      }
    }
  };
  socket.on('error', () => {});
  step();
}

export interface BulkServer {
  readonly port: number;
  /** The server side of each accepted connection, in accept order. */
  readonly accepted: BulkEnd[];
  nextAccepted(timeoutMs?: number): Promise<BulkEnd>;
  close(): Promise<void>;
}

/**
 * An application server on loopback. 'download': streams to each client (which sends nothing);
 * 'upload': reads and counts. Either way it never ends its own side on its own.
 */
export function startBulkServer(mode: 'download' | 'upload'): Promise<BulkServer> {
  const accepted: BulkEnd[] = [];
  const pending: Array<(e: BulkEnd) => void> = [];
  let handed = 0;
  const server = net.createServer({ allowHalfOpen: true }, (s) => {
    const end = watchBulk(s);
    accepted.push(end);
    pending.shift()?.(end);
    if (mode === 'download') pump(s);
  });
  return new Promise((resolve) => {
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      resolve({
        port: (server.address() as net.AddressInfo).port,
        accepted,
        nextAccepted: (timeoutMs = 10_000) =>
          new Promise<BulkEnd>((res, rej) => {
            const ready = accepted[handed];
            if (ready) {
              handed += 1;
              return res(ready);
            }
            const timer = setTimeout(() => rej(new Error('the application server accepted nothing')), timeoutMs);
            pending.push((e) => {
              handed += 1;
              clearTimeout(timer);
              res(e);
            });
          }),
        close: () =>
          new Promise<void>((r) => {
            for (const a of accepted) a.socket.destroy();
            server.close(() => r());
          }),
      });
    });
  });
}

/** Connect a client application to `port` and watch it; 'upload' pumps bytes to the server. */
export function connectBulkClient(port: number, mode: 'download' | 'upload'): Promise<BulkEnd> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port, allowHalfOpen: true });
    s.once('error', reject);
    s.once('connect', () => {
      s.off('error', reject);
      const end = watchBulk(s);
      if (mode === 'upload') pump(s);
      resolve(end);
    });
  });
}
