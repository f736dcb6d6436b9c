// README.md's "Running the proxy by hand" works as written: its code blocks are extracted and run
// in order, as one shell script, with `podwire` being the built CLI — the PKI, the topology file,
// the application, the controller, both proxies, `podwire await` and the final curl — and the
// curl must get the application's answer through both proxies over mTLS, with the access logs
// the README describes. Background commands get their output in a log file each (the proxies log
// JSON to stdout). As root (CI) the script runs in a network namespace of its own, so the README's
// fixed loopback addresses cannot collide with other tests running at the same time.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT } from '../harness/proxy-process.js';

const README = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

/** The section's text, from its heading to the next level-2 heading. */
function section(heading: string): string {
  const start = README.indexOf(`\n## ${heading}\n`);
  expect(start, `README has "## ${heading}"`).toBeGreaterThan(0);
  const end = README.indexOf('\n## ', start + 1);
  return README.slice(start, end < 0 ? undefined : end);
}

interface Block {
  readonly lang: string;
  readonly text: string;
}

function codeBlocks(text: string): Block[] {
  return [...text.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, text: m[2]! }));
}

/** Shell commands of a block: continuation lines joined, trailing `# comments` dropped. */
function shellCommands(block: string): string[] {
  const joined = block.replace(/\\\n\s*/g, ' ');
  return joined.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => l !== '' && !l.startsWith('#'));
}

/** The README's commands as one script: background jobs log to job-N.log and die with the script. */
function script(blocks: readonly Block[], netns: boolean): string {
  // On exit: SIGTERM every job and wait for it, so each has drained and flushed its log.
  const lines = ['set -euo pipefail', "trap 'kill $(jobs -p) 2>/dev/null || true; wait' EXIT"];
  if (netns) lines.push('ip link set lo up');
  let job = 0;
  for (const b of blocks) {
    if (b.lang === 'yaml') {
      const name = /^# ([\w.-]+\.yaml)/.exec(b.text)?.[1];
      expect(name, 'a yaml block starts with "# <file>.yaml"').toBeDefined();
      lines.push(`cat > ${name} <<'PODWIRE_README_EOF'\n${b.text}PODWIRE_README_EOF`);
      continue;
    }
    expect(b.lang).toBe('sh');
    for (const cmd of shellCommands(b.text)) {
      lines.push(cmd.endsWith('&') ? `${cmd.slice(0, -1).trim()} > job-${++job}.log 2>&1 &` : cmd);
    }
  }
  return lines.join('\n') + '\n';
}

const isRoot = process.getuid?.() === 0;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podwire-readme-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(text: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(path.join(bin, 'podwire'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'readme.sh'), text);
  const [cmd, args] = isRoot ? ['unshare', ['--net', 'bash', 'readme.sh']] : ['bash', ['readme.sh']];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: dir, env: { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, HOME: dir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Log lines as records: JSON lines as they are, the plain format `[time] LEVEL: msg {fields}` split up. */
function logRecords(file: string): Record<string, unknown>[] {
  return fs.readFileSync(path.join(dir, file), 'utf8').split('\n').flatMap((l) => {
    if (l.startsWith('{')) return [JSON.parse(l) as Record<string, unknown>];
    const m = /^\[[^\]]+\] [A-Z]+: (.*?)(?: (\{.*\}))?$/.exec(l);
    return m ? [{ msg: m[1], ...(m[2] ? (JSON.parse(m[2]) as Record<string, unknown>) : {}) }] : [];
  });
}

describe('README: running the proxy by hand', () => {
  const blocks = codeBlocks(section('Running the proxy by hand'));

  it('has the PKI, a topology, the application, the controller and both proxies', () => {
    const all = blocks.filter((b) => b.lang === 'sh').flatMap((b) => shellCommands(b.text));
    expect(all.some((c) => c.startsWith('podwire pki mesh'))).toBe(true);
    expect(blocks.some((b) => b.lang === 'yaml' && b.text.startsWith('# topology.yaml'))).toBe(true);
    expect(all.filter((c) => c.startsWith('podwire controller')).length).toBe(1);
    expect(all.filter((c) => /\bpodwire proxy &$/.test(c)).length).toBe(2);
    expect(all.at(-1)).toMatch(/^curl /);
  });

  it('works as written: the last curl gets the application through both proxies over mTLS', async () => {
    const r = await run(script(blocks, isRoot));
    const logs = () => fs.readdirSync(dir).filter((f) => f.startsWith('job-')).map((f) => `${f}:\n${fs.readFileSync(path.join(dir, f), 'utf8').slice(-2000)}`).join('\n');
    expect(r.code, `${r.stderr}\n${logs()}`).toBe(0);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('aaaaa');
    const closed = (f: string) => logRecords(f).filter((l) => l['msg'] === 'connection closed');
    const jobs = fs.readdirSync(dir).filter((f) => /^job-\d+\.log$/.test(f));
    const lines = jobs.flatMap(closed);
    const outbound = lines.find((l) => l['direction'] === 'outbound');
    const inbound = lines.find((l) => l['direction'] === 'inbound');
    expect(outbound?.['server_id'], logs()).toBe('web.default.serviceaccount.identity.linkerd.cluster.local');
    expect(outbound?.['reason']).toBe('ok');
    expect(inbound?.['client_id'], logs()).toBe('client.default.serviceaccount.identity.linkerd.cluster.local');
    expect(inbound?.['reason']).toBe('ok');
  }, 120_000);
});
