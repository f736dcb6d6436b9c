// Inbound connections redirected from application ports (spec §4.4), run in-process so each
// client's original destination can be supplied (SO_ORIGINAL_DST arrives with transparent
// interception): meshed TLS terminated, foreign SNI passed through to a TLS app, plaintext allowed
// or denied by the default policy, an opaque port skipping detection, slow and silent clients timed
// out without holding up a real client, and the inbound port itself keeping the direct path.
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS, type TestLeaf } from '../harness/pki.js';
import { startEchoServer, type TestServer } from '../harness/servers.js';
import { selfSignedLocalhost } from '../harness/sockets.js';
import { captureClientHello } from '../harness/client-hello.js';
import { makeWorkdir, type Workdir } from '../harness/mesh.js';
import {
  meshTls, OrigDstTable, plainFrom, readUntilClosed, startAppPortProxy, tcpFrom, tlsFrom, type AppPortProxy,
} from '../harness/app-port-proxy.js';
import { encodeHeader, TRANSPORT_ALPN } from '../../proxy/transport/header.js';

type Proxy = AppPortProxy;

describe('inbound on application ports', () => {
  let w: Workdir;
  let echo: TestServer;
  let opaqueApp: TestServer;
  let idleApp: TestServer;
  /** A TLS application server with its own certificate, which the proxy knows nothing about. */
  let tlsApp: { port: number; certPem: string; fingerprint: string; close(): void };
  let open: Proxy;
  let strict: Proxy;
  /** Where each client "was going", keyed by its source IP (filled before it connects). */
  const table = new OrigDstTable();
  const start = (env: Record<string, string>): Promise<Proxy> => startAppPortProxy(w, table, env);

  beforeAll(async () => {
    w = await makeWorkdir();
    [echo, opaqueApp, idleApp] = await Promise.all([startEchoServer(), startEchoServer(), startEchoServer()]);
    const cert = await selfSignedLocalhost();
    const server = tls.createServer({ key: cert.keyPem, cert: cert.certPem, allowHalfOpen: true }, (s) => {
      s.on('error', () => {});
      s.pipe(s);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    tlsApp = {
      port: (server.address() as net.AddressInfo).port,
      certPem: cert.certPem,
      fingerprint: new X509Certificate(cert.certPem).fingerprint256,
      close: () => server.close(),
    };
    open = await start({
      LINKERD2_PROXY_INBOUND_DEFAULT_POLICY: 'all-unauthenticated',
      LINKERD2_PROXY_INBOUND_PORTS_DISABLE_PROTOCOL_DETECTION: String(opaqueApp.port),
    });
    strict = await start({ LINKERD2_PROXY_INBOUND_DEFAULT_POLICY: 'all-authenticated' });
  });

  afterAll(async () => {
    await open?.running.shutdown();
    await strict?.running.shutdown();
    await Promise.all([echo?.close(), opaqueApp?.close(), idleApp?.close()]);
    tlsApp?.close();
    await w?.cleanup();
  });

  const source = (port: number | undefined): string => table.source(port);
  const tcp = tcpFrom;
  const collect = readUntilClosed;
  const plain = plainFrom;
  const mesh = (leaf?: TestLeaf): tls.ConnectionOptions => meshTls(w, leaf);

  it('terminates meshed TLS (SNI = our identity): the app sees plaintext, client_id is logged and labelled', async () => {
    const from = source(echo.port);
    const seen = echo.connections();
    const { socket, reply } = await tlsFrom(open, from, mesh(w.pki.leaves.client));
    expect(socket.alpnProtocol).toBe(false);
    socket.end('meshed hello');
    expect(await reply).toBe('meshed hello');
    expect(Buffer.concat(echo.received[seen] ?? []).toString()).toBe('meshed hello');
    const line = await open.accessLog(from);
    expect(line).toMatchObject({ direction: 'inbound', client_id: IDS.client, target: `127.0.0.1:${echo.port}`, reason: 'ok' });
    expect(await open.metric('tcp_open_total', { direction: 'inbound', peer: 'src', tls: 'true', client_id: IDS.client, target_port: String(echo.port) })).toBe(1);
    expect(await open.metric('inbound_tcp_authz_allow_total', { tls: 'true', client_id: IDS.client, srv_name: 'all-unauthenticated' })).toBeGreaterThanOrEqual(1);
  });

  it('passes a foreign SNI through untouched: the client handshakes with the app\'s own certificate', async () => {
    const from = source(tlsApp.port);
    const { socket, reply } = await tlsFrom(open, from, { servername: 'localhost', ca: tlsApp.certPem });
    expect(socket.getPeerX509Certificate()?.fingerprint256).toBe(tlsApp.fingerprint);
    socket.end('to the app');
    expect(await reply).toBe('to the app');
    expect(await open.accessLog(from)).toMatchObject({ reason: 'ok', target: `127.0.0.1:${tlsApp.port}` });
    expect(await open.metric('tcp_open_total', { direction: 'inbound', peer: 'src', tls: 'opaque', sni: 'localhost', target_port: String(tlsApp.port) })).toBe(1);
    expect(await open.metric('inbound_tcp_authz_allow_total', { tls: 'opaque', sni: 'localhost', target_port: String(tlsApp.port) })).toBe(1);
  });

  it('forwards plaintext under all-unauthenticated', async () => {
    const from = source(echo.port);
    expect(await plain(open, from, 'plain text')).toBe('plain text');
    expect(await open.accessLog(from)).toMatchObject({ reason: 'ok' });
    expect(await open.metric('tcp_open_total', { peer: 'src', tls: 'no_identity', no_tls_reason: 'no_tls_from_remote', target_port: String(echo.port) })).toBeGreaterThanOrEqual(1);
  });

  it('refuses plaintext and TLS without a client certificate under all-authenticated, but admits a mesh identity', async () => {
    const seen = echo.connections();
    const p = source(echo.port);
    expect(await plain(strict, p, 'let me in')).toBe('');
    expect(await strict.accessLog(p)).toMatchObject({ reason: 'unauthorized', target: `127.0.0.1:${echo.port}` });
    const anon = source(echo.port);
    const { socket, reply } = await tlsFrom(strict, anon, mesh());
    socket.end('anonymous');
    expect(await reply).toBe('');
    expect(await strict.accessLog(anon)).toMatchObject({ reason: 'unauthorized' });
    expect(echo.connections()).toBe(seen);
    expect(await strict.metric('inbound_tcp_authz_deny_total', { srv_name: 'all-authenticated', target_port: String(echo.port), tls: 'no_identity' })).toBe(1);
    expect(await strict.metric('inbound_tcp_authz_deny_total', { srv_name: 'all-authenticated', target_port: String(echo.port), tls: 'true', client_id: '' })).toBe(1);
    expect(await strict.metric('inbound_tcp_errors_total', { reason: 'unauthorized' })).toBe(2);
    expect(strict.lines.filter((l) => l.msg === 'connection denied by policy' && l.port === echo.port)).toHaveLength(2);

    const ok = source(echo.port);
    const allowed = await tlsFrom(strict, ok, mesh(w.pki.leaves.client));
    allowed.socket.end('with identity');
    expect(await allowed.reply).toBe('with identity');
    expect(await strict.accessLog(ok)).toMatchObject({ reason: 'ok', client_id: IDS.client });
  });

  it('refuses a client certificate from another CA (untrusted_client_cert)', async () => {
    const from = source(echo.port);
    const reply = await tlsFrom(open, from, mesh(w.pki.leaves.wrongCa)).then((c) => c.reply, () => '');
    expect(await reply).toBe('');
    expect(await open.accessLog(from)).toMatchObject({ reason: 'untrusted_client_cert' });
  });

  it('skips detection on an opaque port: a ClientHello naming us reaches the app byte for byte', async () => {
    const hello = await captureClientHello({ servername: IDS.server, ca: w.pki.ca.anchorsPem });
    const from = source(opaqueApp.port);
    const seen = opaqueApp.connections();
    await plain(open, from, hello);
    expect(Buffer.concat(opaqueApp.received[seen] ?? []).equals(hello)).toBe(true);
    expect(await open.accessLog(from)).toMatchObject({ reason: 'ok', target: `127.0.0.1:${opaqueApp.port}` });
    expect(await open.metric('tcp_open_total', { peer: 'src', tls: 'no_identity', no_tls_reason: 'port_skipped', target_port: String(opaqueApp.port) })).toBe(1);
    expect(await open.metric('inbound_tcp_authz_allow_total', { tls: 'no_identity', no_tls_reason: 'port_skipped', target_port: String(opaqueApp.port) })).toBe(1);
  });

  it('closes slow and silent clients at the detect timeout (detect_timeout) while serving another client', async () => {
    const hello = await captureClientHello({ servername: IDS.server, ca: w.pki.ca.anchorsPem });
    const events: string[] = [];
    const idle: Array<{ from: string; closed: Promise<void> }> = [];
    for (let i = 0; i < 5; i++) {
      const from = source(idleApp.port);
      const s = tcp(open, from);
      idle.push({ from, closed: new Promise<void>((r) => s.once('close', () => (events.push(`idle ${i} closed`), r()))) });
    }
    const slowFrom = source(idleApp.port);
    const slow = tcp(open, slowFrom);
    await once(slow, 'connect');
    let sent = 0;
    const trickle = setInterval(() => {
      if (sent < hello.length && !slow.destroyed) slow.write(hello.subarray(sent, ++sent));
    }, 100);
    const slowClosed = new Promise<void>((r) => slow.once('close', () => (events.push('slow closed'), r())));

    const from = source(echo.port);
    const { socket, reply } = await tlsFrom(open, from, mesh(w.pki.leaves.client));
    socket.end('not blocked');
    expect(await reply).toBe('not blocked');
    events.push('served');

    await Promise.all([slowClosed, ...idle.map((c) => c.closed)]);
    clearInterval(trickle);
    // Detection is per connection: the real client was served before any waiting one was dropped.
    expect(events[0]).toBe('served');
    expect(sent).toBeLessThan(hello.length);
    for (const c of [...idle.map((i) => i.from), slowFrom]) {
      expect(await open.accessLog(c)).toMatchObject({ reason: 'detect_timeout', target: `127.0.0.1:${idleApp.port}` });
    }
    expect(await open.metric('inbound_tcp_errors_total', { error: 'tls detection timeout', reason: 'detect_timeout' })).toBe(6);
    expect(idleApp.connections()).toBe(0);
  });

  it('re-checks a live app-port connection on a policy edit and closes it (policy_changed)', async () => {
    const file = path.join(w.dir, 'app-port-policy.yaml');
    const rule = (authn: string) => `ports:\n  - port: ${echo.port}\n    name: app\n    authentication: ${authn}\n`;
    fs.writeFileSync(file, rule('unauthenticated'));
    const filed = await start({ PODWIRE_POLICY_FILE: file, LINKERD2_PROXY_INBOUND_DEFAULT_POLICY: 'deny' });
    try {
      const from = source(echo.port);
      const live = tcp(filed, from);
      const closed = collect(live);
      live.write('still here');
      const [first] = (await once(live, 'data')) as [Buffer];
      expect(first.toString()).toBe('still here');

      fs.writeFileSync(`${file}.tmp`, rule('any-mesh-identity'));
      fs.renameSync(`${file}.tmp`, file);
      await closed;
      expect(await filed.accessLog(from)).toMatchObject({ reason: 'policy_changed', target: `127.0.0.1:${echo.port}` });
      expect(await filed.metric('inbound_tcp_authz_terminate_total', { srv_name: 'app', tls: 'no_identity' })).toBe(1);
      const meshed = source(echo.port);
      const { socket, reply } = await tlsFrom(filed, meshed, mesh(w.pki.leaves.client));
      socket.end('mesh still fine');
      expect(await reply).toBe('mesh still fine');
    } finally {
      await filed.running.shutdown();
    }
  });

  it('keeps the direct path when the original destination is the inbound port, or unknown', async () => {
    for (const from of [source(open.running.inbound.port), source(undefined)]) {
      const { socket, reply } = await tlsFrom(open, from, { ...mesh(w.pki.leaves.client), ALPNProtocols: [TRANSPORT_ALPN] });
      socket.end(Buffer.concat([encodeHeader({ port: echo.port }), Buffer.from('direct')]));
      expect(await reply).toBe('direct');
      expect(await open.accessLog(from)).toMatchObject({ reason: 'ok', client_id: IDS.client, target: `127.0.0.1:${echo.port}` });
    }
    // Plaintext there is not "plaintext on an app port": the direct port demands mutual TLS.
    const from = source(open.running.inbound.port);
    expect(await plain(open, from, 'no tls')).toBe('');
    expect(await open.accessLog(from)).toMatchObject({ reason: 'tls_handshake_failed' });
  });
});
