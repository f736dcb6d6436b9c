// Variables podwire does not read, through the real CLI: a misspelt one and an unimplemented
// Linkerd one each get a structured startup warning and the proxy still starts and serves;
// `podwire proxy --check-config` prints the effective configuration and the warnings and exits 0
// without binding, or exits 2 with the warnings and every problem.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, baseEnv, fetchText, startPodwire } from '../harness/proxy-process.js';
import { identityEnv, makeWorkdir, type Workdir } from '../harness/mesh.js';

const TYPO = 'PODWIRE_OUTBOUND_FOWARDS';
const TYPO_WARNING = `${TYPO} is not a podwire variable and has no effect; did you mean PODWIRE_OUTBOUND_FORWARDS?`;
const CORES = 'LINKERD2_PROXY_CORES';

/** Run the CLI to completion (bounded), capturing stdout and stderr as text. */
function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('variables podwire does not read', () => {
  let w: Workdir;

  beforeAll(async () => {
    w = await makeWorkdir();
  });
  afterAll(async () => {
    await w?.cleanup();
  });

  it('warns at startup, one structured line per variable, and starts anyway', async () => {
    const { proc, addrs } = await startPodwire({
      ...identityEnv(w.pki.leaves.server, w.pki),
      [TYPO]: '127.0.0.1:9000=web.shop.svc.cluster.local:80',
      [CORES]: '2',
    });
    try {
      const typo = await proc.waitForLog((l) => l['variable'] === TYPO);
      expect(typo).toMatchObject({ level: 40, msg: TYPO_WARNING, problem: 'unknown', suggestion: 'PODWIRE_OUTBOUND_FORWARDS' });
      const cores = await proc.waitForLog((l) => l['variable'] === CORES);
      expect(cores).toMatchObject({ level: 40, problem: 'not_implemented' });
      expect(cores.msg).toMatch(new RegExp(`^${CORES} is a Linkerd proxy variable that podwire does not implement: it has no effect \\(`));
      // Variables it reads (baseEnv's) get none.
      expect(proc.logs.filter((l) => typeof l['variable'] === 'string').map((l) => l['variable'])).toEqual([CORES, TYPO]);
      await expect.poll(async () => (await fetchText(addrs.admin, '/ready')).status, { timeout: 10_000 }).toBe(200);
    } finally {
      await proc.stop();
    }
  });

  it('--check-config prints the effective configuration and the warnings, exits 0 and binds nothing', async () => {
    // A port we hold: if --check-config started listeners on it, podwire would fail instead.
    const holder = net.createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', () => r()));
    const held = (holder.address() as net.AddressInfo).port;
    try {
      const proc = await runCli(['proxy', '--check-config'], baseEnv({
        LINKERD2_PROXY_IDENTITY_LOCAL_NAME: w.pki.leaves.server.id,
        PODWIRE_IDENTITY_CERT_FILE: w.pki.leaves.server.certFile,
        PODWIRE_IDENTITY_KEY_FILE: w.pki.leaves.server.keyFile,
        LINKERD2_PROXY_IDENTITY_TRUST_ANCHORS: fs.readFileSync(w.pki.ca.anchorsFile, 'utf8'),
        LINKERD2_PROXY_ADMIN_LISTEN_ADDR: `127.0.0.1:${held}`,
        LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_IDENTITY: '8080,9000-9001',
        [TYPO]: 'x',
      }));
      expect(proc.code).toBe(0);
      const out = proc.stdout;
      expect(out).toContain('podwire proxy: the configuration is valid');
      const json = out.slice(out.indexOf('{'), out.lastIndexOf('}') + 1);
      const effective = JSON.parse(json) as Record<string, any>;
      expect(effective['adminListen']).toEqual({ ip: '127.0.0.1', port: held });
      expect(effective['policy']).toMatchObject({ defaultPolicy: 'all-unauthenticated', required: { identity: [[8080, 8080], [9000, 9001]], tls: [] } });
      expect(effective['identity']).toMatchObject({ mode: 'files', keyFile: w.pki.leaves.server.keyFile, trustAnchorsPem: '<inline PEM: 1 certificate>' });
      expect(out).not.toContain('BEGIN');
      expect(out).toContain(`Warnings (1):\n  ${TYPO_WARNING}`);
      expect(proc.stderr).toBe('');
    } finally {
      holder.close();
    }
  });

  it('--check-config with a bad configuration: the warnings, then every problem, exit 2', async () => {
    const proc = await runCli(['proxy', '--check-config'], baseEnv({
      [TYPO]: 'x',
      LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_TLS: '80-70',
    }));
    expect(proc.code).toBe(2);
    expect(proc.stdout).toBe('');
    const err = proc.stderr;
    expect(err).toContain(`podwire: warning: ${TYPO_WARNING}`);
    expect(err).toMatch(/invalid configuration \(\d+ problems\)/);
    expect(err).toContain('LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_TLS="80-70": "80-70" is outside 1..65535');
    expect(err).toContain('LINKERD2_PROXY_IDENTITY_LOCAL_NAME=(unset)');
    expect(err.indexOf('warning:')).toBeLessThan(err.indexOf('invalid configuration'));
  });

  it('refuses an unknown flag with exit 2', async () => {
    const proc = await runCli(['proxy', '--check-confg'], baseEnv({}));
    expect(proc.code).toBe(2);
    expect(proc.stderr).toContain('unexpected argument "--check-confg"');
  });
});
