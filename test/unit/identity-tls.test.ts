// Real TLS 1.3 mTLS on 127.0.0.1 with Credentials contexts: Linkerd-style identity checks end to end.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildCredentials, type Credentials } from '../../proxy/identity/credentials.js';
import { makeCheckServerIdentity, peerCertificateError, peerChainVerified, peerIdentities } from '../../proxy/identity/verify.js';
import { IDS, makeTestPki, type LeafRole, type TestPki } from '../harness/pki.js';

let pki: TestPki;
let tmp: string;
const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'podwire-tls-'));
  pki = await makeTestPki(tmp);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
afterEach(async () => {
  for (const s of sockets) s.destroy();
  sockets.clear();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

function creds(role: LeafRole, anchorsPem = pki.ca.anchorsPem): Credentials {
  const l = pki.leaves[role];
  return buildCredentials({ chainPem: l.chainPem, keyPem: l.keyPem, anchorsPem, localId: l.id });
}

interface Accepted {
  socket: tls.TLSSocket;
  ids: string[];
  certError: Error | undefined;
}

/**
 * Linkerd's server stance: ask for a client certificate but tolerate its absence. Built from a bare
 * TLSSocket like the inbound proxy, because tls.createServer() ignores a `secureContext` option.
 */
async function startServer(c: Credentials): Promise<{ port: number; accepted: Promise<Accepted> }> {
  let resolve!: (a: Accepted) => void;
  const accepted = new Promise<Accepted>((r) => (resolve = r));
  const server = net.createServer((raw) => {
    sockets.add(raw);
    const socket = new tls.TLSSocket(raw, { isServer: true, secureContext: c.serverContext, requestCert: true, rejectUnauthorized: false });
    socket.on('error', () => {});
    socket.once('secure', () => {
      resolve({ socket, ids: peerIdentities(socket), certError: peerCertificateError(socket) });
      socket.end('hi');
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as net.AddressInfo).port, accepted };
}

function connect(port: number, opts: tls.ConnectionOptions): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: '127.0.0.1', port, ...opts });
    sockets.add(s);
    s.once('secureConnect', () => resolve(s));
    s.once('error', reject);
  });
}

function meshClient(c: Credentials, expectedServer: string, servername = expectedServer): tls.ConnectionOptions {
  return { secureContext: c.clientContext, servername, checkServerIdentity: makeCheckServerIdentity(expectedServer) };
}

describe('mTLS with Credentials contexts', () => {
  it('TLS 1.3 handshake; server sees the client identity, client accepts the right server id', async () => {
    const { port, accepted } = await startServer(creds('server'));
    const client = await connect(port, meshClient(creds('client'), IDS.server));
    const a = await accepted;
    expect(a.ids).toEqual([IDS.client]);
    expect(a.certError).toBeUndefined();
    expect(peerChainVerified(a.socket)).toBe(true);
    expect(client.authorized).toBe(true);
    expect(client.getProtocol()).toBe('TLSv1.3');
    expect(client.getCipher().standardName).toBe('TLS_AES_128_GCM_SHA256');
    expect(peerIdentities(client)).toEqual([IDS.server]);
    client.destroy();
  });

  it('no hostname check: an SNI that is not the identity still passes when the SAN matches', async () => {
    const { port } = await startServer(creds('server'));
    const client = await connect(port, meshClient(creds('client'), IDS.server, 'something.else.example'));
    expect(client.authorized).toBe(true);
    client.destroy();
  });

  it('rejects a server from the same CA with another SAN, naming both ids', async () => {
    const { port } = await startServer(creds('other'));
    const err = await connect(port, meshClient(creds('client'), IDS.server)).then(
      () => undefined,
      (e: NodeJS.ErrnoException) => e,
    );
    expect(err?.code).toBe('ERR_PODWIRE_SERVER_IDENTITY');
    expect(err?.message).toBe(`server certificate does not match TLS identity: expected ${IDS.server}, certificate has [${IDS.other}]`);
  });

  it('rejects a server whose chain is from another CA before identity is even checked', async () => {
    const { port } = await startServer(creds('wrongCa', pki.otherCa.anchorsPem));
    const err = await connect(port, meshClient(creds('client'), IDS.client)).then(
      () => undefined,
      (e: NodeJS.ErrnoException) => e,
    );
    expect(err?.code).toBe('UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
  });

  it('extracts a SPIFFE URI SAN as the client identity', async () => {
    const { port, accepted } = await startServer(creds('server'));
    const client = await connect(port, meshClient(creds('spiffeClient'), IDS.server));
    expect((await accepted).ids).toEqual([IDS.spiffeClient]);
    client.destroy();
  });

  it('a client certificate from another CA completes the handshake but yields no identity', async () => {
    const { port, accepted } = await startServer(creds('server'));
    const untrusted = creds('wrongCa', pki.otherCa.anchorsPem + pki.ca.anchorsPem);
    const client = await connect(port, meshClient(untrusted, IDS.server));
    const a = await accepted;
    expect(peerChainVerified(a.socket)).toBe(false);
    expect(a.ids).toEqual([]);
    expect(a.certError?.message).toMatch(/^peer certificate not trusted: /);
    client.destroy();
  });

  it('a client without a certificate is tolerated and has no identity', async () => {
    const { port, accepted } = await startServer(creds('server'));
    const client = await connect(port, { ca: pki.ca.anchorsPem, servername: IDS.server, checkServerIdentity: makeCheckServerIdentity(IDS.server) });
    const a = await accepted;
    expect(a.ids).toEqual([]);
    expect(a.certError).toBeUndefined();
    client.destroy();
  });

  it('refuses TLS 1.2 clients', async () => {
    const { port } = await startServer(creds('server'));
    const err = await connect(port, { ...meshClient(creds('client'), IDS.server), secureContext: undefined, ca: pki.ca.anchorsPem, maxVersion: 'TLSv1.2' }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/protocol version|alert/i);
  });
});

describe('Node TLS server quirks the identity helpers must survive', () => {
  it('bare server TLSSocket: never sets authorized, and rejectUnauthorized does not reject an untrusted client cert', async () => {
    const serverCreds = creds('server');
    let resolve!: (s: tls.TLSSocket) => void;
    const secured = new Promise<tls.TLSSocket>((r) => (resolve = r));
    const server = net.createServer((raw) => {
      sockets.add(raw);
      const s = new tls.TLSSocket(raw, { isServer: true, secureContext: serverCreds.serverContext, requestCert: true, rejectUnauthorized: true });
      s.on('error', () => {});
      s.once('secure', () => resolve(s));
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    const untrusted = creds('wrongCa', pki.otherCa.anchorsPem + pki.ca.anchorsPem);
    await connect(port, meshClient(untrusted, IDS.server));
    const s = await secured;
    expect(s.authorized).toBe(false); // Node leaves it false even for the accepted connection
    expect(s.destroyed).toBe(false); // ...and did not reject the untrusted certificate
    expect(peerIdentities(s)).toEqual([]);
    expect(peerCertificateError(s)?.message).toBe('peer certificate not trusted: UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
  });

  it('tls.Server (context via SNICallback, since it ignores `secureContext`): identities come through `authorized`', async () => {
    const serverCreds = creds('server');
    let resolve!: (ids: string[]) => void;
    const ids = new Promise<string[]>((r) => (resolve = r));
    const server = tls.createServer(
      { SNICallback: (_name, cb) => cb(null, serverCreds.serverContext), requestCert: true, rejectUnauthorized: false },
      (s) => {
        expect(s.authorized).toBe(true);
        resolve(peerIdentities(s));
        s.on('error', () => {});
        s.end();
      },
    );
    server.on('connection', (raw: net.Socket) => sockets.add(raw));
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    await connect((server.address() as net.AddressInfo).port, meshClient(creds('client'), IDS.server));
    expect(await ids).toEqual([IDS.client]);
  });
});
