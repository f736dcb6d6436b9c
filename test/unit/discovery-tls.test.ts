// How the discovery client secures its controller connection: plaintext without TLS material (the
// proxy passes none for loopback addresses, as Linkerd does); otherwise mTLS where the controller is
// verified by identity (SAN), not by the host dialed. The end-to-end cases use a real TLS
// Destination server on 127.0.0.1 with certificates from podwire's own PKI code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIssuer, createLeaf, createTrustAnchor } from '../../proxy/pki/certs.js';
import { channelSetup, splitHostPort } from '../../discovery-client/credentials.js';
import { isLoopbackHost } from '../../proxy/config/parse.js';
import { DestinationClient, type DestinationTls, type Resolution } from '../../discovery-client/destination.js';
import type { DiscoveryLogger } from '../../discovery-client/log.js';
import { startDestinationServer, type TestDestinationServer } from '../harness/destination-server.js';

const DEST_ID = 'linkerd-destination.linkerd.serviceaccount.identity.linkerd.cluster.local';
const WEB_ID = 'web.emojivoto.serviceaccount.identity.linkerd.cluster.local';
const WEB_PATH = 'web.emojivoto.svc.cluster.local:8080';
/** A distinct SAN, so the server can tell which certificate a request came with. */
const ROTATED_ID = 'web-rotated.emojivoto.serviceaccount.identity.linkerd.cluster.local';
const BACKOFF = { minMs: 20, maxMs: 200, jitter: 0.1 };
const WAIT_MS = 5_000;

describe('controller address handling', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['::1', true],
    ['0:0:0:0:0:0:0:1', true],
    ['localhost', true],
    ['LOCALHOST', true],
    ['10.0.0.1', false],
    ['128.0.0.1', false],
    ['fd00::1', false],
    ['linkerd-dst-headless.linkerd.svc.cluster.local', false],
  ])('isLoopbackHost(%s) = %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });

  it.each([
    ['linkerd-dst-headless.linkerd.svc.cluster.local:8086', { host: 'linkerd-dst-headless.linkerd.svc.cluster.local', port: 8086 }],
    ['[fd00::1]:8086', { host: 'fd00::1', port: 8086 }],
    ['10.0.0.1:8086', { host: '10.0.0.1', port: 8086 }],
  ])('splitHostPort(%s)', (addr, expected) => {
    expect(splitHostPort(addr)).toEqual(expected);
  });

  it.each(['no-port', 'fd00::1:8086', 'host:0', 'host:70000'])('rejects %s', (addr) => {
    expect(() => splitHostPort(addr)).toThrow(/HOST:PORT/);
  });

  const tls: DestinationTls = { caPem: 'x', certPem: 'y', keyPem: 'z' };
  it('uses plaintext when no TLS material is given (mTLS cases are below)', () => {
    expect(channelSetup('10.0.0.1:8086', DEST_ID, undefined).plaintext).toBe(true);
  });

  it('requires the controller identity with TLS', () => {
    expect(() => channelSetup('10.0.0.1:8086', undefined, tls)).toThrow(/serverName/);
  });
});

describe('mTLS to the controller', () => {
  let trusted: { anchorPem: string; server: { chainPem: string; keyPem: string }; client: DestinationTls };
  let untrustedServer: { chainPem: string; keyPem: string };
  let rotatedClient: DestinationTls;

  beforeAll(async () => {
    const anchor = await createTrustAnchor();
    const issuer = await createIssuer(anchor);
    const server = await createLeaf(issuer, { identities: [DEST_ID] });
    const client = await createLeaf(issuer, { identities: [WEB_ID] });
    trusted = {
      anchorPem: anchor.certPem,
      server,
      client: { caPem: anchor.certPem, certPem: client.chainPem, keyPem: client.keyPem },
    };
    const rotated = await createLeaf(issuer, { identities: [ROTATED_ID] });
    rotatedClient = { caPem: anchor.certPem, certPem: rotated.chainPem, keyPem: rotated.keyPem };
    const otherAnchor = await createTrustAnchor({ commonName: 'other.root' });
    untrustedServer = await createLeaf(await createIssuer(otherAnchor), { identities: [DEST_ID] });
  });

  const servers: TestDestinationServer[] = [];
  const clients: DestinationClient[] = [];
  afterAll(async () => {
    for (const c of clients) c.close();
    for (const s of servers) await s.close();
  });

  async function tlsServer(cert: { chainPem: string; keyPem: string }): Promise<TestDestinationServer> {
    const server = await startDestinationServer({
      host: '127.0.0.1',
      tls: { certPem: cert.chainPem, keyPem: cert.keyPem, clientCaPem: trusted.anchorPem },
    });
    server.setEndpoints(WEB_PATH, [{ ip: '10.0.0.1', port: 8080 }]);
    servers.push(server);
    return server;
  }

  /** A client plus a promise for its n-th reconnect log line (how failed handshakes show up). */
  function tlsClient(server: TestDestinationServer, serverName: string): { client: DestinationClient; reconnects: (n: number) => Promise<void> } {
    let count = 0;
    const waiters: { n: number; resolve: () => void }[] = [];
    const onLog = (msg: string): void => {
      if (!msg.includes('reconnecting')) return;
      count++;
      for (const w of waiters.filter((w) => count >= w.n)) w.resolve();
    };
    const log: DiscoveryLogger = { debug: (_o, m) => onLog(m), info: (_o, m) => onLog(m), warn: (_o, m) => onLog(m), error: () => {} };
    const client = new DestinationClient({ addr: server.addr, serverName, contextToken: 'ns:emojivoto', backoff: BACKOFF, tls: trusted.client, log });
    clients.push(client);
    const reconnects = (n: number): Promise<void> =>
      new Promise((resolve) => (count >= n ? resolve() : waiters.push({ n, resolve })));
    return { client, reconnects };
  }

  function live(res: Resolution): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('resolution did not go live')), WAIT_MS);
      res.on('change', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  it('verifies the controller by identity, not by the address dialed, and presents our certificate', async () => {
    const server = await tlsServer(trusted.server);
    const { client } = tlsClient(server, DEST_ID);
    const res = client.resolve({ name: 'web.emojivoto.svc.cluster.local', port: 8080 });
    await live(res);
    expect(res.endpoints().size).toBe(1);
    expect(server.requests[0]?.peerSans).toContain(`DNS:${WEB_ID}`);
    res.release();
  });

  it('moves to new client credentials after updateTls, keeping the endpoints meanwhile', async () => {
    const server = await tlsServer(trusted.server);
    const { client } = tlsClient(server, DEST_ID);
    const res = client.resolve({ name: 'web.emojivoto.svc.cluster.local', port: 8080 });
    await live(res);
    client.updateTls(rotatedClient);
    expect(res.endpoints().size).toBe(1);
    await expect.poll(() => server.requests.some((r) => r.peerSans?.includes(`DNS:${ROTATED_ID}`)), { timeout: WAIT_MS }).toBe(true);
    expect(res.endpoints().size).toBe(1);
    res.release();
  });

  it.each([
    ['names another identity', () => trusted.server, 'other.linkerd.serviceaccount.identity.linkerd.cluster.local'],
    ['is signed by an untrusted CA', () => untrustedServer, DEST_ID],
  ])('refuses a controller whose certificate %s, and keeps retrying', async (_name, cert, serverName) => {
    const server = await tlsServer(cert());
    const { client, reconnects } = tlsClient(server, serverName);
    const res = client.resolve({ name: 'web.emojivoto.svc.cluster.local', port: 8080 });
    await reconnects(2);
    expect(res.state).toBe('pending');
    expect(server.requests).toHaveLength(0);
    res.release();
  });
});
