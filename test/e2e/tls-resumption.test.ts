// TLS session resumption between two real podwire processes: the client proxy resumes the second
// and later connections (outbound_tls_handshakes_total{resumed}); the server's identity rotation
// forces a full handshake; and the server's policy holds on resumed sessions: a policy edit that
// revokes the client cuts a live resumed connection and denies the next resumed one.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS, issueLeaf } from '../harness/pki.js';
import { startEchoServer, roundTrip, type TestServer } from '../harness/servers.js';
import { fetchText, metricValue } from '../harness/proxy-process.js';
import {
  makeWorkdir, startClientProxy, startServerProxy, startDestinationServer, meshedEndpoint, identityPolicyYaml, SERVICE,
  type Workdir, type RunningPodwire,
} from '../harness/mesh.js';
import type { TestDestinationServer } from '../harness/destination-server.js';
import { writeLeafFiles } from '../../proxy/pki/files.js';

const policyYaml = (port: number, allowed: string): string => identityPolicyYaml([port], allowed);
// Resumption saves a handshake per application connection, which only the per-connection path
// (Linkerd's protocol) makes: with mux (PODWIRE_MUX=true) connections are streams on one pooled
// connection and there is no second handshake to resume (test/e2e/mux.test.ts counts those, and
// its rotation and policy-cut cases are this file's on the mux path).
const PER_CONNECTION = { PODWIRE_MUX: 'false' };

describe('TLS session resumption between podwire proxies', () => {
  let w: Workdir;
  let dst: TestDestinationServer;
  let app: TestServer;
  let server: RunningPodwire;
  let client: RunningPodwire & { forwardPort: number };
  let policyFile: string;

  beforeAll(async () => {
    w = await makeWorkdir();
    dst = await startDestinationServer();
    app = await startEchoServer();
    fs.mkdirSync(path.join(w.dir, 'policy'));
    policyFile = path.join(w.dir, 'policy', 'policy.yaml');
    fs.writeFileSync(policyFile, policyYaml(app.port, IDS.client));
    server = await startServerProxy(w, { ...PER_CONNECTION, PODWIRE_POLICY_FILE: policyFile, LINKERD2_PROXY_INBOUND_DEFAULT_POLICY: 'deny' });
    dst.setEndpoints(`${SERVICE}:80`, [meshedEndpoint(app.port, server, IDS.server)]);
    client = await startClientProxy(w, dst, PER_CONNECTION);
  }, 60_000);

  afterAll(async () => {
    await client?.proc.stop();
    await server?.proc.stop();
    await app?.close();
    await dst?.close();
    await w?.cleanup();
  });

  const handshakes = async () => {
    const text = (await fetchText(client.addrs.admin, '/metrics')).body;
    return { resumed: metricValue(text, 'outbound_tls_handshakes_total', { resumed: 'true' }), full: metricValue(text, 'outbound_tls_handshakes_total', { resumed: 'false' }) };
  };
  const allowedByServer = () => server.proc.logs.filter((l) => l.msg === 'connection closed' && l.direction === 'inbound' && l.client_id === IDS.client && l.reason === 'ok').length;

  it('resumes the second and later connections, and the server still authorizes the client identity', async () => {
    for (let i = 0; i < 4; i++) expect((await roundTrip(client.forwardPort, `hello ${i}`)).toString()).toBe(`hello ${i}`);
    expect(await handshakes()).toEqual({ full: 1, resumed: 3 });
    await server.proc.waitFor(() => allowedByServer() === 4, 'four allowed connections from the client identity', 10_000);
  });

  it('after the server rotates its certificate the next connection does a full handshake', async () => {
    const before = await handshakes();
    writeLeafFiles(w.pki.leaves.server.dir, await issueLeaf([IDS.server]), { overwrite: true });
    await server.proc.waitForLog((l) => l.msg === 'identity credentials rotated', 15_000);
    expect((await roundTrip(client.forwardPort, 'after rotation')).toString()).toBe('after rotation');
    expect((await roundTrip(client.forwardPort, 'resumed again')).toString()).toBe('resumed again');
    expect(await handshakes()).toEqual({ full: before.full + 1, resumed: before.resumed + 1 });
  }, 30_000);

  it('a policy edit that revokes the client cuts a live resumed connection and denies the next resumed one', async () => {
    const before = await handshakes();
    const live = net.connect({ host: '127.0.0.1', port: client.forwardPort });
    live.on('error', () => {});
    const closed = new Promise<void>((r) => live.once('close', () => r()));
    const echoed = new Promise<string>((r) => live.once('data', (d: Buffer) => r(d.toString())));
    live.write('still here');
    expect(await echoed).toBe('still here');
    expect((await handshakes()).resumed).toBe(before.resumed + 1);

    fs.writeFileSync(`${policyFile}.tmp`, policyYaml(app.port, IDS.other));
    fs.renameSync(`${policyFile}.tmp`, policyFile);
    await closed;
    await server.proc.waitForAccessLog({ reason: 'policy_changed', client_id: IDS.client });

    const seen = app.connections();
    const reply = await roundTrip(client.forwardPort, 'denied?').then((b) => b.toString(), () => '');
    expect(reply).toBe('');
    await server.proc.waitForAccessLog({ reason: 'unauthorized', client_id: IDS.client });
    expect(app.connections()).toBe(seen);
    // That connection's handshake was resumed: the denial holds on resumed sessions.
    expect((await handshakes()).resumed).toBe(before.resumed + 2);
  }, 30_000);
});
