// CertifyIdentitySource against a real Identity service (createIdentityService on 127.0.0.1, reached
// with podwire's IdentityClient): the CSR sent is csr.der byte for byte, the token file is read for
// every request, a returned leaf is validated before use (wrong SAN, untrusted issuer, expired ->
// refused, the old certificate kept, control_identity_cert_refreshes_total{result="error"} + 1), the
// next refresh follows the held certificate, and new trust anchors rebuild the same leaf.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createIdentityService, identityServiceDefinition, type IdentityService, type PbCertifyRequest } from '../../controller/identity-server.js';
import { createTokenValidator } from '../../controller/tokens.js';
import { IdentityClient } from '../../discovery-client/identity.js';
import { StaticTrustAnchors, WatchedTrustAnchors, type TrustAnchorsSource } from '../../proxy/identity/anchors-watch.js';
import { CertifyIdentitySource } from '../../proxy/identity/certify-source.js';
import { KEY_FILE, CSR_FILE } from '../../proxy/identity/identity-dir.js';
import type { IdentityLogger } from '../../proxy/identity/store.js';
import { silentLogger } from '../../proxy/log.js';
import { Metrics } from '../../proxy/metrics.js';
import { createIssuer, createTrustAnchor, type CertKeyPair } from '../../proxy/pki/certs.js';
import { createCsr } from '../../proxy/pki/csr.js';
import { metricValue } from '../harness/proxy-process.js';

const WEB = 'web.default.serviceaccount.identity.linkerd.cluster.local';
const IMPOSTOR = 'impostor.default.serviceaccount.identity.linkerd.cluster.local';
const HOUR = 3_600_000;
const MIN_MS = 1_000;
const policy = { trustDomain: 'cluster.local', controlPlaneNamespace: 'linkerd', issuanceLifetimeMs: HOUR, clockSkewMs: 0, log: silentLogger() };
const tokens = createTokenValidator([['tok-a', 'web.default'], ['tok-b', 'web.default'], ['tok-impostor', 'impostor.default']]);

type Mode = 'normal' | 'untrusted' | 'wrongSan' | 'unavailable';

/** One gRPC server whose answers the test rigs: the real service, a rogue issuer, or a refusal. */
interface RiggedServer {
  addr: string;
  mode: Mode;
  seen: Array<{ identity: string; token: Buffer; csr: Buffer }>;
  close(): Promise<void>;
}

let anchor: CertKeyPair;
let otherAnchor: CertKeyPair;
let mesh: IdentityService;
let rogue: IdentityService;
let server: RiggedServer;

async function startRigged(impostorCsr: () => Buffer): Promise<RiggedServer> {
  const grpcServer = new grpc.Server();
  const rig: RiggedServer = { addr: '', mode: 'normal', seen: [], close: async () => void (await new Promise<void>((r) => grpcServer.tryShutdown(() => r()))) };
  const certify = (call: grpc.ServerUnaryCall<PbCertifyRequest, unknown>, cb: grpc.sendUnaryData<unknown>) => {
    const req = call.request;
    rig.seen.push({ identity: req.identity ?? '', token: Buffer.from(req.token ?? []), csr: Buffer.from(req.certificate_signing_request ?? []) });
    const forward = (svc: IdentityService, c: unknown) => (svc.implementation['Certify'] as grpc.handleUnaryCall<unknown, unknown>)(c as never, cb);
    switch (rig.mode) {
      case 'normal':
        return forward(mesh, call);
      case 'untrusted':
        return forward(rogue, call);
      case 'wrongSan':
        // A genuine leaf from the mesh issuer for our key, but naming someone else.
        return forward(mesh, { ...call, getPeer: () => 'test', request: { identity: IMPOSTOR, token: Buffer.from('tok-impostor'), certificate_signing_request: impostorCsr() } });
      case 'unavailable':
        return cb({ code: grpc.status.UNAVAILABLE, details: 'issuer not ready' });
    }
  };
  grpcServer.addService(identityServiceDefinition(), { Certify: certify as grpc.handleUnaryCall<unknown, unknown> });
  const port = await new Promise<number>((resolve, reject) =>
    grpcServer.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  rig.addr = `127.0.0.1:${port}`;
  return rig;
}

let dir: string;
let impostorCsrDer: Buffer;

beforeAll(async () => {
  anchor = await createTrustAnchor();
  otherAnchor = await createTrustAnchor({ commonName: 'root.rogue.example' });
  mesh = await createIdentityService({ ...policy, issuer: await createIssuer(anchor), trustAnchorsPem: anchor.certPem, tokens });
  rogue = await createIdentityService({ ...policy, issuer: await createIssuer(otherAnchor), trustAnchorsPem: otherAnchor.certPem, tokens });
  server = await startRigged(() => impostorCsrDer);
});
afterAll(async () => server?.close());

interface Fixture {
  source: CertifyIdentitySource;
  metrics: Metrics;
  tokenFile: string;
  failures: Error[];
  warnings: string[];
  errors: () => Promise<number>;
  oks: () => Promise<number>;
}

const sources: CertifyIdentitySource[] = [];
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podwire-certify-'));
  server.mode = 'normal';
  server.seen = [];
  // key.p8 + csr.der as Linkerd's init would leave them; the impostor CSR reuses the same key.
  const made = await createCsr({ identity: WEB });
  fs.writeFileSync(path.join(dir, KEY_FILE), made.keyPkcs8Der, { mode: 0o600 });
  fs.writeFileSync(path.join(dir, CSR_FILE), made.csrDer);
  impostorCsrDer = (await createCsr({ identity: IMPOSTOR, keyPkcs8Der: made.keyPkcs8Der })).csrDer;
});
afterEach(() => {
  for (const s of sources.splice(0)) s.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function recordingLog(warnings: string[]): IdentityLogger {
  const none = () => {};
  return { debug: none, info: none, warn: (obj, msg) => void warnings.push(`${msg} ${JSON.stringify(obj)}`), error: (obj, msg) => void warnings.push(`${msg} ${JSON.stringify(obj)}`) };
}

async function makeSource(opts: { anchors?: TrustAnchorsSource; now?: () => Date } = {}): Promise<Fixture> {
  const tokenFile = path.join(dir, 'token');
  fs.writeFileSync(tokenFile, 'tok-a');
  const metrics = new Metrics({ version: 'test', processMetrics: false });
  const warnings: string[] = [];
  const source = await CertifyIdentitySource.create({
    localId: WEB, dir, tokenFile,
    client: new IdentityClient({ addr: server.addr }),
    anchors: opts.anchors ?? new StaticTrustAnchors(anchor.certPem),
    refresh: { minMs: MIN_MS, maxMs: 24 * HOUR },
    log: recordingLog(warnings),
    metrics,
    ...(opts.now && { now: opts.now }),
  });
  sources.push(source);
  const failures: Error[] = [];
  source.on('refreshFailed', (e) => failures.push(e));
  const count = (result: string) => async () => metricValue(await metrics.render(), 'control_identity_cert_refreshes_total', { result });
  return { source, metrics, tokenFile, failures, warnings, errors: count('error'), oks: count('ok') };
}

describe('CertifyIdentitySource: requests', () => {
  it('holds nothing before the first certificate, then sends csr.der byte for byte and the token file as it is', async () => {
    const f = await makeSource();
    expect(f.source.current()).toBeUndefined();
    const rotated: string[] = [];
    f.source.on('rotate', (c) => rotated.push(c.fingerprint));
    expect(await f.source.refreshNow()).toBe(true);
    const creds = f.source.current()!;
    expect(creds.localId).toBe(WEB);
    expect(creds.leafIdentities).toEqual([WEB]);
    expect(rotated).toEqual([creds.fingerprint]);
    expect(server.seen).toHaveLength(1);
    expect(server.seen[0]!.identity).toBe(WEB);
    expect(server.seen[0]!.csr.equals(fs.readFileSync(path.join(dir, CSR_FILE)))).toBe(true);
    expect(server.seen[0]!.token.toString()).toBe('tok-a');
    expect(await f.oks()).toBe(1);
    const text = await f.metrics.render();
    expect(metricValue(text, 'control_identity_cert_expiration_timestamp_seconds')).toBe(creds.notAfter.getTime() / 1000);
    expect(metricValue(text, 'control_identity_cert_refresh_timestamp_seconds')).toBeGreaterThan(0);
  });

  it('reads the token file again for every request (projected tokens rotate)', async () => {
    const f = await makeSource();
    await f.source.refreshNow();
    fs.writeFileSync(f.tokenFile, 'tok-b\n');
    expect(await f.source.refreshNow()).toBe(true);
    expect(server.seen.map((s) => s.token.toString())).toEqual(['tok-a', 'tok-b\n']);
  });

  it('refuses to send an empty token, naming the file, and keeps the certificate', async () => {
    const f = await makeSource();
    await f.source.refreshNow();
    const held = f.source.current()!.fingerprint;
    fs.writeFileSync(f.tokenFile, '');
    expect(await f.source.refreshNow()).toBe(false);
    expect(server.seen).toHaveLength(1);
    expect(f.failures[0]?.message).toBe(`token file ${f.tokenFile} is empty`);
    expect(f.source.current()!.fingerprint).toBe(held);
    expect(await f.errors()).toBe(1);
  });

  it('before any certificate, a refused request is retried after the minimum', async () => {
    const T0 = new Date();
    const f = await makeSource({ now: () => T0 });
    server.mode = 'unavailable';
    expect(await f.source.refreshNow()).toBe(false);
    expect(f.source.current()).toBeUndefined();
    expect(f.failures[0]?.message).toMatch(/UNAVAILABLE: issuer not ready/);
    expect(f.source.nextRefreshAt()!.getTime() - T0.getTime()).toBe(MIN_MS);
    expect(f.warnings.join('\n')).toMatch(/identity not certified yet; will retry/);
  });

  it('schedules the next refresh at 70% of the remaining lifetime, and after a failure on the same rule', async () => {
    // Two seconds ahead of the issuer: the certificate's notBefore is its issue time floored to the
    // second (this policy allows no clock skew), and a loaded machine can reach the issuer in a
    // later second than `now`, which then read as "not yet valid" (seen once in a full CI run).
    let now = new Date(Date.now() + 2_000);
    const f = await makeSource({ now: () => now });
    await f.source.refreshNow();
    const notAfter = f.source.current()!.notAfter.getTime();
    expect(f.source.nextRefreshAt()!.getTime()).toBe(now.getTime() + Math.floor(((notAfter - now.getTime()) * 7) / 10));
    now = new Date(now.getTime() + 10 * 60_000);
    server.mode = 'unavailable';
    await f.source.refreshNow();
    expect(f.source.nextRefreshAt()!.getTime()).toBe(now.getTime() + Math.floor(((notAfter - now.getTime()) * 7) / 10));
  });
});

describe('CertifyIdentitySource: the returned leaf is validated before use', () => {
  it.each([
    ['with the wrong SAN', 'wrongSan', /SANs do not include local identity web\.default.*impostor\.default/],
    ['from an untrusted issuer', 'untrusted', /does not chain to any trust anchor/],
  ] as const)('refuses a leaf %s, keeps the old one and counts an error', async (_name, mode, why) => {
    const f = await makeSource();
    await f.source.refreshNow();
    const held = f.source.current()!;
    const rotations: string[] = [];
    f.source.on('rotate', (c) => rotations.push(c.fingerprint));
    server.mode = mode;
    expect(await f.source.refreshNow()).toBe(false);
    expect(server.seen).toHaveLength(2);
    expect(f.failures[0]?.message).toMatch(/returned a certificate we cannot use/);
    expect(f.failures[0]?.message).toMatch(why);
    expect(f.source.current()).toBe(held);
    expect(rotations).toEqual([]);
    expect(await f.errors()).toBe(1);
    expect(await f.oks()).toBe(1);
    expect(f.warnings.join('\n')).toMatch(/identity refresh failed; keeping the current certificate/);
  });

  it('refuses a first leaf from an untrusted issuer: still no certificate', async () => {
    const f = await makeSource();
    server.mode = 'untrusted';
    expect(await f.source.refreshNow()).toBe(false);
    expect(f.source.current()).toBeUndefined();
    expect(await f.errors()).toBe(1);
  });

  it('refuses an expired leaf (our clock is past its notAfter)', async () => {
    const f = await makeSource({ now: () => new Date(Date.now() + 2 * HOUR) });
    expect(await f.source.refreshNow()).toBe(false);
    expect(f.failures[0]?.message).toMatch(/leaf certificate .* expired at/);
    expect(f.source.current()).toBeUndefined();
  });
});

describe('CertifyIdentitySource: trust anchors from a watched file', () => {
  function anchorsFile(content: string): { file: string; anchors: WatchedTrustAnchors; warnings: string[] } {
    const file = path.join(dir, 'anchors.pem');
    fs.writeFileSync(file, content);
    const warnings: string[] = [];
    // Polling only, and slowly: the test calls reload() itself.
    const anchors = new WatchedTrustAnchors({ file, log: recordingLog(warnings), fsWatch: false, pollIntervalMs: HOUR });
    return { file, anchors, warnings };
  }

  it('rebuilds the same leaf with the new anchors and emits rotate; a broken bundle keeps the previous anchors', async () => {
    const a = anchorsFile(anchor.certPem);
    const f = await makeSource({ anchors: a.anchors });
    await f.source.refreshNow();
    const leaf = f.source.current()!;
    const rotations: string[] = [];
    f.source.on('rotate', (c) => rotations.push(c.anchorsPem));

    fs.writeFileSync(a.file, anchor.certPem + otherAnchor.certPem);
    expect(a.anchors.reload()).toBe(true);
    expect(rotations).toHaveLength(1);
    const rebuilt = f.source.current()!;
    expect(rebuilt.fingerprint).toBe(leaf.fingerprint);
    expect(rebuilt.anchorsPem).toContain(otherAnchor.certPem.trim().split('\n')[1]);

    // Half-written file: the second certificate is cut off.
    fs.writeFileSync(a.file, anchor.certPem + otherAnchor.certPem.slice(0, 200));
    expect(a.anchors.reload()).toBe(false);
    expect(rotations).toHaveLength(1);
    expect(f.source.current()).toBe(rebuilt);
    expect(a.warnings.join('\n')).toMatch(/trust anchors not updated; keeping the previous ones.*unterminated PEM block/);
    expect(await f.oks()).toBe(1); // anchors alone are not a certificate refresh
  });

  it('keeps the previous anchors when the new bundle no longer trusts our leaf, and asks for a new certificate', async () => {
    const a = anchorsFile(anchor.certPem);
    const f = await makeSource({ anchors: a.anchors });
    await f.source.refreshNow();
    const held = f.source.current()!;
    fs.writeFileSync(a.file, otherAnchor.certPem);
    expect(a.anchors.reload()).toBe(true);
    expect(f.source.current()).toBe(held);
    expect(f.warnings.join('\n')).toMatch(/new trust anchors do not validate our certificate/);
    // The immediate re-request gets a leaf from the mesh issuer, which the new bundle doesn't trust.
    await expect.poll(() => server.seen.length).toBe(2);
    await expect.poll(() => f.errors()).toBe(1);
    expect(f.source.current()).toBe(held);
  });
});
