// Problems that stop `podwire proxy` from starting, reported like environment errors by the real
// CLI: every problem at once, each as `VARIABLE="value": what is wrong; what to do`, exit 2, and no
// log line that would suggest the proxy ever served (no "listening", "ready" or "shutting down").
// Identity files: missing, a directory, unreadable by the proxy's user, a key that is not the
// certificate's, an expired certificate, one the anchors did not issue, one without the local
// identity, garbage trust anchors (file and inline), and several of these in one run. Listen
// addresses already in use: each named by the variable that set it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityEnv, makeWorkdir, type Workdir } from '../harness/mesh.js';
import { baseEnv, CLI, ProxyProcess, spawnPodwire } from '../harness/proxy-process.js';

const CERT = 'PODWIRE_IDENTITY_CERT_FILE';
const KEY = 'PODWIRE_IDENTITY_KEY_FILE';
const ANCHORS_FILE = 'PODWIRE_IDENTITY_TRUST_ANCHORS_FILE';
const ANCHORS_INLINE = 'LINKERD2_PROXY_IDENTITY_TRUST_ANCHORS';
const GARBAGE_PEM = '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n';

/** Run the proxy to its exit; it must not get as far as serving. */
async function failedStart(proc: ProxyProcess): Promise<{ code: number | null; stderr: string }> {
  const code = await proc.exit(15_000);
  for (const msg of ['podwire proxy listening', 'podwire proxy ready', 'shutting down: no new connections']) {
    expect(proc.logs.filter((l) => l.msg === msg), msg).toEqual([]);
  }
  return { code, stderr: proc.stderr };
}

/** The stderr lines reporting problems, as `NAME=value: why`. */
function problemLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => /^ {2}[A-Z0-9_]+=/.test(l)).map((l) => l.trim());
}

describe('identity file problems at startup', () => {
  let w: Workdir;
  let good: Record<string, string>;

  beforeAll(async () => {
    w = await makeWorkdir();
    good = identityEnv(w.pki.leaves.client, w.pki);
  });

  afterAll(async () => {
    await w?.cleanup();
  });

  const run = (env: Record<string, string>) => failedStart(spawnPodwire(['proxy'], baseEnv({ ...good, ...env })));

  it.each([
    ['a missing certificate file', () => ({ [CERT]: path.join(w.dir, 'nowhere/tls.crt') }), CERT, /: no such file: check the path/],
    ['a directory for the certificate file', () => ({ [CERT]: w.dir }), CERT, /: is a directory: point the variable at the file inside it/],
    ['a key that is not the certificate\'s', () => ({ [KEY]: w.pki.leaves.server.keyFile }), KEY,
      /private key does not match the leaf certificate .*; it is not the key of the certificate in PODWIRE_IDENTITY_CERT_FILE \(.*client.*\): point both variables at the same pair/],
    ['an expired certificate', () => ({ [CERT]: w.pki.leaves.expired.certFile, [KEY]: w.pki.leaves.expired.keyFile }), CERT,
      /leaf certificate .* expired at .*; issue a current certificate/],
    ['a certificate the trust anchors did not issue', () => ({ [CERT]: w.pki.leaves.wrongCa.certFile, [KEY]: w.pki.leaves.wrongCa.keyFile }), CERT,
      /does not chain to any trust anchor.*; it must be issued, through the intermediates in the file, by one of the trust anchors in PODWIRE_IDENTITY_TRUST_ANCHORS_FILE/],
    ['a certificate without the local identity', () => ({ [CERT]: w.pki.leaves.wrongSan.certFile, [KEY]: w.pki.leaves.wrongSan.keyFile }), CERT,
      /SANs do not include local identity .*client.*; SANs: impostor.*; issue a certificate for .*, or set LINKERD2_PROXY_IDENTITY_LOCAL_NAME/],
    ['garbage in the trust anchors file', () => ({ [ANCHORS_FILE]: writeFile(w, 'garbage-anchors.pem', GARBAGE_PEM) }), ANCHORS_FILE,
      /no usable trust anchors: trust anchor #1 skipped: not a valid X\.509 certificate.*; it must hold the mesh's trust anchors as PEM CERTIFICATE blocks/],
  ])('%s: names %s, the path, what is wrong and what to do; exit 2', async (_what, env, variable, why) => {
    const e: Record<string, string> = env();
    const { code, stderr } = await run(e);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^podwire: invalid configuration \(1 problem\):\n/);
    const [line, ...more] = problemLines(stderr);
    expect(more).toEqual([]);
    const value = e[variable] ?? good[variable]!;
    expect(line!.startsWith(`${variable}=${JSON.stringify(value)}: `), line).toBe(true);
    expect(line).toMatch(why);
  });

  it('garbage inline trust anchors: names the variable without printing the PEM', async () => {
    const { [ANCHORS_FILE]: _file, ...rest } = good;
    const proc = spawnPodwire(['proxy'], baseEnv({ ...rest, [ANCHORS_INLINE]: GARBAGE_PEM }));
    const { code, stderr } = await failedStart(proc);
    expect(code).toBe(2);
    expect(problemLines(stderr)).toEqual([expect.stringMatching(/^LINKERD2_PROXY_IDENTITY_TRUST_ANCHORS="<inline PEM>": no usable trust anchors: .*; it must hold/)]);
  });

  it('a key the proxy\'s user cannot read (a root-owned 0600 key): permission denied, with the uid to fix it for', async () => {
    // Run as nobody when we are root (root reads anything); otherwise a mode-000 key does it.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podwire-perm-'));
    try {
      fs.chmodSync(dir, 0o755);
      const cert = writeFile({ dir }, 'tls.crt', fs.readFileSync(w.pki.leaves.client.certFile, 'utf8'), 0o644);
      const key = writeFile({ dir }, 'tls.key', fs.readFileSync(w.pki.leaves.client.keyFile, 'utf8'), process.getuid?.() === 0 ? 0o600 : 0o000);
      const anchors = writeFile({ dir }, 'anchors.pem', w.pki.ca.anchorsPem, 0o644);
      const asRoot = process.getuid?.() === 0;
      const child = spawn(process.execPath, [CLI, 'proxy'], {
        env: baseEnv({ ...good, [CERT]: cert, [KEY]: key, [ANCHORS_FILE]: anchors }),
        stdio: ['ignore', 'pipe', 'pipe'],
        ...(asRoot && { uid: 65534, gid: 65534 }),
      });
      const { code, stderr } = await failedStart(new ProxyProcess(child));
      expect(code).toBe(2);
      const uid = asRoot ? 65534 : process.getuid!();
      expect(problemLines(stderr)).toEqual([`${KEY}=${JSON.stringify(key)}: permission denied: make it readable by the user the proxy runs as (uid ${uid})`]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports several problems in one run, each under its own variable', async () => {
    const { code, stderr } = await run({
      [CERT]: w.pki.leaves.expired.certFile,
      [KEY]: w.pki.leaves.server.keyFile,
      [ANCHORS_FILE]: writeFile(w, 'garbage-anchors-2.pem', 'not PEM at all\n'),
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^podwire: invalid configuration \(3 problems\):\n/);
    const lines = problemLines(stderr);
    expect(lines).toHaveLength(3);
    expect(lines.find((l) => l.startsWith(`${CERT}=`))).toMatch(/expired at/);
    expect(lines.find((l) => l.startsWith(`${KEY}=`))).toMatch(/does not match the leaf certificate/);
    expect(lines.find((l) => l.startsWith(`${ANCHORS_FILE}=`))).toMatch(/no usable trust anchors: no PEM CERTIFICATE blocks found/);
  });

  it('reports the files\' problems with the variables\' in one run', async () => {
    const { code, stderr } = await run({ [CERT]: w.pki.leaves.expired.certFile, [KEY]: w.pki.leaves.expired.keyFile, LINKERD2_PROXY_LOG_FORMAT: 'yaml' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^podwire: invalid configuration \(2 problems\):\n/);
    expect(problemLines(stderr)).toEqual([
      expect.stringMatching(/^LINKERD2_PROXY_LOG_FORMAT="yaml": expected PLAIN or JSON$/),
      expect.stringMatching(/^PODWIRE_IDENTITY_CERT_FILE=".*": leaf certificate .* expired at/),
    ]);
  });

  it('--check-config checks the files too', async () => {
    const proc = spawnPodwire(['proxy', '--check-config'], baseEnv({ ...good, [CERT]: w.pki.leaves.expired.certFile, [KEY]: w.pki.leaves.expired.keyFile }));
    const { code, stderr } = await failedStart(proc);
    expect(code).toBe(2);
    expect(problemLines(stderr)).toEqual([expect.stringMatching(/^PODWIRE_IDENTITY_CERT_FILE=".*": leaf certificate .* expired at/)]);
  });
});

describe('listen addresses already in use', () => {
  let w: Workdir;
  const holders: net.Server[] = [];

  beforeAll(async () => {
    w = await makeWorkdir();
  });

  afterAll(async () => {
    for (const h of holders) h.close();
    await w?.cleanup();
  });

  const hold = async (): Promise<string> => {
    const h = net.createServer();
    holders.push(h);
    await new Promise<void>((r) => h.listen(0, '127.0.0.1', () => r()));
    return `127.0.0.1:${(h.address() as net.AddressInfo).port}`;
  };

  it('names every variable whose address is taken, exits 2, and logs no drain', async () => {
    const [inbound, outbound, admin, forward] = [await hold(), await hold(), await hold(), await hold()];
    const proc = spawnPodwire(['proxy'], baseEnv({
      ...identityEnv(w.pki.leaves.server, w.pki),
      LINKERD2_PROXY_INBOUND_LISTEN_ADDR: inbound,
      LINKERD2_PROXY_OUTBOUND_LISTEN_ADDR: outbound,
      LINKERD2_PROXY_ADMIN_LISTEN_ADDR: admin,
      LINKERD2_PROXY_DESTINATION_SVC_ADDR: '127.0.0.1:1',
      PODWIRE_OUTBOUND_FORWARDS: `${forward}=127.0.0.1:7`,
    }));
    const { code, stderr } = await failedStart(proc);
    expect(code).toBe(2);
    expect(stderr).toMatch(/invalid configuration \(4 problems\)/);
    expect(problemLines(stderr).sort()).toEqual([
      `LINKERD2_PROXY_ADMIN_LISTEN_ADDR="${admin}": ${admin} (admin) is already in use by another process (another proxy in the pod, or the application itself): set LINKERD2_PROXY_ADMIN_LISTEN_ADDR to a free address, or stop that process`,
      `LINKERD2_PROXY_INBOUND_LISTEN_ADDR="${inbound}": ${inbound} (inbound) is already in use by another process (another proxy in the pod, or the application itself): set LINKERD2_PROXY_INBOUND_LISTEN_ADDR to a free address, or stop that process`,
      `LINKERD2_PROXY_OUTBOUND_LISTEN_ADDR="${outbound}": ${outbound} (outbound) is already in use by another process (another proxy in the pod, or the application itself): set LINKERD2_PROXY_OUTBOUND_LISTEN_ADDR to a free address, or stop that process`,
      `PODWIRE_OUTBOUND_FORWARDS="${forward}": ${forward} (forward to 127.0.0.1:7) is already in use by another process (another proxy in the pod, or the application itself): set PODWIRE_OUTBOUND_FORWARDS to a free address, or stop that process`,
    ]);
    expect(proc.logs.find((l) => l.msg === 'podwire failed to start')).toBeDefined();
  });
});

function writeFile(w: { dir: string }, name: string, text: string, mode = 0o644): string {
  const file = path.join(w.dir, name);
  fs.writeFileSync(file, text, { mode });
  fs.chmodSync(file, mode);
  return file;
}
