// A hand-driven TLS client for probing podwire's inbound port: choose the certificate (or none),
// ALPN (or none) and exactly which bytes to send, then observe how the proxy ends the connection.
import tls from 'node:tls';
import type { TestLeaf } from './pki.js';

export interface ProbeOptions {
  readonly port: number;
  readonly serverName: string;
  readonly anchorsPem: string;
  readonly leaf?: TestLeaf;
  readonly alpn?: string[];
}

export interface Probe {
  readonly socket: tls.TLSSocket;
  /** Resolves when the proxy closes the connection (any way), with how long after `since` it took. */
  closed(): Promise<{ afterMs: number; data: Buffer }>;
  readonly since: number;
}

export function probe(opts: ProbeOptions): Promise<Probe> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: '127.0.0.1',
      port: opts.port,
      servername: opts.serverName,
      ca: opts.anchorsPem,
      ...(opts.leaf && { cert: opts.leaf.chainPem, key: opts.leaf.keyPem }),
      ...(opts.alpn && { ALPNProtocols: opts.alpn }),
      minVersion: 'TLSv1.3',
      checkServerIdentity: () => undefined,
    });
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    const closedP = new Promise<void>((r) => socket.once('close', () => r()));
    socket.once('error', (err) => {
      if (!socket.readyState || socket.connecting) reject(err);
    });
    socket.once('secureConnect', () => {
      const since = Date.now();
      resolve({
        socket,
        since,
        closed: async () => {
          await closedP;
          return { afterMs: Date.now() - since, data: Buffer.concat(chunks) };
        },
      });
    });
  });
}
