// Out of file descriptors at accept: a client-side podwire started with a low RLIMIT_NOFILE (via
// util-linux prlimit) is filled with held connections until it refuses. Each refusal must be
// counted in outbound_tcp_accept_errors_total{errno="EMFILE"}, a warning must name the listener
// and errno, the admin port must still answer (descriptors are kept in reserve for it), and once
// the held connections close the proxy must carry traffic again.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS } from '../harness/pki.js';
import { roundTrip, startEchoServer, type TestServer } from '../harness/servers.js';
import { fetchText, metricValue, splitAddr, startPodwire, type ProxyProcess, type ReadyAddrs } from '../harness/proxy-process.js';
import {
  identityEnv, makeWorkdir, meshedEndpoint, startDestinationServer, startServerProxy, SERVICE,
  type RunningPodwire, type Workdir,
} from '../harness/mesh.js';
import type { TestDestinationServer } from '../harness/destination-server.js';

/** Small enough to reach in a few hundred connections, large enough for node's own descriptors. */
const NOFILE = 256;
/** Upper bound on connections tried: the limit is reached well before (two descriptors each). */
const MAX_ATTEMPTS = NOFILE;

type Outcome = { socket: net.Socket } | { refused: string };

/** Connect through the forward and wait for the echo of one byte: held open, or refused. */
function openHeld(port: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const timer = setTimeout(() => finish({ refused: 'timeout' }), 5_000);
    const finish = (o: Outcome) => {
      clearTimeout(timer);
      if ('refused' in o) socket.destroy();
      resolve(o);
    };
    socket.on('error', (err: NodeJS.ErrnoException) => finish({ refused: err.code ?? err.message }));
    socket.on('close', () => finish({ refused: 'closed' }));
    socket.once('data', () => finish({ socket }));
    socket.write('x');
  });
}

describe('accept when the proxy is out of file descriptors', () => {
  let w: Workdir;
  let dst: TestDestinationServer;
  let echo: TestServer;
  let server: RunningPodwire;
  let client: { proc: ProxyProcess; addrs: ReadyAddrs };
  let forwardPort: number;

  beforeAll(async () => {
    w = await makeWorkdir();
    dst = await startDestinationServer();
    echo = await startEchoServer();
    server = await startServerProxy(w);
    dst.setEndpoints(`${SERVICE}:80`, [meshedEndpoint(echo.port, server, IDS.server)]);
    client = await startPodwire({
      ...identityEnv(w.pki.leaves.client, w.pki),
      LINKERD2_PROXY_DESTINATION_SVC_ADDR: dst.addr,
      PODWIRE_OUTBOUND_FORWARDS: `127.0.0.1:0=${SERVICE}:80`,
    }, [], ['prlimit', `--nofile=${NOFILE}`]);
    forwardPort = splitAddr(client.addrs.forwards[0]!).port;
  });

  afterAll(async () => {
    await client?.proc.stop();
    await server?.proc.stop();
    await echo?.close();
    await dst?.close();
    await w?.cleanup();
  });

  it('counts and logs refusals, keeps the admin port up, and accepts again once descriptors free up', async () => {
    const held: net.Socket[] = [];
    const refusals: string[] = [];
    try {
      for (let i = 0; i < MAX_ATTEMPTS && refusals.length < 5; i++) {
        const o = await openHeld(forwardPort);
        if ('socket' in o) held.push(o.socket);
        else refusals.push(o.refused);
      }
      // The limit was reached with most descriptors serving connections, then refused.
      expect(held.length).toBeGreaterThan(NOFILE / 4);
      console.log(`accept-emfile: ${held.length} connections held at RLIMIT_NOFILE=${NOFILE} before refusals`);
      expect(refusals.length).toBe(5);
      expect(refusals.every((r) => r === 'ECONNRESET')).toBe(true);

      // Scraped while at the limit: the reserve keeps the admin listener working.
      const metrics = (await fetchText(client.addrs.admin, '/metrics')).body;
      expect(metricValue(metrics, 'outbound_tcp_accept_errors_total', {
        errno: 'EMFILE', reason: 'fd_limit', listen_addr: client.addrs.forwards[0]!,
      })).toBe(refusals.length);
      const warning = await client.proc.waitForLog((l) => (l.msg ?? '').includes('refusing connections'));
      expect(warning).toMatchObject({ listener: `forward to ${SERVICE}:80`, addr: client.addrs.forwards[0], errno: 'EMFILE' });
      // Rate-limited: one warning for the burst, not one per refusal.
      expect(client.proc.logs.filter((l) => (l.msg ?? '').includes('refusing connections'))).toHaveLength(1);
    } finally {
      for (const s of held) s.destroy();
    }

    // Released: the next connection is carried end to end again, and the recovery is logged.
    await expect.poll(async () => (await roundTrip(forwardPort, 'after').catch(() => Buffer.from(''))).toString(), { timeout: 10_000 }).toBe('after');
    const again = await client.proc.waitForLog((l) => (l.msg ?? '').includes('accepting connections again'));
    expect(again).toMatchObject({ listener: `forward to ${SERVICE}:80` });
    // The released descriptors may take a moment to close: attempts in between are refused too.
    expect(again.refused).toBeGreaterThanOrEqual(refusals.length);
  });
});
