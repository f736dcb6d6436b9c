// The README's "Rotating trust anchors" procedure, end to end, for file identities: a client proxy
// and a server proxy (real processes, watched PODWIRE_IDENTITY_* files, a test Destination server)
// carry continuous traffic - a loop of fresh connections and one long-lived connection exchanging
// data - while the mesh moves from one root to another with `podwire pki` commands: new anchor,
// combined bundle, leaves rolled (the server's re-issued; the client's own leaf re-chained with its
// issuer cross-signed by the new root), old root removed. No
// connection may fail. At each step we check which root the server's presented chain leads to.
// Afterwards the old root really is gone: a leaf chaining only to it is refused in both directions
// (untrusted_client_cert, untrusted_server_cert), and an expired leaf is refused by the server.
import { X509Certificate } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS } from '../harness/pki.js';
import { roundTrip, startEchoServer, type TestServer } from '../harness/servers.js';
import { fetchText, metricValue, type ProxyProcess, type LogLine } from '../harness/proxy-process.js';
import {
  SERVICE, makeWorkdir, meshedEndpoint, startClientProxy, startDestinationServer, startServerProxy, type RunningPodwire, type Workdir,
} from '../harness/mesh.js';
import type { TestDestinationServer } from '../harness/destination-server.js';
import { createLeaf } from '../../proxy/pki/certs.js';
import { CERT_MODE, readCaFiles, writeLeafFiles, writePemFile } from '../../proxy/pki/files.js';
import { runPkiCommand } from '../../proxy/pki/cli.js';
import { TRANSPORT_ALPN, encodeHeader } from '../../proxy/transport/header.js';

const WEB = `${SERVICE}:80`;
const STALE = 'stale.default.svc.cluster.local:80';

/** `podwire pki …` as the README runs it (in this process: the proxies are the processes under test). */
async function pki(...args: string[]): Promise<string> {
  let out = '';
  let err = '';
  const code = await runPkiCommand(args, { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } });
  if (code !== 0) throw new Error(`podwire pki ${args.join(' ')} exited ${code}: ${err}`);
  return out;
}

/** Fresh connections through the client proxy, two at a time, until stopped; every reply must echo. */
class FreshConnections {
  ok = 0;
  readonly failures: string[] = [];
  private stopped = false;
  private readonly loops: Promise<void>[];

  constructor(port: number) {
    this.loops = [0, 1].map((i) => this.loop(port, i));
  }

  private async loop(port: number, i: number): Promise<void> {
    for (let n = 0; !this.stopped; n++) {
      const payload = `fresh-${i}-${n};`;
      try {
        const reply = (await roundTrip(port, payload)).toString();
        if (reply === payload) this.ok++;
        else this.failures.push(`${payload} answered ${JSON.stringify(reply)}`);
      } catch (err) {
        this.failures.push(`${payload} ${(err as Error).message}`);
      }
    }
  }

  /** Wait until `n` more connections succeeded. */
  async progress(n = 10): Promise<void> {
    const target = this.ok + n;
    await expect.poll(() => this.ok, { timeout: 15_000 }).toBeGreaterThanOrEqual(target);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
  }
}

/** One connection through the client proxy for the whole test, writing a tick every 100 ms. */
class LongLived {
  private readonly socket: net.Socket;
  private sent = '';
  private received = '';
  private closed = false;
  private readonly timer: NodeJS.Timeout;

  constructor(port: number) {
    this.socket = net.connect({ host: '127.0.0.1', port, allowHalfOpen: true });
    this.socket.on('data', (d: Buffer) => (this.received += d.toString()));
    this.socket.on('error', () => {});
    this.socket.on('close', () => (this.closed = true));
    let n = 0;
    this.timer = setInterval(() => this.write(`tick-${n++};`), 100);
  }

  private write(s: string): void {
    if (this.closed) return;
    this.sent += s;
    this.socket.write(s);
  }

  /** Everything written so far has come back, and the connection is still open. */
  async caughtUp(): Promise<void> {
    const mark = this.sent.length;
    await expect.poll(() => this.received.length >= mark, { timeout: 10_000 }).toBe(true);
    expect(this.closed).toBe(false);
    expect(this.received.slice(0, mark)).toBe(this.sent.slice(0, mark));
  }

  destroy(): void {
    clearInterval(this.timer);
    this.socket.destroy();
  }

  /** Bytes the application wrote: the proxy's bytes_in for this connection. */
  bytes(): number {
    return Buffer.byteLength(this.sent);
  }

  async end(): Promise<void> {
    clearInterval(this.timer);
    await this.caughtUp();
    this.socket.end();
    await expect.poll(() => this.closed, { timeout: 10_000 }).toBe(true);
    expect(this.received).toBe(this.sent);
  }
}

/** Wait for a log line matching `pred` written after `mark` (an index into proc.logs). */
function logAfter(proc: ProxyProcess, mark: number, pred: (l: LogLine) => boolean, timeoutMs = 15_000): Promise<LogLine> {
  return proc.waitForLog((l) => proc.logs.indexOf(l) >= mark && pred(l), timeoutMs);
}

describe('trust-anchor rotation with file identities (README procedure)', () => {
  let w: Workdir;
  let dst: TestDestinationServer;
  let echo: TestServer;
  let server: RunningPodwire;
  let stale: RunningPodwire | undefined;
  let client: RunningPodwire & { forwardPorts: number[] };
  let fresh: FreshConnections | undefined;
  let live: LongLived | undefined;
  const d = (p: string) => path.join(w.dir, 'pki', p);

  beforeAll(async () => {
    w = await makeWorkdir();
    [dst, echo] = await Promise.all([startDestinationServer(), startEchoServer()]);
  });

  afterAll(async () => {
    await fresh?.stop();
    live?.destroy();
    await Promise.all([client?.proc.stop(), server?.proc.stop(), stale?.proc.stop()]);
    await echo?.close();
    await dst?.close();
    await w?.cleanup();
  });

  const fileEnv = (name: string) => ({
    PODWIRE_IDENTITY_CERT_FILE: d(`${name}/tls.crt`),
    PODWIRE_IDENTITY_KEY_FILE: d(`${name}/tls.key`),
    PODWIRE_IDENTITY_TRUST_ANCHORS_FILE: d(`${name}/anchors.pem`),
  });

  /** Connect to the server proxy's inbound port trusting only `rootFile`; does the server's chain verify? */
  async function serverChainLeadsTo(rootFile: string, leafDir: string): Promise<boolean> {
    const socket = tls.connect({
      host: '127.0.0.1', port: server.inboundPort, servername: IDS.server, ca: readFileSync(rootFile),
      cert: readFileSync(`${leafDir}/tls.crt`), key: readFileSync(`${leafDir}/tls.key`),
      ALPNProtocols: [TRANSPORT_ALPN], minVersion: 'TLSv1.3', rejectUnauthorized: false, checkServerIdentity: () => undefined,
    });
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    await new Promise((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject));
    const authorized = socket.authorized;
    // Finish as a well-behaved client so the probe is a successful connection, not a failure.
    socket.end(Buffer.concat([encodeHeader({ port: echo.port }), Buffer.from('probe')]));
    await new Promise((r) => socket.once('close', r));
    expect(Buffer.concat(chunks).toString()).toBe('probe');
    return authorized;
  }

  async function rootsOfServerChain(probeLeafDir: string): Promise<string[]> {
    const roots: string[] = [];
    for (const name of ['anchor', 'anchor-2']) {
      if (existsSync(d(`${name}/ca.crt`)) && (await serverChainLeadsTo(d(`${name}/ca.crt`), probeLeafDir))) roots.push(name);
    }
    return roots;
  }

  /** Write a proxy's bundle with `pki bundle --force` and wait until that proxy applied it. */
  async function distributeBundle(proxy: RunningPodwire, name: string, ...anchors: string[]): Promise<void> {
    const mark = proxy.proc.logs.length;
    await pki('bundle', '--out', d(`${name}/anchors.pem`), '--force', ...anchors.map((a) => d(a)));
    await logAfter(proxy.proc, mark, (l) => l.msg === 'identity credentials rotated');
  }

  /** Roll a proxy's leaf onto `issuerDir` and wait until it serves the new certificate. */
  async function rollLeaf(proxy: RunningPodwire, name: string, identity: string, issuerDir: string): Promise<void> {
    await pki('leaf', '--issuer', d(issuerDir), '--identity', identity, '--out', d(name), '--force');
    const fingerprint = new X509Certificate(readFileSync(d(`${name}/tls.crt`))).fingerprint256;
    await proxy.proc.waitForLog((l) => l.msg === 'identity credentials rotated' && l['fingerprint'] === fingerprint);
  }

  it('adds the new root, rolls every leaf onto it and removes the old root with zero failed connections', async () => {
    // Step 0: today's mesh, one root; each proxy has its own watched bundle file.
    await pki('mesh', '--out', d('.'), '--identity', IDS.client, '--identity', IDS.server, '--identity', IDS.other);
    for (const name of ['client', 'server']) await pki('bundle', '--out', d(`${name}/anchors.pem`), d('anchor'));
    server = await startServerProxy(w, fileEnv('server'));
    dst.setEndpoints(WEB, [meshedEndpoint(echo.port, server, IDS.server)]);
    client = await startClientProxy(w, dst, fileEnv('client'), `127.0.0.1:0=${WEB},127.0.0.1:0=${STALE}`);
    fresh = new FreshConnections(client.forwardPorts[0]!);
    live = new LongLived(client.forwardPorts[0]!);
    await fresh.progress();
    await live.caughtUp();
    expect(await rootsOfServerChain(d('other'))).toEqual(['anchor']);

    // Step 1: a second trust anchor. Same default CN as the first: only key ids tell them apart.
    await pki('anchor', '--out', d('anchor-2'));

    // Step 2: both roots in every bundle, hot. The server's chain still leads to the old root.
    await distributeBundle(server, 'server', 'anchor', 'anchor-2');
    await distributeBundle(client, 'client', 'anchor', 'anchor-2');
    await fresh.progress();
    await live.caughtUp();
    expect(await rootsOfServerChain(d('other'))).toEqual(['anchor']);

    // A broken bundle is refused and the previous anchors stay in force.
    let mark = server.proc.logs.length;
    writeFileSync(d('server/anchors.pem'), 'this is not PEM\n');
    const refused = await logAfter(server.proc, mark, (l) => l.msg === 'identity reload failed; keeping previous credentials');
    expect(refused['err']).toMatch(/trust anchors file .*anchors\.pem: no usable trust anchors/);
    await fresh.progress();
    // Putting the good bundle back is no change at all for the proxy (it never left it).
    await pki('bundle', '--out', d('server/anchors.pem'), '--force', d('anchor'), d('anchor-2'));

    // Step 3: leaves onto the new root: the server's from a re-issued issuer (new key); the
    // client's own leaf re-chained with the old issuer cross-signed by the new anchor (same key).
    const switchedAt = Date.now() / 1000;
    await pki('issuer', '--anchor', d('anchor-2'), '--out', d('issuer-2'));
    await pki('cross-sign', '--issuer', d('issuer'), '--anchor', d('anchor-2'), '--out', d('issuer-x'));
    await rollLeaf(server, 'server', IDS.server, 'issuer-2');
    // The client keeps its leaf and key; only the issuer certificate next to it changes.
    mark = client.proc.logs.length;
    const clientLeaf = readFileSync(d('client/tls.crt'), 'utf8').split(/(?<=-----END CERTIFICATE-----\n)/)[0]!;
    writePemFile(d('client/tls.crt'), clientLeaf + readFileSync(d('issuer-x/ca.crt'), 'utf8'), CERT_MODE, { overwrite: true });
    await logAfter(client.proc, mark, (l) => l.msg === 'identity credentials rotated');
    await pki('leaf', '--issuer', d('issuer-2'), '--identity', IDS.other, '--out', d('other'), '--force');
    await fresh.progress();
    await live.caughtUp();
    expect(await rootsOfServerChain(d('other'))).toEqual(['anchor-2']);

    // Step 4: every chain in use leads to the new root, and every proxy loaded a cert after the switch.
    await pki('verify', '--anchors', d('anchor-2/ca.crt'), d('client'), d('server'));
    for (const proxy of [client, server]) {
      const metrics = (await fetchText(proxy.addrs.admin, '/metrics')).body;
      expect(metricValue(metrics, 'control_identity_cert_refresh_timestamp_seconds')).toBeGreaterThanOrEqual(Math.floor(switchedAt));
    }

    // Step 5: the old root leaves every bundle.
    await distributeBundle(server, 'server', 'anchor-2');
    await distributeBundle(client, 'client', 'anchor-2');
    await fresh.progress();
    await live.caughtUp();
    expect(await rootsOfServerChain(d('other'))).toEqual(['anchor-2']);

    await fresh.stop();
    await live.end();
    expect(fresh.failures).toEqual([]);
    expect(fresh.ok).toBeGreaterThan(50);
    // Nothing failed on either proxy either; the long-lived connection closed cleanly at the end.
    await client.proc.waitForAccessLog({ direction: 'outbound', reason: 'ok', bytes_in: live.bytes() });
    for (const proxy of [client, server]) {
      expect(proxy.proc.accessLogs().filter((l) => l['reason'] !== 'ok')).toEqual([]);
    }
  }, 120_000);

  /** Present `leafDir`'s certificate to the server proxy; resolves with what came back when it closes. */
  async function presentClientLeaf(leafDir: string): Promise<string> {
    const socket = tls.connect({
      host: '127.0.0.1', port: server.inboundPort, servername: IDS.server, ca: readFileSync(d('anchor-2/ca.crt')),
      cert: readFileSync(`${leafDir}/tls.crt`), key: readFileSync(`${leafDir}/tls.key`),
      ALPNProtocols: [TRANSPORT_ALPN], minVersion: 'TLSv1.3', rejectUnauthorized: false, checkServerIdentity: () => undefined,
    });
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => {});
    socket.once('secureConnect', () => socket.end(Buffer.concat([encodeHeader({ port: echo.port }), Buffer.from('let me in')])));
    await new Promise((r) => socket.once('close', r));
    return Buffer.concat(chunks).toString();
  }

  it('afterwards refuses leaves chaining only to the old root, both ways, and expired leaves', async () => {
    // A client that never got its leaf rolled: the server refuses it.
    await pki('leaf', '--issuer', d('issuer'), '--identity', IDS.client, '--out', d('client-stale'));
    let mark = server.proc.logs.length;
    expect(await presentClientLeaf(d('client-stale'))).toBe('');
    const inbound = await logAfter(server.proc, mark, (l) => l.msg === 'connection closed');
    expect(inbound).toMatchObject({ direction: 'inbound', reason: 'untrusted_client_cert' });

    // A server that never got its leaf rolled (it did get the bundle): the client refuses it.
    // This is Linkerd's outage when the old root goes before every workload re-certified.
    await pki('leaf', '--issuer', d('issuer'), '--identity', IDS.server, '--out', d('server-stale'));
    await pki('bundle', '--out', d('server-stale/anchors.pem'), d('anchor'), d('anchor-2'));
    stale = await startServerProxy(w, fileEnv('server-stale'));
    dst.setEndpoints(STALE, [meshedEndpoint(echo.port, stale, IDS.server)]);
    const reply = await roundTrip(client.forwardPorts[1]!, 'hello').catch(() => Buffer.alloc(0));
    expect(reply.toString()).toBe('');
    const outbound = await client.proc.waitForAccessLog({ direction: 'outbound', reason: 'untrusted_server_cert' });
    expect(outbound['error']).toMatch(/not trusted/);
    // That proxy refuses a bundle its own leaf would not chain to, and keeps the old one.
    mark = stale.proc.logs.length;
    await pki('bundle', '--out', d('server-stale/anchors.pem'), '--force', d('anchor-2'));
    const kept = await logAfter(stale.proc, mark, (l) => l.msg === 'identity reload failed; keeping previous credentials');
    expect(kept['err']).toMatch(/does not chain to any trust anchor/);

    // An expired leaf from the current issuer: refused for its dates alone.
    const expired = await createLeaf(readCaFiles(d('issuer-2')), {
      identities: [IDS.client], notBefore: new Date(Date.now() - 7_200_000), validSeconds: 3600,
    });
    writeLeafFiles(d('client-expired'), expired);
    mark = server.proc.logs.length;
    expect(await presentClientLeaf(d('client-expired'))).toBe('');
    const expiredLine = await logAfter(server.proc, mark, (l) => l.msg === 'connection closed');
    expect(expiredLine).toMatchObject({ direction: 'inbound', reason: 'untrusted_client_cert', error: expect.stringMatching(/CERT_HAS_EXPIRED/) });

    // While a current leaf is still welcome.
    expect(await presentClientLeaf(d('other'))).toBe('let me in');
  }, 60_000);
});
