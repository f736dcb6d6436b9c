// Application-port decisions (inbound/app-port.ts): the plan per detection outcome as a table, the
// dispatch rule (original destination vs our inbound port), and mesh TLS termination over real
// loopback sockets: a trusted client certificate gives an identity, none gives TLS without one,
// an untrusted one is refused.
import { once } from 'node:events';
import fs from 'node:fs';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildCredentials, type Credentials } from '../../proxy/identity/credentials.js';
import { ProxyError } from '../../proxy/errors.js';
import { DETECTION_SKIPPED, planAppPort } from '../../proxy/inbound/app-port.js';
import { meshClient, terminateAppTls } from '../../proxy/inbound/app-port-tls.js';
import { isOurServerName } from '../../proxy/inbound/server-tls.js';
import { inboundPath } from '../../proxy/inbound/handle.js';
import { detectTls } from '../../proxy/inbound/detect.js';
import { origDstFrom } from '../../proxy/transport/orig-dst.js';
import { IDS, makeTestPki, type TestLeaf, type TestPki } from '../harness/pki.js';
import { LOOPBACK, listen, onCleanup, runCleanups } from '../harness/sockets.js';

afterEach(runCleanups);

const OURS = { localId: IDS.server, leafIdentities: [IDS.server, 'server.example.test'] };

describe('planAppPort', () => {
  const table: Array<[string, Parameters<typeof planAppPort>[0], ReturnType<typeof planAppPort>['kind'], Record<string, unknown>]> = [
    ['opaque port: detection skipped', DETECTION_SKIPPED, 'plaintext', { noTlsReason: 'port_skipped' }],
    ['not TLS', { kind: 'plaintext', reason: 'not_tls' }, 'plaintext', { noTlsReason: 'no_tls_from_remote' }],
    ['ClientHello too large', { kind: 'plaintext', reason: 'too_large' }, 'plaintext', { noTlsReason: 'no_tls_from_remote' }],
    ['ClientHello without SNI', { kind: 'tls' }, 'plaintext', { noTlsReason: 'no_tls_from_remote' }],
    ['SNI = our identity', { kind: 'tls', sni: IDS.server }, 'terminate', {}],
    ['SNI = our identity, other case', { kind: 'tls', sni: IDS.server.toUpperCase() }, 'terminate', {}],
    ['SNI = one of our DNS SANs', { kind: 'tls', sni: 'server.example.test', alpn: ['h2'] }, 'terminate', {}],
    ['another SNI', { kind: 'tls', sni: 'www.example.com' }, 'passthrough', { sni: 'www.example.com' }],
    ['another mesh identity', { kind: 'tls', sni: IDS.other }, 'passthrough', { sni: IDS.other }],
  ];
  for (const [name, detected, kind, fields] of table) {
    it(name, () => {
      const plan = planAppPort(detected, OURS, 1000);
      expect(plan.kind).toBe(kind);
      expect(plan).toMatchObject(fields);
      if (plan.kind === 'terminate') expect(plan.creds).toBe(OURS);
    });
  }

  it('a silent or slow client times out with detect_timeout (Linkerd: tls detection timeout)', () => {
    const plan = planAppPort({ kind: 'timeout' }, OURS, 1234);
    expect(plan.kind).toBe('refuse');
    const err = (plan as { error: ProxyError }).error;
    expect(err.reason).toBe('detect_timeout');
    expect(err.linkerdClass).toBe('tls detection timeout');
    expect(err.message).toContain('1234ms');
  });

  it('a client gone before a decision is an io close, with its errno when it reset', () => {
    const clean = planAppPort({ kind: 'closed' }, OURS, 1000);
    expect(clean).toMatchObject({ kind: 'refuse', error: { reason: 'io' } });
    const reset = planAppPort({ kind: 'closed', error: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) }, OURS, 1000);
    expect(reset).toMatchObject({ kind: 'refuse', error: { reason: 'io', message: 'read ECONNRESET' } });
  });

  it('without our identity a ClientHello with SNI is refused; plaintext still goes ahead', () => {
    expect(planAppPort({ kind: 'tls', sni: IDS.server }, undefined, 1000)).toMatchObject({ kind: 'refuse', error: { reason: 'identity_not_ready' } });
    expect(planAppPort({ kind: 'plaintext', reason: 'not_tls' }, undefined, 1000).kind).toBe('plaintext');
    expect(planAppPort(DETECTION_SKIPPED, undefined, 1000).kind).toBe('plaintext');
  });

  it('isOurServerName matches the identity and leaf SANs only, not suffixes', () => {
    expect(isOurServerName(IDS.server, OURS)).toBe(true);
    expect(isOurServerName(`x.${IDS.server}`, OURS)).toBe(false);
    expect(isOurServerName('example.test', OURS)).toBe(false);
  });
});

describe('inboundPath', () => {
  const ctx = { inboundPort: 4143, localIps: new Set<string>() };
  const pod = { inboundPort: 4143, localIps: new Set(['10.0.0.9', 'fd00::9']) };

  it('an application port takes the app-port path', () => {
    expect(inboundPath(ctx, { ip: '10.0.0.9', port: 8080 })).toEqual({ kind: 'app', orig: { ip: '10.0.0.9', port: 8080 } });
    expect(inboundPath(pod, { ip: 'fd00::9', port: 8080 })).toEqual({ kind: 'app', orig: { ip: 'fd00::9', port: 8080 } });
  });
  it('the inbound port itself or an unknown destination is the direct path', () => {
    expect(inboundPath(ctx, { ip: '10.0.0.9', port: 4143 })).toEqual({ kind: 'direct' });
    expect(inboundPath(ctx, undefined)).toEqual({ kind: 'direct' });
  });
  it('with LINKERD2_PROXY_INBOUND_IPS, other destination IPs are refused (loopback is always ours)', () => {
    const refused = inboundPath(pod, { ip: '10.0.0.8', port: 8080 });
    expect(refused).toMatchObject({ kind: 'refuse', error: { reason: 'not_local_ip' } });
    expect(refused.kind === 'refuse' && refused.error.message).toMatch(/10\.0\.0\.8:8080 is not one of LINKERD2_PROXY_INBOUND_IPS/);
    expect(inboundPath(pod, { ip: '10.0.0.8', port: 4143 })).toMatchObject({ kind: 'refuse' });
    expect(inboundPath(pod, { ip: '127.0.0.1', port: 4143 })).toEqual({ kind: 'direct' });
  });
});

describe('mesh TLS terminated after detection', () => {
  let pki: TestPki;
  let creds: Credentials;

  beforeAll(async () => {
    pki = await makeTestPki(fs.mkdtempSync(path.join(os.tmpdir(), 'podwire-app-port-')));
    const s = pki.leaves.server;
    creds = buildCredentials({ chainPem: s.chainPem, keyPem: s.keyPem, anchorsPem: pki.ca.anchorsPem, localId: IDS.server });
  });

  /** Detect then terminate on a real listener; resolves with meshClient()'s verdict. */
  async function terminate(leaf: TestLeaf | undefined): Promise<{ identity?: string } | ProxyError> {
    let verdict!: (v: { identity?: string } | ProxyError) => void;
    const got = new Promise<{ identity?: string } | ProxyError>((r) => (verdict = r));
    const port = await listen((raw) => {
      onCleanup(() => raw.destroy());
      void (async () => {
        const detected = await detectTls(raw, { timeoutMs: 5000 });
        const plan = planAppPort(detected, creds, 5000);
        if (plan.kind !== 'terminate') throw new Error(`unexpected plan ${plan.kind}`);
        const t = await terminateAppTls(raw, plan.creds, 5000);
        t.on('error', () => {});
        // No ALPN on application ports (spec §4.2).
        expect(t.alpnProtocol).toBe(false);
        return meshClient(t);
      })().then(verdict, (err: unknown) => verdict(err as ProxyError));
    });
    const client = tls.connect({
      host: LOOPBACK, port, servername: IDS.server, ca: pki.ca.anchorsPem,
      ...(leaf && { cert: leaf.chainPem, key: leaf.keyPem }),
      checkServerIdentity: () => undefined,
    });
    client.on('error', () => {});
    onCleanup(() => client.destroy());
    await Promise.race([once(client, 'secureConnect'), once(client, 'close')]);
    return got;
  }

  it('a trusted client certificate gives its identity', async () => {
    expect(await terminate(pki.leaves.client)).toEqual({ identity: IDS.client });
  });

  it('a SPIFFE client certificate gives the URI identity', async () => {
    expect(await terminate(pki.leaves.spiffeClient)).toEqual({ identity: IDS.spiffeClient });
  });

  it('no client certificate is TLS without an identity', async () => {
    expect(await terminate(undefined)).toEqual({});
  });

  it('a certificate from another CA is refused with untrusted_client_cert', async () => {
    const verdict = await terminate(pki.leaves.wrongCa);
    expect(verdict).toBeInstanceOf(ProxyError);
    expect((verdict as ProxyError).reason).toBe('untrusted_client_cert');
  });
});
