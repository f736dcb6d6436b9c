// Linkerd 2.14's init container as its injector writes it, on podwire's image: proxy-init's
// arguments and no command (deploy/kubernetes/linkerd-2.14/injected-pod.yaml), run as uid 65534
// with NET_ADMIN and NET_RAW only through file capabilities on the iptables binaries - what the
// Dockerfile sets with setcap, reproduced here on copies of this host's binaries. In a fresh
// network namespace the rules are installed; without the file capabilities the same run fails
// with iptables' "you must be root", which is what a plain iptables install would do in the pod.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { INJECTED_POD_214 } from '../harness/k8s-env.js';
import { NetnsRun, inNs } from './harness/netns.js';
import { CLI } from './harness/ns-process.js';
import { describeNetns } from './harness/suite.js';

const run = promisify(execFile);
const initArgs = (parse(fs.readFileSync(INJECTED_POD_214, 'utf8')) as { spec: { initContainers: Array<{ name: string; args: string[] }> } })
  .spec.initContainers.find((c) => c.name === 'linkerd-init')!.args;
const NOBODY = 65534;

/** A directory of iptables commands pointing at copies of the host's xtables binaries, with or without file capabilities. */
async function iptablesDir(withCaps: boolean): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podwire-xtables-'));
  fs.chmodSync(dir, 0o755);
  for (const multi of ['xtables-nft-multi', 'xtables-legacy-multi']) {
    fs.copyFileSync(`/usr/sbin/${multi}`, path.join(dir, multi));
    fs.chmodSync(path.join(dir, multi), 0o755);
    if (withCaps) await run('setcap', ['cap_net_admin,cap_net_raw+ep', path.join(dir, multi)]);
  }
  for (const n of ['iptables', 'iptables-nft', 'iptables-save', 'iptables-restore', 'iptables-nft-save', 'iptables-nft-restore', 'ip6tables', 'ip6tables-nft']) {
    fs.symlinkSync('xtables-nft-multi', path.join(dir, n));
  }
  for (const n of ['iptables-legacy', 'iptables-legacy-save', 'iptables-legacy-restore', 'ip6tables-legacy']) fs.symlinkSync('xtables-legacy-multi', path.join(dir, n));
  return dir;
}

/** `podwire <proxy-init args>` in `ns` as uid/gid 65534, with `dir` first on PATH. */
function initAsNobody(ns: string, dir: string): Promise<{ code: number; out: string }> {
  return inNs(ns, 'setpriv', ['--reuid', String(NOBODY), '--regid', String(NOBODY), '--clear-groups', 'env', `PATH=${dir}:/usr/sbin:/usr/bin:/sbin:/bin`, process.execPath, CLI, ...initArgs])
    .then((out) => ({ code: 0, out }), (err: { code?: number; stderr?: string; message: string }) => ({ code: err.code ?? 1, out: err.stderr ?? err.message }));
}

describeNetns('init container of the injected pod, as uid 65534', () => {
  const netns = new NetnsRun();
  const dirs: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync('/usr/sbin/xtables-nft-multi')) throw new Error('iptables (nft) is not installed');
  });

  afterAll(() => {
    netns.teardownSync();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('installs the rules with file-capable iptables, and fails as iptables does without', async () => {
    const withCaps = await iptablesDir(true);
    const without = await iptablesDir(false);
    dirs.push(withCaps, without);

    const plain = await netns.add('init-plain');
    const refused = await initAsNobody(plain, without);
    expect(refused.code).not.toBe(0);
    expect(refused.out).toMatch(/you must be root|Permission denied/);

    const pod = await netns.add('init-caps');
    const ok = await initAsNobody(pod, withCaps);
    expect(ok, ok.out).toMatchObject({ code: 0 });
    const rules = await inNs(pod, 'iptables-save', ['-t', 'nat']);
    expect(rules).toContain('--to-ports 4143');
    expect(rules).toContain('--uid-owner 2102');
  });
});
