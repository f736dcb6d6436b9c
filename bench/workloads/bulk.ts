// Bulk throughput: `connections` connections each ask the backend for `GET /bulk` (an endless
// response) and count every byte received for the measured time. MB/s is 10^6 bytes per second.
import net from 'node:net';
import type { Target } from './target.js';

export interface BulkFigures {
  readonly mbPerSec: number;
  readonly bytes: number;
  readonly errors: number;
}

const REQUEST = Buffer.from('GET /bulk HTTP/1.1\r\nhost: bench\r\n\r\n');

export async function runBulk(target: Target, opts: { connections: number; durationMs: number }): Promise<BulkFigures> {
  let bytes = 0;
  let errors = 0;
  const sockets: net.Socket[] = [];
  let counting = false;
  await Promise.all(Array.from({ length: opts.connections }, () => new Promise<void>((resolve, reject) => {
    const s = net.connect({ host: target.host, port: target.port });
    sockets.push(s);
    s.once('connect', () => {
      s.write(REQUEST);
      resolve();
    });
    s.on('data', (chunk: Buffer) => {
      if (counting) bytes += chunk.length;
    });
    s.on('error', (err) => {
      if (!counting) reject(err);
      else errors++;
    });
  })));
  // Let the stream reach its pace before counting.
  await new Promise((r) => setTimeout(r, Math.min(200, opts.durationMs / 5)));
  counting = true;
  const start = performance.now();
  await new Promise((r) => setTimeout(r, opts.durationMs));
  counting = false;
  const seconds = (performance.now() - start) / 1000;
  for (const s of sockets) s.destroy();
  return { mbPerSec: bytes / seconds / 1e6, bytes, errors };
}
