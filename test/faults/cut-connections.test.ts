// A connection that broke must never look complete to an application (issue 12 §1). Two real
// podwire processes carry a long transfer between two applications; the test then breaks one
// sidecar the way production does — SIGKILL, or SIGTERM with the grace period running out — in
// each direction of transfer, and asserts that both applications see an error (a reset), never a
// clean EOF, and that the surviving sidecar's access log and tcp_close_total say the connection
// failed. The same holds for a gateway killed between two sidecars. A control case checks that a
// clean end still arrives as a half-close with every byte.
import crypto from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IDS, issueLeaf } from '../harness/pki.js';
import {
  identityEnv, makeWorkdir, meshedEndpoint, startClientProxy, startDestinationServer, startServerProxy, SERVICE,
  type RunningPodwire, type Workdir,
} from '../harness/mesh.js';
import type { TestDestinationServer } from '../harness/destination-server.js';
import { connectBulkClient, startBulkServer, watchBulk, type BulkEnd, type BulkServer } from '../harness/bulk.js';
import { fetchText, metricValue, splitAddr, startPodwire } from '../harness/proxy-process.js';
import { writeLeafFiles } from '../../proxy/pki/files.js';

/** How much must have crossed before the cut, so the cut lands mid-transfer. */
const BEFORE_CUT = 4 * 1024 * 1024;

type Mode = 'download' | 'upload';
type Victim = 'server-side' | 'client-side';

interface Transfer {
  readonly client: RunningPodwire & { forwardPort: number };
  readonly server: RunningPodwire;
  readonly app: BulkServer;
  readonly clientApp: BulkEnd;
  readonly serverApp: BulkEnd;
}

/** A surviving sidecar recorded the connection as failed, in its access log and its metrics. */
async function expectFailureRecorded(survivor: RunningPodwire, direction: 'inbound' | 'outbound'): Promise<void> {
  const line = await survivor.proc.waitForLog((l) => l.msg === 'connection closed' && l.direction === direction);
  expect(line.reason).not.toBe('ok');
  const metrics = (await fetchText(survivor.addrs.admin, '/metrics')).body;
  const failedCloses = metrics
    .split('\n')
    .filter((l) => l.startsWith('tcp_close_total{') && l.includes(`direction="${direction}"`) && !l.includes('errno=""'));
  expect(failedCloses.length, `tcp_close_total with an errno on the ${direction} side:\n${metrics}`).toBeGreaterThan(0);
  expect(metricValue(metrics, 'tcp_close_total', { direction, errno: '' })).toBe(0);
}

describe('a cut connection reaches both applications as a reset', () => {
  let w: Workdir;
  let dst: TestDestinationServer;
  const cleanups: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    w = await makeWorkdir();
    dst = await startDestinationServer();
  });
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  afterAll(async () => {
    await dst?.close();
    await w?.cleanup();
  });

  async function startTransfer(mode: Mode, serverEnv: Record<string, string> = {}): Promise<Transfer> {
    const app = await startBulkServer(mode);
    cleanups.push(() => app.close());
    const server = await startServerProxy(w, serverEnv);
    cleanups.push(() => server.proc.stop());
    dst.setEndpoints(`${SERVICE}:80`, [meshedEndpoint(app.port, server, IDS.server)]);
    const client = await startClientProxy(w, dst);
    cleanups.push(() => client.proc.stop());
    const clientApp = await connectBulkClient(client.forwardPort, mode);
    cleanups.push(async () => void clientApp.socket.destroy());
    const serverApp = await app.nextAccepted();
    const receiver = mode === 'download' ? clientApp : serverApp;
    await receiver.receivedAtLeast(BEFORE_CUT);
    return { client, server, app, clientApp, serverApp };
  }

  const victimOf = (t: Transfer, v: Victim): RunningPodwire => (v === 'server-side' ? t.server : t.client);
  const survivorOf = (t: Transfer, v: Victim): RunningPodwire => (v === 'server-side' ? t.client : t.server);

  for (const mode of ['download', 'upload'] as const) {
    for (const victim of ['server-side', 'client-side'] as const) {
      it(`SIGKILL of the ${victim} sidecar during a ${mode}`, async () => {
        const t = await startTransfer(mode);
        victimOf(t, victim).proc.child.kill('SIGKILL');
        const [clientEnding, serverEnding] = await Promise.all([t.clientApp.ending, t.serverApp.ending]);
        expect(clientEnding, 'the client application must not see a clean end').not.toBe('end');
        expect(serverEnding, 'the server application must not see a clean end').not.toBe('end');
        await expectFailureRecorded(survivorOf(t, victim), victim === 'server-side' ? 'outbound' : 'inbound');
      });
    }
  }

  for (const mode of ['download', 'upload'] as const) {
    it(`SIGTERM of the server-side sidecar cuts a ${mode} at the end of the grace period`, async () => {
      const t = await startTransfer(mode, { LINKERD2_PROXY_SHUTDOWN_GRACE_PERIOD: '300ms' });
      t.server.proc.child.kill('SIGTERM');
      expect(await t.server.proc.exit(10_000)).toBe(0);
      const [clientEnding, serverEnding] = await Promise.all([t.clientApp.ending, t.serverApp.ending]);
      expect(clientEnding).toBe('ECONNRESET');
      expect(serverEnding).not.toBe('end');
      await expectFailureRecorded(t.client, 'outbound');
    });
  }

  it('SIGTERM of the client-side sidecar cuts a download at the end of the grace period', async () => {
    const app = await startBulkServer('download');
    cleanups.push(() => app.close());
    const server = await startServerProxy(w);
    cleanups.push(() => server.proc.stop());
    dst.setEndpoints(`${SERVICE}:80`, [meshedEndpoint(app.port, server, IDS.server)]);
    const client = await startClientProxy(w, dst, { LINKERD2_PROXY_SHUTDOWN_GRACE_PERIOD: '300ms' });
    cleanups.push(() => client.proc.stop());
    const clientApp = await connectBulkClient(client.forwardPort, 'download');
    cleanups.push(async () => void clientApp.socket.destroy());
    const serverApp = await app.nextAccepted();
    await clientApp.receivedAtLeast(BEFORE_CUT);
    client.proc.child.kill('SIGTERM');
    expect(await client.proc.exit(10_000)).toBe(0);
    expect(await clientApp.ending).toBe('ECONNRESET');
    expect(await serverApp.ending).not.toBe('end');
    await expectFailureRecorded(server, 'inbound');
  });
});

describe('a clean end is still a clean end', () => {
  let w: Workdir;
  let dst: TestDestinationServer;
  beforeAll(async () => {
    w = await makeWorkdir();
    dst = await startDestinationServer();
  });
  afterAll(async () => {
    await dst?.close();
    await w?.cleanup();
  });

  // Sockets are armed to reset on close, and an abortive close throws away what the kernel has not
  // sent yet. Here the client finishes sending first and reads the reply late, so when each proxy
  // closes its sockets the reply is still queued in them: a socket not disarmed in time would lose
  // it (and reset the client) instead of delivering every byte and a FIN.
  it('half-closes carry through both proxies, every byte arrives, nothing is reset', async () => {
    const reply = crypto.randomBytes(8 * 1024 * 1024);
    const app = net.createServer({ allowHalfOpen: true }, (s) => {
      s.resume();
      s.on('end', () => s.end(reply)); // the client's half-close, then the whole reply and ours
    });
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', () => r()));
    const server = await startServerProxy(w);
    const client = await startClientProxy(w, dst);
    try {
      dst.setEndpoints(`${SERVICE}:80`, [meshedEndpoint((app.address() as net.AddressInfo).port, server, IDS.server)]);
      for (let round = 0; round < 5; round++) {
        const c = net.connect({ host: '127.0.0.1', port: client.forwardPort, allowHalfOpen: true });
        c.pause();
        c.end('request');
        await new Promise((r) => setTimeout(r, 300)); // let the reply pile up in every socket
        const got = watchBulk(c);
        const chunks: Buffer[] = [];
        c.on('data', (d: Buffer) => chunks.push(d));
        c.resume();
        expect(await got.ending).toBe('end');
        expect(Buffer.concat(chunks).equals(reply), `round ${round}: ${got.received()} of ${reply.length} bytes`).toBe(true);
      }
      const line = await client.proc.waitForLog((l) => l.msg === 'connection closed' && l.direction === 'outbound');
      expect(line.reason).toBe('ok');
      const metrics = (await fetchText(client.addrs.admin, '/metrics')).body;
      expect(metricValue(metrics, 'tcp_close_total', { direction: 'outbound', errno: '' })).toBeGreaterThanOrEqual(5);
    } finally {
      await client.proc.stop();
      await server.proc.stop();
      await new Promise<void>((r) => app.close(() => r()));
    }
  });
});

describe('a gateway that dies mid-transfer', () => {
  const GATEWAY_ID = 'linkerd-gateway.linkerd-multicluster.serviceaccount.identity.linkerd.cluster.local';
  const MIRROR = 'web-west.default.svc.cluster.local:80';
  let w: Workdir;
  let east: TestDestinationServer;
  let west: TestDestinationServer;
  beforeAll(async () => {
    w = await makeWorkdir();
    [east, west] = await Promise.all([startDestinationServer(), startDestinationServer()]);
  });
  afterAll(async () => {
    await Promise.all([east?.close(), west?.close()]);
    await w?.cleanup();
  });

  // Both legs of a gateway are podwire-to-podwire mTLS; killing the gateway must reset both.
  it('resets the client and the server application (SIGKILL of the gateway during a download)', async () => {
    const app = await startBulkServer('download');
    const server = await startServerProxy(w);
    const bundle = await issueLeaf([GATEWAY_ID]);
    const paths = writeLeafFiles(path.join(w.dir, 'gateway'), bundle);
    const { proc: gatewayProc, addrs } = await startPodwire({
      ...identityEnv({ ...bundle, id: GATEWAY_ID, dir: paths.dir, certFile: paths.certFile, keyFile: paths.keyFile }, w.pki),
      PODWIRE_GATEWAY: 'true',
      LINKERD2_PROXY_DESTINATION_SVC_ADDR: west.addr,
      PODWIRE_INBOUND_TARGET_IP: '127.0.0.1',
    });
    const client = await startClientProxy(w, east, {}, `127.0.0.1:0=${MIRROR}`);
    try {
      west.setEndpoints(SERVICE + ':80', [meshedEndpoint(app.port, server, IDS.server)]);
      east.setEndpoints(MIRROR, [{
        ip: '127.0.0.1', port: splitAddr(addrs.inbound).port, identity: GATEWAY_ID, authorityOverride: `${SERVICE}:80`,
        labels: { target_cluster: 'west', target_service: 'web', target_service_namespace: 'default' },
      }]);
      const clientApp = await connectBulkClient(client.forwardPort, 'download');
      const serverApp = await app.nextAccepted();
      await clientApp.receivedAtLeast(BEFORE_CUT);
      gatewayProc.child.kill('SIGKILL');
      expect(await clientApp.ending).not.toBe('end');
      expect(await serverApp.ending).not.toBe('end');
      await expectFailureRecorded(client, 'outbound');
      await expectFailureRecorded(server, 'inbound');
      clientApp.socket.destroy();
    } finally {
      await Promise.all([client.proc.stop(), gatewayProc.stop(), server.proc.stop()]);
      await app.close();
    }
  });
});
