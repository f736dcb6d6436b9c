// The inbound direct port refuses everything that isn't mutual TLS + ALPN + a sane transport
// header, closes within the detect bound, counts and logs the reason, and forwards nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS } from '../harness/pki.js';
import { startEchoServer, type TestServer } from '../harness/servers.js';
import { fetchText, metricValue } from '../harness/proxy-process.js';
import { probe } from '../harness/tls-client.js';
import { makeWorkdir, startServerProxy, type Workdir, type RunningPodwire } from '../harness/mesh.js';
import { encodeHeader, PREFACE, TRANSPORT_ALPN } from '../../proxy/transport/header.js';

describe('inbound direct port refusals', () => {
  let w: Workdir;
  let echo: TestServer;
  let server: RunningPodwire;

  beforeAll(async () => {
    w = await makeWorkdir();
    echo = await startEchoServer();
    server = await startServerProxy(w, { LINKERD2_PROXY_INBOUND_DETECT_TIMEOUT: '800ms' });
  });

  afterAll(async () => {
    await server?.proc.stop();
    await echo?.close();
    await w?.cleanup();
  });

  const connect = (leaf = w.pki.leaves.client, alpn: string[] | null = [TRANSPORT_ALPN]) =>
    probe({ port: server.inboundPort, serverName: IDS.server, anchorsPem: w.pki.ca.anchorsPem, leaf, ...(alpn && { alpn }) });

  async function expectRefused(reason: string, before: () => Promise<{ closed: () => Promise<{ afterMs: number; data: Buffer }> }>, maxMs = 3000) {
    const connectionsBefore = echo.connections();
    const p = await before();
    const { afterMs, data } = await p.closed();
    expect(afterMs).toBeLessThan(maxMs);
    expect(data.length).toBe(0);
    const line = await server.proc.waitForAccessLog({ reason });
    expect(line.direction).toBe('inbound');
    expect(echo.connections()).toBe(connectionsBefore);
    const metrics = (await fetchText(server.addrs.admin, '/metrics')).body;
    expect(metricValue(metrics, 'inbound_tcp_errors_total', { reason })).toBeGreaterThanOrEqual(1);
    return line;
  }

  it('accepts a well-formed connection (control case)', async () => {
    const p = await connect();
    p.socket.end(Buffer.concat([encodeHeader({ port: echo.port }), Buffer.from('ping')]));
    const { data } = await p.closed();
    expect(data.toString()).toBe('ping');
  });

  it('refuses a client without a certificate', async () => {
    await expectRefused('no_client_identity', async () => {
      const p = await probe({ port: server.inboundPort, serverName: IDS.server, anchorsPem: w.pki.ca.anchorsPem, alpn: [TRANSPORT_ALPN] });
      p.socket.write(encodeHeader({ port: echo.port }));
      return p;
    });
  });

  it('refuses a client certificate from another CA', async () => {
    await expectRefused('untrusted_client_cert', async () => {
      const p = await connect(w.pki.leaves.wrongCa);
      p.socket.write(encodeHeader({ port: echo.port }));
      return p;
    });
  });

  it('refuses a connection without the transport ALPN, naming the ones it accepts', async () => {
    const line = await expectRefused('no_transport_alpn', async () => {
      const p = await connect(w.pki.leaves.client, null);
      p.socket.write(encodeHeader({ port: echo.port }));
      return p;
    });
    // With the defaults the inbound also accepts the multiplexed transport.
    expect(String(line.error)).toContain('ALPN podwire.mux/1 or transport.l5d.io/v1');
  });

  it('closes a malformed header', async () => {
    await expectRefused('header_malformed', async () => {
      const p = await connect();
      // Valid preface and length, but the protobuf says port 0.
      p.socket.write(Buffer.concat([PREFACE, Buffer.from([0, 0, 0, 2, 0x08, 0x00])]));
      return p;
    });
  });

  it('closes a wrong preface', async () => {
    await expectRefused('header_missing', async () => {
      const p = await connect();
      p.socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      return p;
    });
  });

  it('closes an oversized header without waiting for its body', async () => {
    await expectRefused('header_too_large', async () => {
      const p = await connect();
      p.socket.write(Buffer.concat([PREFACE, Buffer.from([0x7f, 0xff, 0xff, 0xff])]));
      return p;
    }, 700);
  });

  it('closes a slow header at the detect timeout', async () => {
    const p = await connect();
    // A valid preface, one byte every 100 ms: never wrong, never complete within the bound.
    let i = 0;
    const trickle = setInterval(() => p.socket.writable && i < PREFACE.length && p.socket.write(PREFACE.subarray(i, ++i)), 100);
    try {
      const { afterMs } = await p.closed();
      expect(afterMs).toBeGreaterThanOrEqual(600);
      expect(afterMs).toBeLessThan(2500);
    } finally {
      clearInterval(trickle);
    }
    await server.proc.waitForAccessLog({ reason: 'header_timeout' });
  });

  it('closes a silent connection at the detect timeout', async () => {
    await expectRefused('header_timeout', () => connect(), 2500);
  });

  it('refuses a header naming the inbound port itself', async () => {
    await expectRefused('header_targets_inbound_port', async () => {
      const p = await connect();
      p.socket.write(encodeHeader({ port: server.inboundPort }));
      return p;
    });
  });
});

describe('inbound TLS version', () => {
  it('refuses TLS 1.2', async () => {
    const w = await makeWorkdir();
    const server = await startServerProxy(w);
    try {
      const tls = await import('node:tls');
      const err = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
        const s = tls.connect({
          host: '127.0.0.1', port: server.inboundPort, servername: IDS.server, ca: w.pki.ca.anchorsPem,
          cert: w.pki.leaves.client.chainPem, key: w.pki.leaves.client.keyPem, ALPNProtocols: [TRANSPORT_ALPN],
          maxVersion: 'TLSv1.2', checkServerIdentity: () => undefined,
        });
        s.once('secureConnect', () => {
          s.destroy();
          resolve(undefined);
        });
        s.once('error', resolve);
      });
      expect(err).toBeDefined();
      await server.proc.waitForAccessLog({ reason: 'tls_handshake_failed' });
    } finally {
      await server.proc.stop();
      await w.cleanup();
    }
  });
});
