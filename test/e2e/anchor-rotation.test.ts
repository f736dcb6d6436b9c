// A changed trust-anchor bundle takes effect for new handshakes without a restart, and a live
// connection made under the old bundle keeps working.
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS } from '../harness/pki.js';
import { startEchoServer, type TestServer } from '../harness/servers.js';
import { probe } from '../harness/tls-client.js';
import { makeWorkdir, startServerProxy, type Workdir, type RunningPodwire } from '../harness/mesh.js';
import { TRANSPORT_ALPN, encodeHeader } from '../../proxy/transport/header.js';

describe('trust anchor bundle rotation', () => {
  let w: Workdir;
  let echo: TestServer;
  let server: RunningPodwire;

  beforeAll(async () => {
    w = await makeWorkdir();
    echo = await startEchoServer();
    server = await startServerProxy(w);
  });

  afterAll(async () => {
    await server?.proc.stop();
    await echo?.close();
    await w?.cleanup();
  });

  const connect = (leaf = w.pki.leaves.client) =>
    probe({ port: server.inboundPort, serverName: IDS.server, anchorsPem: w.pki.ca.anchorsPem, leaf, alpn: [TRANSPORT_ALPN] });

  it('trusts a newly added root for new connections and keeps the live one', async () => {
    const live = await connect();
    const got: Buffer[] = [];
    live.socket.on('data', (d: Buffer) => got.push(d));
    live.socket.write(Buffer.concat([encodeHeader({ port: echo.port }), Buffer.from('a;')]));
    await expect.poll(() => Buffer.concat(got).toString()).toBe('a;');

    const foreign = await connect(w.pki.leaves.wrongCa);
    foreign.socket.write(encodeHeader({ port: echo.port }));
    await foreign.closed();
    await server.proc.waitForAccessLog({ reason: 'untrusted_client_cert' });

    // Add the other CA's root to the bundle the server watches.
    writeFileSync(w.pki.ca.anchorsFile, w.pki.ca.anchorsPem + w.pki.otherCa.anchorsPem);
    await server.proc.waitForLog((l) => l.msg === 'identity credentials rotated', 15_000);

    const admitted = await connect(w.pki.leaves.wrongCa);
    admitted.socket.end(Buffer.concat([encodeHeader({ port: echo.port }), Buffer.from('now trusted')]));
    expect((await admitted.closed()).data.toString()).toBe('now trusted');

    live.socket.write('b;');
    await expect.poll(() => Buffer.concat(got).toString()).toBe('a;b;');
    live.socket.end();
    await live.closed();
  });
});
