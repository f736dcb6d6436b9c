// One deadline covers the TCP connect and the TLS handshake of a dial: a peer that accepts TCP
// but never answers the ClientHello fails the dial with tls_handshake_timeout at the deadline and
// is hung up on.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCredentials, type Credentials } from '../../proxy/identity/credentials.js';
import { dialEndpoint } from '../../proxy/outbound/connect.js';
import type { Endpoint } from '../../discovery-client/types.js';
import { IDS } from '../harness/pki.js';
import { makeWorkdir, type Workdir } from '../harness/mesh.js';

describe('dialEndpoint deadline', () => {
  let w: Workdir;
  let creds: Credentials;
  let silent: net.Server;
  const held: net.Socket[] = [];
  const closed: Promise<void>[] = [];

  beforeAll(async () => {
    w = await makeWorkdir();
    const c = w.pki.leaves.client;
    creds = buildCredentials({ chainPem: c.chainPem, keyPem: c.keyPem, anchorsPem: w.pki.ca.anchorsPem, localId: IDS.client });
    // Accepts, reads (so it sees the hang-up) and never says a word.
    silent = net.createServer((s) => {
      held.push(s);
      s.resume();
      closed.push(new Promise((r) => s.on('close', () => r())));
      s.on('error', () => {});
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
  });

  afterAll(async () => {
    for (const s of held) s.destroy();
    silent?.close();
    await w?.cleanup();
  });

  const port = (srv: net.Server) => (srv.address() as net.AddressInfo).port;
  const meshed = (p: number): Endpoint => ({
    addr: { ip: '127.0.0.1', port: p }, weight: 1, labels: {},
    identity: { kind: 'dns', id: IDS.server, serverName: IDS.server },
  });

  it('fails a handshake the peer never answers at the deadline, and hangs up', { timeout: 5000 }, async () => {
    const started = Date.now();
    await expect(dialEndpoint(meshed(port(silent)), { connectTimeoutMs: 300, credentials: creds, localIps: new Set() }))
      .rejects.toMatchObject({ reason: 'tls_handshake_timeout' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    await closed[0];
  });
});
