// `podwire pki` output feeds `podwire controller` directly: the identity: section it prints (or
// writes with --topology-snippet) plus its tokens make a topology whose Certify server issues
// leaves, and the README's controller rotation (bundle, cross-signed then re-issued issuer, old root
// removed) works through topology edits on a running controller. Real gRPC, real CSRs, real files.
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createCsr } from '../../proxy/pki/csr.js';
import { chainToAnchor, parseCertificates } from '../../proxy/pki/chains.js';
import { startController, type RunningController } from '../../controller/app.js';
import { loadTokens } from '../../controller/tokens.js';
import type { Logger } from '../../proxy/log.js';
import { parseTopology } from '../../controller/topology.js';
import { WireClient, expectOk, toPem, type WireResponse } from '../harness/certify.js';
import { runPki as run, useTempDir } from '../harness/pki-cli.js';

const WEB = 'web.shop.serviceaccount.identity.linkerd.cluster.local';
const API = 'api.shop.serviceaccount.identity.linkerd.cluster.local';

const tmp = useTempDir('podwire-pki-controller-');

async function ok(...argv: string[]): Promise<string> {
  const r = await run(...argv);
  if (r.code !== 0) throw new Error(`pki ${argv.join(' ')} exited ${r.code}: ${r.err}`);
  return r.out;
}

const cert = (f: string) => new X509Certificate(fs.readFileSync(f));

/** A topology for cluster east: the cluster line plus the identity: section pki produced. */
function writeTopology(file: string, identitySection: string): void {
  const tmpFile = `${file}.new`;
  fs.writeFileSync(tmpFile, `cluster:\n  name: east\n${identitySection}`);
  fs.renameSync(tmpFile, file);
}

async function certify(client: WireClient, identity: string, tokenFile: string): Promise<WireResponse> {
  const csr = await createCsr({ identity });
  return expectOk(await client.certify({ identity, token: fs.readFileSync(tokenFile), certificate_signing_request: csr.csrDer }));
}

function chainOf(res: WireResponse): X509Certificate[] {
  return [res.leaf, ...res.intermediates].map((der) => new X509Certificate(toPem(der)));
}

/** Certify until the controller hands out `issuerCertFile` as the intermediate (it reloads on topology edits). */
async function untilIssuer(client: WireClient, tokenFile: string, issuerCertFile: string): Promise<WireResponse> {
  const want = cert(issuerCertFile).fingerprint256;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const res = await certify(client, WEB, tokenFile);
    if (chainOf(res)[1]?.fingerprint256 === want) return res;
    if (Date.now() > deadline) throw new Error(`controller still issues under ${chainOf(res)[1]?.subject}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function memoryLogger(): { log: Logger; lines: () => Record<string, unknown>[] } {
  const text: string[] = [];
  const stream = new Writable({ write: (chunk, _enc, cb) => (text.push(String(chunk)), cb()) });
  return { log: pino({ level: 'info' }, stream), lines: () => text.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

let controller: RunningController | undefined;
let client: WireClient | undefined;
afterEach(async () => {
  client?.close();
  await controller?.close();
  controller = undefined;
  client = undefined;
});

describe('pki output -> podwire controller', () => {
  it('mesh --tokens --topology-snippet makes a topology whose controller certifies every workload', async () => {
    const dir = tmp('mesh');
    const out = await ok('mesh', '--out', dir, '--identity', WEB, '--identity', API, '--tokens', '--valid', '2h', '--topology-snippet', path.join(dir, 'identity.yaml'));
    expect(out).toContain(`wrote ${path.join(dir, 'tokens.json')}`);
    expect(out).toContain(`wrote ${path.join(dir, 'web/token')}`);
    expect(out).toContain(`wrote ${path.join(dir, 'identity.yaml')}`);
    expect(fs.statSync(path.join(dir, 'tokens.json')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(dir, 'web/token')).mode & 0o777).toBe(0o600);
    const snippet = fs.readFileSync(path.join(dir, 'identity.yaml'), 'utf8');
    expect(snippet).toContain('issuanceLifetime: 2h');
    expect(snippet).toContain('cluster.trustDomain: cluster.local and cluster.controlPlaneNamespace: linkerd');

    const topologyFile = tmp('mesh-topology.yaml');
    writeTopology(topologyFile, snippet);
    controller = await startController({ topologyFile, log: pino({ level: 'silent' }), listen: { ip: '127.0.0.1', port: 0 } });
    client = new WireClient(controller.addr);

    const anchor = cert(path.join(dir, 'anchor/ca.crt'));
    for (const [id, name] of [[WEB, 'web'], [API, 'api']] as const) {
      const res = await certify(client, id, path.join(dir, name, 'token'));
      const chain = chainOf(res);
      expect(chain[0]!.subjectAltName).toBe(`DNS:${id}`);
      expect(chain[1]!.fingerprint256).toBe(cert(path.join(dir, 'issuer/ca.crt')).fingerprint256);
      expect(chainToAnchor(chain, [anchor]).ok).toBe(true);
      expect(Date.parse(chain[0]!.validTo) - Date.parse(chain[0]!.validFrom)).toBe(2 * 3600_000 + 2 * 20_000);
    }
    // A workload's token does not get another workload's identity.
    const csr = await createCsr({ identity: API });
    const refused = await client.certify({ identity: API, token: fs.readFileSync(path.join(dir, 'web/token')), certificate_signing_request: csr.csrDer });
    expect(refused).toMatchObject({ ok: false, details: expect.stringMatching(/requested identity did not match provided token/) });
  });

  it('pki tokens writes what controller/tokens.ts loads, one token file per workload', async () => {
    const dir = tmp('tokens');
    const out = await ok('tokens', '--out', dir, '--workload', 'web.shop', '--identity', API);
    expect(out).toContain(`wrote ${path.join(dir, 'tokens.json')}`);
    const validate = loadTokens(path.join(dir, 'tokens.json'));
    expect(validate(fs.readFileSync(path.join(dir, 'web.shop.token')))).toEqual({ sa: 'web', ns: 'shop' });
    expect(validate(fs.readFileSync(path.join(dir, 'api.shop.token')))).toEqual({ sa: 'api', ns: 'shop' });
    expect(validate(Buffer.from('not-a-token'))).toBeUndefined();
    expect(fs.readFileSync(path.join(dir, 'web.shop.token'), 'utf8')).toMatch(/^[0-9a-f]{64}$/);
    for (const f of fs.readdirSync(dir)) expect(fs.statSync(path.join(dir, f)).mode & 0o777, f).toBe(0o600);
    expect((await run('tokens', '--out', dir, '--workload', 'web.shop')).err).toMatch(/refusing to overwrite/);
  });

  it.each([
    [['tokens', '--out', '/tmp/x'], /missing required flag --workload \(or --identity\)/],
    [['tokens', '--out', '/tmp/x', '--workload', 'Web.shop'], /--workload: workload "Web.shop" is not "<serviceaccount>.<namespace>"/],
    [['tokens', '--out', '/tmp/x', '--workload', 'web'], /--workload: workload "web" is not/],
    [['tokens', '--out', '/tmp/x', '--workload', 'web.shop', '--workload', 'web.shop'], /workload web.shop is listed twice/],
    [['tokens', '--out', '/tmp/x', '--identity', 'spiffe://cluster.local/ns/shop/sa/web'], /--identity: .* is not a Linkerd identity/],
    [['mesh', '--out', '/tmp/x', '--identity', 'spiffe://cluster.local/ns/shop/sa/web', '--tokens'], /--tokens: .* is not a Linkerd identity/],
    [['mesh', '--out', '/tmp/x', '--identity', WEB, '--identity', 'api.shop.serviceaccount.identity.linkerd.other.local', '--tokens'], /one controller issues one/],
    [['issuer', '--anchor', '/tmp/a', '--out', '/tmp/x', '--tokens-file', ''], /--tokens-file must not be empty/],
  ])('%j exits 2 naming the problem, writing nothing', async (argv, message) => {
    const r = await run(...(argv as string[]));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });

  it('issuer prints a parseable identity: section pointing at the anchor; without tokens it says how to make them', async () => {
    const dir = tmp('issuer-snippet');
    await ok('anchor', '--out', path.join(dir, 'anchor'));
    const out = await ok('issuer', '--anchor', path.join(dir, 'anchor'), '--out', path.join(dir, 'issuer'));
    expect(out).toContain(`trustAnchorsFile: ${path.join(dir, 'anchor/ca.crt')}`);
    expect(out).toContain("# tokensFile: required; make one with 'podwire pki tokens");
    await ok('tokens', '--out', dir, '--workload', 'web.shop');
    const withTokens = await ok('issuer', '--anchor', path.join(dir, 'anchor'), '--out', path.join(dir, 'issuer'), '--force', '--tokens-file', path.join(dir, 'tokens.json'));
    const section = withTokens.slice(withTokens.indexOf('# identity section'));
    const topology = parseTopology(`cluster: {name: east}\n${section}`, dir);
    expect(topology.identity).toMatchObject({
      trustAnchorsFile: path.join(dir, 'anchor/ca.crt'),
      issuerCertFile: path.join(dir, 'issuer/ca.crt'),
      issuerKeyFile: path.join(dir, 'issuer/ca.key'),
      tokensFile: path.join(dir, 'tokens.json'),
      issuanceLifetimeMs: 86_400_000,
      clockSkewMs: 20_000,
    });
  });
});

describe('README rotation with a controller-issued identity', () => {
  it('bundle, cross-signed issuer, re-issued issuer, old root removed: each a topology edit, Certify never fails', async () => {
    const dir = tmp('rotate');
    const d = (p: string) => path.join(dir, p);
    await ok('mesh', '--out', dir, '--identity', WEB, '--tokens', '--topology-snippet', d('identity.yaml'));
    const topologyFile = d('topology.yaml');
    writeTopology(topologyFile, fs.readFileSync(d('identity.yaml'), 'utf8'));
    const mem = memoryLogger();
    controller = await startController({ topologyFile, log: mem.log, listen: { ip: '127.0.0.1', port: 0 } });
    client = new WireClient(controller.addr);
    const token = d('web/token');
    const oldAnchor = cert(d('anchor/ca.crt'));

    // 1. A new root.
    await ok('anchor', '--out', d('anchor-2'));
    const newAnchor = cert(d('anchor-2/ca.crt'));

    // Switching to an issuer under the new root before the controller trusts it is refused, and the
    // old issuer keeps serving: why step 2 includes the controller's trustAnchorsFile.
    await ok('issuer', '--anchor', d('anchor-2'), '--out', d('issuer-early'), '--trust-anchors', d('trust-anchors.pem'),
      '--tokens-file', d('tokens.json'), '--topology-snippet', d('identity-early.yaml'));
    writeTopology(topologyFile, fs.readFileSync(d('identity-early.yaml'), 'utf8'));
    await expect.poll(() => mem.lines().some((l) => l['msg'] === 'issuer reload refused; keeping the current issuer'), { timeout: 10_000 }).toBe(true);
    expect(chainToAnchor(chainOf(await certify(client, WEB, token)), [oldAnchor]).ok).toBe(true);

    // 2. Both roots in the controller's trustAnchorsFile (the proxies' bundles get the same file).
    await ok('bundle', '--out', d('trust-anchors.pem'), '--force', d('anchor'), d('anchor-2'));

    // 3a. Cross-signed issuer: same key, leaves now come with the cross-signed certificate.
    await ok('cross-sign', '--issuer', d('issuer'), '--anchor', d('anchor-2'), '--out', d('issuer-x'), '--trust-anchors', d('trust-anchors.pem'),
      '--tokens-file', d('tokens.json'), '--topology-snippet', d('identity-x.yaml'));
    writeTopology(topologyFile, fs.readFileSync(d('identity-x.yaml'), 'utf8'));
    const crossed = chainOf(await untilIssuer(client, token, d('issuer-x/ca.crt')));
    expect(chainToAnchor(crossed, [newAnchor]).ok).toBe(true);
    expect(chainToAnchor(crossed, [oldAnchor]).ok).toBe(false);
    // Signed by the same key as before: the old issuer certificate still vouches for it too.
    expect(crossed[0]!.verify(cert(d('issuer/ca.crt')).publicKey)).toBe(true);

    // 3b. Or a re-issued issuer (a new key) under the new root.
    await ok('issuer', '--anchor', d('anchor-2'), '--out', d('issuer-2'), '--trust-anchors', d('trust-anchors.pem'),
      '--tokens-file', d('tokens.json'), '--topology-snippet', d('identity-2.yaml'));
    writeTopology(topologyFile, fs.readFileSync(d('identity-2.yaml'), 'utf8'));
    const reissued = chainOf(await untilIssuer(client, token, d('issuer-2/ca.crt')));
    expect(chainToAnchor(reissued, [newAnchor]).ok).toBe(true);
    expect(chainToAnchor(reissued, [oldAnchor]).ok).toBe(false);

    // 5. Old root out of the bundle; the controller re-reads it on the next topology edit.
    await ok('bundle', '--out', d('trust-anchors.pem'), '--force', d('anchor-2'));
    writeTopology(topologyFile, `# old root removed\n${fs.readFileSync(d('identity-2.yaml'), 'utf8')}`);
    await expect.poll(() => mem.lines().filter((l) => l['msg'] === 'identity issuer updated').length, { timeout: 10_000 }).toBe(3);
    expect(chainToAnchor(chainOf(await certify(client, WEB, token)), [newAnchor]).ok).toBe(true);
    expect(parseCertificates(fs.readFileSync(d('trust-anchors.pem'), 'utf8'), 'bundle').map((c) => c.fingerprint256)).toEqual([newAnchor.fingerprint256]);
  });
});
