// An in-process proxy for application-port tests: the original destination of each inbound
// connection comes from a table keyed by the client's source IP (127.0.0.x), because without
// iptables nothing else can give a loopback connection an application port as its original
// destination. Everything else is real: listeners, TLS with the test PKI, policy, forwarding,
// metrics and the JSON access log, collected in memory.
import net from 'node:net';
import tls from 'node:tls';
import { once } from 'node:events';
import { pino } from 'pino';
import { expect } from 'vitest';
import { loadConfig } from '../../proxy/config.js';
import { startProxy, type RunningProxy } from '../../proxy/app.js';
import { makeCheckServerIdentity } from '../../proxy/identity/verify.js';
import { origDstFrom } from '../../proxy/transport/orig-dst.js';
import type { SocketAddr } from '../../proxy/transport/addr.js';
import { identityEnv, type Workdir } from './mesh.js';
import { IDS, type TestLeaf } from './pki.js';
import { metricValue } from './proxy-process.js';

export type AppPortLogLine = Record<string, unknown> & { msg?: string; reason?: string; client?: string; error?: string };

export interface AppPortProxy {
  readonly running: RunningProxy;
  readonly lines: AppPortLogLine[];
  /** The access-log line of the connection from `source`, once written. */
  accessLog(source: string): Promise<AppPortLogLine>;
  metric(name: string, labels: Record<string, string>): Promise<number>;
}

/** Source IPs and the original destination each one "was going to". */
export class OrigDstTable {
  readonly #intended = new Map<string, SocketAddr>();
  #next: number;

  constructor(firstSource = 10) {
    this.#next = firstSource;
  }

  /** A fresh source IP whose original destination is 127.0.0.1:`port` (undefined: unknown). */
  source(port: number | undefined): string {
    const ip = `127.0.0.${this.#next++}`;
    if (port !== undefined) this.#intended.set(ip, { ip: '127.0.0.1', port });
    return ip;
  }

  lookup(ip: string | undefined): SocketAddr | undefined {
    return this.#intended.get(ip ?? '');
  }
}

/** Start a proxy with the server identity of `w` and `env` on top of ephemeral listeners. */
export async function startAppPortProxy(w: Workdir, table: OrigDstTable, env: Record<string, string>): Promise<AppPortProxy> {
  const lines: AppPortLogLine[] = [];
  const log = pino({ level: 'debug' }, { write: (s: string) => void lines.push(JSON.parse(s) as AppPortLogLine) });
  const config = loadConfig({
    ...identityEnv(w.pki.leaves.server, w.pki),
    LINKERD2_PROXY_INBOUND_LISTEN_ADDR: '127.0.0.1:0',
    LINKERD2_PROXY_OUTBOUND_LISTEN_ADDR: '127.0.0.1:0',
    LINKERD2_PROXY_ADMIN_LISTEN_ADDR: '127.0.0.1:0',
    LINKERD2_PROXY_INBOUND_DETECT_TIMEOUT: '2s',
    ...env,
  });
  const running = await startProxy({ config, log, inboundOrigDst: origDstFrom((s) => table.lookup(s.remoteAddress), 'test table') });
  const accessLog = async (source: string): Promise<AppPortLogLine> => {
    const find = () => lines.find((l) => l.msg === 'connection closed' && l.client?.startsWith(`${source}:`));
    await expect.poll(find, { timeout: 10_000 }).toBeDefined();
    return find()!;
  };
  const metric = async (name: string, labels: Record<string, string>) => metricValue(await running.metrics.render(), name, labels);
  return { running, lines, accessLog, metric };
}

/** A half-open capable TCP connection from `from` to the proxy's inbound port. */
export function tcpFrom(proxy: AppPortProxy, from: string): net.Socket {
  const s = net.connect({ host: '127.0.0.1', port: proxy.running.inbound.port, localAddress: from, allowHalfOpen: true });
  s.on('error', () => {});
  // Answer the proxy's FIN: 'close' then means the proxy closed on us.
  s.on('end', () => s.end());
  return s;
}

/** Everything the socket delivers until it closes (any way). */
export function readUntilClosed(s: net.Socket): Promise<string> {
  const chunks: Buffer[] = [];
  s.on('data', (d: Buffer) => chunks.push(d));
  return new Promise((r) => s.once('close', () => r(Buffer.concat(chunks).toString())));
}

/** Plain TCP: send, half-close, read until closed ('' when refused). */
export async function plainFrom(proxy: AppPortProxy, from: string, data: string | Buffer): Promise<string> {
  const s = tcpFrom(proxy, from);
  const reply = readUntilClosed(s);
  await once(s, 'connect');
  s.end(data);
  return reply;
}

/** TLS over a TCP connection from `from`; resolves after the handshake (or rejects). */
export async function tlsFrom(proxy: AppPortProxy, from: string, opts: tls.ConnectionOptions): Promise<{ socket: tls.TLSSocket; reply: Promise<string> }> {
  const socket = tls.connect({ socket: tcpFrom(proxy, from), ...opts });
  const reply = readUntilClosed(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('secureConnect', () => resolve());
    socket.once('error', reject);
  });
  socket.on('error', () => {});
  socket.on('end', () => socket.end());
  return { socket, reply };
}

/** Client options for mesh TLS to the server identity, with `leaf` as client certificate (none: anonymous). */
export function meshTls(w: Workdir, leaf?: TestLeaf): tls.ConnectionOptions {
  return {
    servername: IDS.server, ca: w.pki.ca.anchorsPem, checkServerIdentity: makeCheckServerIdentity(IDS.server),
    ...(leaf && { cert: leaf.chainPem, key: leaf.keyPem }),
  };
}
