// Key exchange over real TLS 1.3 between podwire's credential contexts and peers with other group
// lists: podwire negotiates linkerd2-proxy's post-quantum hybrid X25519MLKEM768 where its OpenSSL has
// ML-KEM (3.5+, Node 24) and X25519 where it doesn't (3.0, Node 20); a peer without the hybrid gets
// X25519 either way; and a podwire client's first ClientHello carries an X25519 key share, so such
// a server never answers with a HelloRetryRequest (the client's plaintext ClientHellos are counted
// by a relay between the two).
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLASSICAL_GROUPS, ECDH_CURVES, LINKERD_GROUPS, buildCredentials, supportedGroups, type Credentials } from '../../proxy/identity/credentials.js';
import { makeCheckServerIdentity } from '../../proxy/identity/verify.js';
import { IDS, makeTestPki, type TestPki } from '../harness/pki.js';

/** OpenSSL 3.5 added ML-KEM and the '*' key-share marks; Node 20's 3.0 has neither. */
const [major, minor] = process.versions.openssl.split('.').map(Number) as [number, number];
const HAS_ML_KEM = major > 3 || (major === 3 && minor >= 5);

let pki: TestPki;
let tmp: string;
const closers: (() => void)[] = [];

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'podwire-kx-'));
  pki = await makeTestPki(tmp);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
afterEach(() => {
  for (const c of closers.splice(0)) c();
});

function creds(role: 'client' | 'server'): Credentials {
  const l = pki.leaves[role];
  return buildCredentials({ chainPem: l.chainPem, keyPem: l.keyPem, anchorsPem: pki.ca.anchorsPem, localId: l.id });
}

/** A TLS server on podwire's server context, or on plain options with `groups`; resolves its port. */
async function server(opts: { podwire: true } | { groups: string }): Promise<number> {
  const s = creds('server');
  const context = 'podwire' in opts ? s.serverContext : tls.createSecureContext({
    cert: s.chainPem, key: s.keyPem, ca: s.anchorsPem, minVersion: 'TLSv1.3', ecdhCurve: opts.groups,
  });
  const srv = net.createServer((raw) => {
    const t = new tls.TLSSocket(raw, { isServer: true, secureContext: context, requestCert: true, rejectUnauthorized: false });
    t.on('error', () => {});
    t.once('secure', () => t.end());
  });
  closers.push(() => srv.close());
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return (srv.address() as net.AddressInfo).port;
}

/**
 * A relay to `port` that counts the client's plaintext ClientHello records (TLS record type 22,
 * handshake type 1): one for a plain handshake, two after a HelloRetryRequest.
 */
async function countingRelay(port: number): Promise<{ port: number; clientHellos: () => number }> {
  let hellos = 0;
  const srv = net.createServer((client) => {
    const upstream = net.connect(port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    client.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 6 && buf.length >= 5 + buf.readUInt16BE(3)) {
        if (buf[0] === 22 && buf[5] === 1) hellos++;
        buf = buf.subarray(5 + buf.readUInt16BE(3));
      }
    });
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  closers.push(() => srv.close());
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return { port: (srv.address() as net.AddressInfo).port, clientHellos: () => hellos };
}

/** Handshake to `port` as podwire's client context, or with plain options and `groups`; the group used. */
function handshake(port: number, opts: { podwire: true } | { groups: string }): Promise<string | undefined> {
  const c = creds('client');
  const tlsOpts: tls.ConnectionOptions = 'podwire' in opts
    ? { secureContext: c.clientContext, servername: IDS.server, checkServerIdentity: makeCheckServerIdentity(IDS.server) }
    : { cert: c.chainPem, key: c.keyPem, ca: c.anchorsPem, minVersion: 'TLSv1.3', ecdhCurve: opts.groups, servername: IDS.server, checkServerIdentity: makeCheckServerIdentity(IDS.server) };
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: '127.0.0.1', port, ...tlsOpts });
    s.once('secureConnect', () => {
      const group = s.getEphemeralKeyInfo() as { name?: string };
      s.destroy();
      resolve(group.name);
    });
    s.once('error', reject);
  });
}

describe('key exchange', () => {
  it(`uses Linkerd's groups where OpenSSL has ML-KEM (here ${process.versions.openssl}: ${HAS_ML_KEM ? 'yes' : 'no'}), else the classical ones`, () => {
    expect(ECDH_CURVES).toBe(HAS_ML_KEM ? LINKERD_GROUPS : CLASSICAL_GROUPS);
    expect(LINKERD_GROUPS.replaceAll('*', '')).toBe(`X25519MLKEM768:${CLASSICAL_GROUPS}`);
  });

  it('never tries the hybrid on an OpenSSL before 3.5', () => {
    for (const v of ['3.0.19', '3.0.15+quic', '3.4.1', '1.1.1w']) expect(supportedGroups(v)).toBe(CLASSICAL_GROUPS);
  });

  it('leaves WebCrypto working after choosing (a refused group list broke the next key import on Node 20)', async () => {
    const { privateKey } = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']);
    const pkcs8 = await crypto.subtle.exportKey('pkcs8', privateKey);
    supportedGroups(process.versions.openssl);
    await expect(crypto.subtle.importKey('pkcs8', pkcs8, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign'])).resolves.toBeDefined();
  });

  it('podwire to podwire: the post-quantum hybrid where available, X25519 otherwise', async () => {
    const port = await server({ podwire: true });
    expect(await handshake(port, { podwire: true })).toBe(HAS_ML_KEM ? 'X25519MLKEM768' : 'X25519');
  });

  it('a client without the hybrid (Node 20 podwire, older linkerd2-proxy) gets X25519 from a podwire server', async () => {
    const port = await server({ podwire: true });
    expect(await handshake(port, { groups: CLASSICAL_GROUPS })).toBe('X25519');
  });

  it('a podwire client reaches a server without the hybrid in one ClientHello (no HelloRetryRequest)', async () => {
    const relay = await countingRelay(await server({ groups: CLASSICAL_GROUPS }));
    expect(await handshake(relay.port, { podwire: true })).toBe('X25519');
    expect(relay.clientHellos()).toBe(1);
  });

  it('the relay does count a HelloRetryRequest: a hybrid-only key share to such a server takes two', async () => {
    // The control for the test above: without the '*' marks OpenSSL 3.5 sends the first group's
    // share only. Where the hybrid is unknown, a P-384-only server stands in for the mismatch.
    const groups = HAS_ML_KEM ? `X25519MLKEM768:${CLASSICAL_GROUPS}` : CLASSICAL_GROUPS;
    const relay = await countingRelay(await server({ groups: HAS_ML_KEM ? CLASSICAL_GROUPS : 'P-384' }));
    expect(await handshake(relay.port, { groups })).toBe(HAS_ML_KEM ? 'X25519' : 'secp384r1');
    expect(relay.clientHellos()).toBe(2);
  });
});
