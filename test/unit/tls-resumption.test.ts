// TLS 1.3 session resumption between podwire's dialler (dialEndpoint) and podwire's inbound TLS
// termination (terminateServerTls + checkPeer), over real loopback sockets with real certificates:
// later connections resume; the inbound still sees and verifies the client identity of a resumed
// session; rotating either side's certificate or anchors forces a full handshake; a changed
// expected server identity is never masked by a cached ticket; a server that issues no tickets
// (as linkerd2-proxy's) just gets full handshakes.
import net from 'node:net';
import tls from 'node:tls';
import { constants } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildCredentials, type Credentials } from '../../proxy/identity/credentials.js';
import { checkPeer } from '../../proxy/identity/verify.js';
import { terminateServerTls } from '../../proxy/inbound/server-tls.js';
import { dialEndpoint } from '../../proxy/outbound/connect.js';
import type { DialOptions } from '../../proxy/outbound/dial-plan.js';
import { ProxyError } from '../../proxy/errors.js';
import type { Endpoint } from '../../discovery-client/types.js';
import { IDS, issueLeaf, type TestPki } from '../harness/pki.js';
import { makeWorkdir, type Workdir } from '../harness/mesh.js';

interface Seen {
  readonly resumed: boolean;
  readonly clientIds: readonly string[];
  readonly untrusted: boolean;
}

/** A podwire-style inbound TLS terminator whose credentials a test can swap (a rotation). */
class Inbound {
  readonly seen: Seen[] = [];
  private readonly server: net.Server;
  constructor(public creds: Credentials) {
    this.server = net.createServer({ pauseOnConnect: true }, (raw) => {
      raw.on('error', () => {});
      terminateServerTls(raw, this.creds, { timeoutMs: 5000, resume: true }).then((s) => {
        const peer = checkPeer(s);
        this.seen.push({ resumed: s.isSessionReused(), clientIds: peer.identities, untrusted: peer.untrusted !== undefined });
        s.on('error', () => {});
        s.end('ok');
      }, () => {});
    });
  }
  listen(): Promise<number> {
    return new Promise((r) => this.server.listen(0, '127.0.0.1', () => r((this.server.address() as net.AddressInfo).port)));
  }
  close(): void {
    this.server.close();
  }
}

function creds(pki: TestPki, role: 'client' | 'server', anchorsPem = pki.ca.anchorsPem): Credentials {
  const leaf = pki.leaves[role];
  return buildCredentials({ chainPem: leaf.chainPem, keyPem: leaf.keyPem, anchorsPem, localId: leaf.id });
}

function endpoint(port: number, identity: string = IDS.server): Endpoint {
  return { addr: { ip: '127.0.0.1', port }, weight: 1, labels: {}, identity: { kind: 'dns', id: identity, serverName: identity } };
}

/** Dial, read the server's reply to the end, return whether the session was resumed. */
async function dialOnce(ep: Endpoint, opts: DialOptions): Promise<boolean | undefined> {
  const d = await dialEndpoint(ep, opts);
  d.socket.on('error', () => {});
  const reply = await new Promise<string>((resolve) => {
    let text = '';
    d.socket.on('data', (b: Buffer) => (text += b.toString()));
    d.socket.once('end', () => resolve(text));
  });
  expect(reply).toBe('ok');
  d.socket.end();
  return d.tlsResumed;
}

describe('TLS session resumption between podwire peers', () => {
  let w: Workdir;
  let clientCreds: Credentials;
  let inbound: Inbound;
  let port: number;
  const extra: { close(): void }[] = [];
  const opts = (c = clientCreds, resumeSessions = true): DialOptions => ({ connectTimeoutMs: 5000, credentials: c, localIps: new Set(), resumeSessions });

  beforeAll(async () => {
    w = await makeWorkdir();
    clientCreds = creds(w.pki, 'client');
  });
  afterAll(async () => {
    await w?.cleanup();
  });
  afterEach(() => {
    inbound?.close();
    for (const e of extra.splice(0)) e.close();
  });

  async function startInbound(): Promise<void> {
    inbound = new Inbound(creds(w.pki, 'server'));
    port = await inbound.listen();
  }

  it('resumes the second and later connections, and the inbound still sees the verified client identity', async () => {
    await startInbound();
    const resumed = [];
    for (let i = 0; i < 4; i++) resumed.push(await dialOnce(endpoint(port), opts()));
    expect(resumed).toEqual([false, true, true, true]);
    expect(inbound.seen.map((s) => s.resumed)).toEqual([false, true, true, true]);
    for (const s of inbound.seen) {
      expect(s.clientIds).toEqual([IDS.client]);
      expect(s.untrusted).toBe(false);
    }
  });

  it('never resumes when resumption is turned off', async () => {
    await startInbound();
    const c = creds(w.pki, 'client');
    for (let i = 0; i < 3; i++) expect(await dialOnce(endpoint(port), opts(c, false))).toBe(false);
    expect(inbound.seen.every((s) => !s.resumed)).toBe(true);
  });

  it('a server rotation (new leaf, new context) makes the next connection a full handshake', async () => {
    await startInbound();
    const c = creds(w.pki, 'client');
    expect(await dialOnce(endpoint(port), opts(c))).toBe(false);
    expect(await dialOnce(endpoint(port), opts(c))).toBe(true);
    const rotated = await issueLeaf([IDS.server]);
    inbound.creds = buildCredentials({ chainPem: rotated.chainPem, keyPem: rotated.keyPem, anchorsPem: w.pki.ca.anchorsPem, localId: IDS.server });
    // The old ticket is offered, the new context can't decrypt it: a full, verified handshake.
    expect(await dialOnce(endpoint(port), opts(c))).toBe(false);
    expect(await dialOnce(endpoint(port), opts(c))).toBe(true);
    expect(inbound.seen.map((s) => s.resumed)).toEqual([false, true, false, true]);
  });

  it('new local credentials (our rotation or new anchors) drop every cached ticket', async () => {
    await startInbound();
    const before = creds(w.pki, 'client');
    expect(await dialOnce(endpoint(port), opts(before))).toBe(false);
    expect(await dialOnce(endpoint(port), opts(before))).toBe(true);
    // Same leaf, anchors bundle extended with another CA: rebuilt credentials, as a rotation does.
    const after = creds(w.pki, 'client', w.pki.ca.anchorsPem + w.pki.otherCa.anchorsPem);
    expect(await dialOnce(endpoint(port), opts(after))).toBe(false);
    expect(await dialOnce(endpoint(port), opts(after))).toBe(true);
  });

  it('a changed expected server identity is never masked by a cached ticket for the same address', async () => {
    await startInbound();
    const c = creds(w.pki, 'client');
    expect(await dialOnce(endpoint(port), opts(c))).toBe(false);
    expect(await dialOnce(endpoint(port), opts(c))).toBe(true);
    // Discovery now says the endpoint is `other`: the server's certificate (server id) must fail the check.
    const err = await dialEndpoint(endpoint(port, IDS.other), opts(c)).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(ProxyError);
    expect((err as ProxyError).reason).toBe('server_identity_mismatch');
    // And the mismatch stays: it never turns into a success on a later try.
    const again = await dialEndpoint(endpoint(port, IDS.other), opts(c)).then(() => undefined, (e: unknown) => e);
    expect((again as ProxyError).reason).toBe('server_identity_mismatch');
  });

  it('a ticket from a server under other anchors is never trusted: rotated anchors mean a full, failing handshake', async () => {
    await startInbound();
    const c = creds(w.pki, 'client');
    expect(await dialOnce(endpoint(port), opts(c))).toBe(false);
    expect(await dialOnce(endpoint(port), opts(c))).toBe(true);
    // Our anchors now name only the other CA: the server (mesh CA) is no longer trusted, ticket or not.
    const otherAnchors = buildCredentials({
      chainPem: w.pki.leaves.wrongCa.chainPem, keyPem: w.pki.leaves.wrongCa.keyPem, anchorsPem: w.pki.otherCa.anchorsPem, localId: IDS.client,
    });
    const err = await dialEndpoint(endpoint(port), opts(otherAnchors)).then(() => undefined, (e: unknown) => e);
    expect((err as ProxyError).reason).toBe('untrusted_server_cert');
  });

  it('a server that issues no tickets (as linkerd2-proxy) gets full handshakes that work', async () => {
    const noTickets = tls.createSecureContext({
      cert: w.pki.leaves.server.chainPem, key: w.pki.leaves.server.keyPem, ca: w.pki.ca.anchorsPem,
      minVersion: 'TLSv1.3', secureOptions: constants.SSL_OP_NO_TICKET,
    });
    const srv = net.createServer((raw) => {
      const s = new tls.TLSSocket(raw, { isServer: true, secureContext: noTickets, requestCert: true, rejectUnauthorized: false });
      s.on('error', () => {});
      s.once('secure', () => s.end('ok'));
    });
    extra.push(srv);
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const p = (srv.address() as net.AddressInfo).port;
    const c = creds(w.pki, 'client');
    for (let i = 0; i < 3; i++) expect(await dialOnce(endpoint(p), opts(c))).toBe(false);
  });
});
