// The Dockerfile, checked without a container engine: every path it copies exists and is not
// excluded by .dockerignore, the build stage copies what `npm ci` needs and runs only what CI runs,
// the runtime stage runs as uid 2102 with tini → node → the built CLI, exposes the default ports
// and health-checks /live, and installs linkerd-await where Linkerd 2.14's injected postStart hook
// runs it (deploy/kubernetes/linkerd-2.14/injected-pod.yaml). Then the runtime stage's steps are
// replayed in a scratch directory (production dependencies from the lock file, the build stage's
// outputs) and the CLI, the native addon, the HEALTHCHECK command and the linkerd-await wrapper
// are run from there.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../proxy/config/vars.js';
import { INIT_DEFAULTS } from '../../proxy/init/options.js';
import { NODE_STARTUP_OPTIONS } from '../../proxy/node-startup-options.js';
import { INJECTED_POD_214, readContainerFixture } from '../harness/k8s-env.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8');

interface Instruction {
  readonly op: string;
  readonly args: string;
  readonly line: number;
}

interface Stage {
  readonly image: string;
  readonly name?: string;
  readonly steps: Instruction[];
}

/** Instructions grouped by stage; continuation lines joined, comments dropped. */
function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let logical = lines[i]!;
    if (/^\s*(#|$)/.test(logical)) continue;
    while (logical.endsWith('\\') && i + 1 < lines.length) logical = `${logical.slice(0, -1)} ${lines[++i]!.trim()}`;
    const m = /^\s*([A-Z]+)\s+(.*)$/.exec(logical);
    if (!m) throw new Error(`Dockerfile line ${start + 1}: cannot parse ${JSON.stringify(logical)}`);
    const step = { op: m[1]!, args: m[2]!.trim(), line: start + 1 };
    if (step.op === 'FROM') {
      const f = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(step.args)!;
      stages.push({ image: f[1]!, ...(f[2] && { name: f[2] }), steps: [] });
    } else {
      stages.at(-1)!.steps.push(step);
    }
  }
  return stages;
}

interface Copy {
  readonly from?: string;
  readonly sources: string[];
  readonly dest: string;
}

function parseCopy(args: string): Copy {
  const words = args.split(/\s+/);
  const flags = words.filter((w) => w.startsWith('--'));
  const rest = words.filter((w) => !w.startsWith('--'));
  const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
  return { ...(from && { from }), sources: rest.slice(0, -1), dest: rest.at(-1)! };
}

/** .dockerignore patterns (the simple forms used here: paths and *.ext). */
function ignored(rel: string): boolean {
  const patterns = read('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  return patterns.some((p) => {
    if (p.startsWith('*.')) return rel.endsWith(p.slice(1));
    return rel === p || rel.startsWith(`${p}/`);
  });
}

/** The port of a "host:port" default. */
const port = (addr: string) => Number(addr.split(':').at(-1));

/** Resolve `p` against the stage's WORKDIR at the step's position. */
function inImage(workdir: string, p: string): string {
  return path.posix.resolve(workdir, p);
}

const stages = parseDockerfile(read('Dockerfile'));
const build = stages.find((s) => s.name === 'build')!;
const runtime = stages.at(-1)!;
const steps = (s: Stage, op: string) => s.steps.filter((x) => x.op === op);
const workdirOf = (s: Stage) => steps(s, 'WORKDIR').at(-1)!.args;
const copies = (s: Stage) => steps(s, 'COPY').map((c) => parseCopy(c.args));

/** The postStart hook Linkerd 2.14's injector gives the proxy container: program and arguments. */
const HOOK = readContainerFixture(INJECTED_POD_214).lifecycle!.postStart!.exec!.command;

/** Where a build-stage path is in the repository (the build stage is the repo after `npm ci`). */
function buildPathToRepo(p: string): string {
  const rel = path.posix.relative(workdirOf(build), p);
  expect(rel.startsWith('..'), `${p} is inside the build stage's WORKDIR`).toBe(false);
  return rel;
}

describe('Dockerfile structure', () => {
  it('has a build stage on node:24-bookworm and a slim runtime stage of the same Node', () => {
    expect(stages).toHaveLength(2);
    expect(build.image).toBe('node:24-bookworm');
    expect(runtime.image).toBe('node:24-bookworm-slim');
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    expect(engines).toBe('>=20');
  });

  it('copies only paths that exist and that .dockerignore lets through', () => {
    for (const stage of stages) {
      for (const c of copies(stage).filter((c) => !c.from)) {
        for (const src of c.sources) {
          expect(fs.existsSync(path.join(ROOT, src)), `COPY ${src} exists`).toBe(true);
          expect(ignored(src), `COPY ${src} is not in .dockerignore`).toBe(false);
        }
      }
    }
  });

  it('keeps build outputs and secrets out of the context', () => {
    for (const p of ['node_modules', 'dist', 'native/build', '.git', 'test']) expect(ignored(p), p).toBe(true);
  });

  it('copies into the build stage everything npm ci builds from', () => {
    const copied = copies(build).flatMap((c) => c.sources);
    const covered = (rel: string) => copied.some((s) => rel === s || rel.startsWith(`${s}/`));
    // tsc (prepare → build): every root of tsconfig.json's include.
    const include = (JSON.parse(read('tsconfig.json')) as { include: string[] }).include;
    for (const glob of include) {
      const top = glob.split('/')[0]!;
      expect(covered(top), `tsconfig include ${glob}: COPY ${top}`).toBe(true);
    }
    // The lifecycle scripts npm ci runs, and the files they name.
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    const lifecycle = ['preinstall', 'install', 'postinstall', 'prepare', 'build'].map((s) => scripts[s]).filter((s) => s !== undefined);
    for (const cmd of lifecycle) {
      for (const word of cmd.split(/\s+/)) {
        // Paths the build writes (dist/…) are outputs, kept out of the context by .dockerignore.
        const input = /[/.]/.test(word) && fs.existsSync(path.join(ROOT, word)) && !ignored(word);
        if (input) expect(covered(word), `${cmd}: COPY ${word}`).toBe(true);
      }
    }
    for (const f of ['package.json', 'package-lock.json', 'tsconfig.json', 'native/binding.gyp']) expect(covered(f), f).toBe(true);
  });

  it("runs in the build stage only the commands CI runs (.ci/run)", () => {
    const ci = read('.ci/run').split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => l !== '' && !l.startsWith('#'));
    for (const run of steps(build, 'RUN')) expect(ci, `line ${run.line}`).toContain(run.args);
    expect(steps(build, 'RUN').map((r) => r.args)).toContain('npm ci');
  });

  it("has CI run the tests again under the image's Node major, read from the build stage's FROM", () => {
    const line = read('.ci/run').split('\n').find((l) => l.startsWith('IMAGE_NODE_MAJOR='));
    expect(line, 'IMAGE_NODE_MAJOR=… in .ci/run').toBeDefined();
    const major = execFileSync('bash', ['-c', `${line}\nprintf %s "$IMAGE_NODE_MAJOR"`], { cwd: ROOT, encoding: 'utf8' });
    expect(`node:${major}-bookworm`).toBe(build.image);
    expect(read('.ci/run')).toContain('PATH="$IMAGE_NODE_DIR/package/bin:$PATH" npm test');
  });

  it('runs as the proxy uid podwire init exempts, with the default ports exposed', () => {
    expect(steps(runtime, 'USER').at(-1)!.args).toBe(`${INIT_DEFAULTS.proxyUid}:${INIT_DEFAULTS.proxyUid}`);
    const exposed = steps(runtime, 'EXPOSE').flatMap((e) => e.args.split(/\s+/)).map(Number).sort();
    expect(exposed).toEqual([DEFAULTS.inboundListen, DEFAULTS.outboundListen, DEFAULTS.adminListen].map(port).sort());
    expect(port(DEFAULTS.inboundListen)).toBe(INIT_DEFAULTS.inboundPort);
    expect(port(DEFAULTS.outboundListen)).toBe(INIT_DEFAULTS.outboundPort);
  });

  it("starts tini, then node with podwire's startup options and the built CLI (package.json bin), in exec form", () => {
    const entry = JSON.parse(steps(runtime, 'ENTRYPOINT').at(-1)!.args) as string[];
    expect(entry.slice(0, 3)).toEqual(['/usr/bin/tini', '--', 'node']);
    expect(entry.slice(3, -1)).toEqual(NODE_STARTUP_OPTIONS);
    const script = entry.at(-1)!;
    // The image path comes from the build stage's dist/ (COPY --from=build), i.e. the repo's dist/.
    const distCopy = copies(runtime).find((c) => c.from === 'build' && c.sources.some((s) => s.endsWith('/dist')))!;
    const distInImage = inImage(workdirOf(runtime), distCopy.dest);
    const rel = path.posix.join(buildPathToRepo(distCopy.sources[0]!), path.posix.relative(distInImage, script));
    const bin = (JSON.parse(read('package.json')) as { bin: Record<string, string> }).bin['podwire'];
    expect(rel).toBe(bin);
    expect(fs.existsSync(path.join(ROOT, rel)), `${rel} is built`).toBe(true);
    expect(JSON.parse(steps(runtime, 'CMD').at(-1)!.args)).toEqual(['proxy']);
    expect(steps(runtime, 'RUN').some((r) => /apt-get install .*\btini\b/.test(r.args) && /\biptables\b/.test(r.args))).toBe(true);
  });

  it('puts the addon where the built code looks for it', async () => {
    const { ADDON_PATH } = await import('../../proxy/transport/orig-dst-native.js');
    const addonCopy = copies(runtime).find((c) => c.from === 'build' && c.sources.some((s) => s.endsWith('.node')))!;
    const repoAddon = buildPathToRepo(addonCopy.sources[0]!);
    // ADDON_PATH is computed from the module's location; in the image the same relative layout holds.
    expect(path.relative(ROOT, ADDON_PATH)).toBe(repoAddon);
    expect(path.posix.relative(workdirOf(runtime), inImage(workdirOf(runtime), addonCopy.dest))).toBe(repoAddon);
  });

  it("installs linkerd-await at the path Linkerd's postStart hook runs, a wrapper that execs `podwire await`", () => {
    expect(HOOK).toEqual(['/usr/lib/linkerd/linkerd-await', '--timeout=2m', `--port=${port(DEFAULTS.adminListen)}`]);
    const install = copies(runtime).find((c) => c.dest === HOOK[0]);
    expect(install, `COPY … ${HOOK[0]}`).toBeDefined();
    expect(install!.from).toBeUndefined();
    const wrapper = path.join(ROOT, install!.sources[0]!);
    // COPY keeps the file's mode: it must be executable by the image's user (uid 2102, not the owner).
    expect(fs.statSync(wrapper).mode & 0o005).toBe(0o005);
    const text = fs.readFileSync(wrapper, 'utf8');
    expect(text.startsWith('#!/bin/sh\n')).toBe(true);
    const entry = JSON.parse(steps(runtime, 'ENTRYPOINT').at(-1)!.args) as string[];
    expect(text).toContain(`\nexec ${entry[2]} ${entry.at(-1)} await "$@"\n`);
  });

  it('health-checks /live on the default admin port with node', () => {
    const hc = steps(runtime, 'HEALTHCHECK').at(-1)!.args;
    const cmd = JSON.parse(hc.slice(hc.indexOf('CMD ') + 4)) as string[];
    expect(cmd[0]).toBe('node');
    expect(cmd[2]).toContain(`http://${DEFAULTS.adminListen}/live`);
  });
});

describe('the runtime stage, replayed in a scratch directory', () => {
  let dir: string;
  let npmCiSeconds = 0;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podwire-image-'));
    const workdir = workdirOf(runtime);
    // Paths outside the WORKDIR (e.g. /usr/lib/linkerd/…) land under <dir>/rootfs.
    const local = (imagePath: string) => {
      const rel = path.posix.relative(workdir, inImage(workdir, imagePath));
      return rel.startsWith('..') ? path.join(dir, 'rootfs', inImage(workdir, imagePath)) : path.join(dir, rel);
    };
    for (const step of runtime.steps) {
      if (step.op === 'COPY') {
        const c = parseCopy(step.args);
        for (const src of c.sources) {
          const from = path.join(ROOT, c.from ? buildPathToRepo(src) : src);
          const to = c.dest.endsWith('/') ? path.join(local(c.dest), path.basename(src)) : local(c.dest);
          fs.mkdirSync(path.dirname(to), { recursive: true });
          fs.cpSync(from, to, { recursive: true });
        }
      } else if (step.op === 'RUN' && step.args.startsWith('npm ')) {
        // `npm ci` runs as written (plus --prefer-offline: the local cache may serve it). Cleaning
        // the cache is left out: here it is the machine's shared cache, not the image's.
        for (const cmd of step.args.split('&&').map((c) => c.trim()).filter((c) => c.startsWith('npm ci'))) {
          const started = performance.now();
          execFileSync('sh', ['-c', `${cmd} --prefer-offline`], { cwd: dir, stdio: 'pipe', timeout: 90_000 });
          npmCiSeconds += (performance.now() - started) / 1000;
        }
      }
      // Other RUN steps (apt-get, useradd) change the system, not the app directory.
    }
  }, 120_000);

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const entry = () => {
    const args = JSON.parse(steps(runtime, 'ENTRYPOINT').at(-1)!.args) as string[];
    const script = path.join(dir, path.posix.relative(workdirOf(runtime), args.at(-1)!));
    // node's arguments as the image gives them: its startup options, then the CLI.
    return (cliArgs: string[]) => spawnSync(process.execPath, [...args.slice(3, -1), script, ...cliArgs], {
      cwd: dir, encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', NODE_ENV: 'production' },
    });
  };

  it('has production dependencies only', () => {
    const modules = path.join(dir, 'node_modules');
    expect(fs.existsSync(path.join(modules, 'prom-client'))).toBe(true);
    for (const dev of ['typescript', 'vitest', 'fast-check', 'esbuild']) expect(fs.existsSync(path.join(modules, dev)), dev).toBe(false);
    // The bench's load tools are optional dependencies, and the sidecar's runtime has none of them.
    for (const tool of ['autocannon', 'hdr-histogram-js', 'pino-pretty']) expect(fs.existsSync(path.join(modules, tool)), tool).toBe(false);
    expect(npmCiSeconds).toBeGreaterThan(0);
  });

  it('runs the CLI from there: version, help, a pki command, a configuration error', () => {
    const podwire = entry();
    const version = (JSON.parse(read('package.json')) as { version: string }).version;
    expect(podwire(['version']).stdout).toBe(`podwire ${version}\n`);
    expect(podwire(['--help']).status).toBe(0);
    const pki = podwire(['pki', 'anchor', '--out', path.join(dir, 'anchor')]);
    expect(pki.status, pki.stderr).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'anchor', 'ca.crt'), 'utf8')).toContain('BEGIN CERTIFICATE');
    const proxy = podwire(['proxy']);
    expect(proxy.status).toBe(2);
    expect(proxy.stderr).toContain('LINKERD2_PROXY_IDENTITY_LOCAL_NAME');
  });

  it('runs the sidecar from its bundle, and names the missing tools for `podwire bench`', () => {
    expect(fs.existsSync(path.join(dir, 'dist/proxy/podwire-proxy.mjs'))).toBe(true);
    const podwire = entry();
    const bench = podwire(['bench', '--quick']);
    expect(bench.status).toBe(2);
    expect(bench.stderr).toContain('autocannon and hdr-histogram-js are not installed');
    expect(bench.stderr).toContain('npm install autocannon hdr-histogram-js');
  });

  it('loads the SO_ORIGINAL_DST addon from there', () => {
    const mod = path.join(dir, 'dist/proxy/transport/orig-dst-native.js');
    const out = execFileSync(process.execPath, ['--input-type=module', '-e',
      `const m = await import(${JSON.stringify(mod)}); const n = m.nativeOrigDst(); console.log(n.available ? 'ok' : n.reason);`], { encoding: 'utf8' });
    expect(out.trim()).toBe('ok');
  });

  it("runs the linkerd-await wrapper with the hook's arguments: 0 once /ready is 200, 69 on timeout", async () => {
    // The wrapper as installed, with the image's WORKDIR pointed at the scratch directory.
    const installed = fs.readFileSync(path.join(dir, 'rootfs', HOOK[0]!), 'utf8');
    const wrapper = path.join(dir, 'linkerd-await-here');
    fs.writeFileSync(wrapper, installed.replaceAll(`${workdirOf(runtime)}/`, `${dir}/`), { mode: 0o755 });
    let answers = [503, 503, 200];
    const server = http.createServer((req, res) => res.writeHead(req.url === '/ready' ? (answers.shift() ?? 503) : 404).end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const adminPort = (server.address() as { port: number }).port;
    const args = HOOK.slice(1).map((a) => a.replace(/^--port=\d+$/, `--port=${adminPort}`));
    const hook = (extra: string[]) => new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(wrapper, [...args, '--backoff=50ms', ...extra], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], env: { PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin` } });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.once('exit', (code) => resolve({ code, stderr }));
    });
    try {
      const ok = await hook([]);
      expect(ok.code, ok.stderr).toBe(0);
      expect(answers).toEqual([]);
      answers = [];
      const late = await hook(['--timeout=300ms']);
      expect(late.code).toBe(69);
      expect(late.stderr).toContain('did not become ready within 300ms');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('HEALTHCHECK passes on 200 from /live and fails on 503 or no server', async () => {
    const hc = steps(runtime, 'HEALTHCHECK').at(-1)!.args;
    const cmd = JSON.parse(hc.slice(hc.indexOf('CMD ') + 4)) as string[];
    let status = 200;
    const server = http.createServer((req, res) => res.writeHead(req.url === '/live' ? status : 404).end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    // The same command, pointed at this test's server instead of the default admin address.
    const script = cmd[2]!.replace(DEFAULTS.adminListen, `127.0.0.1:${port}`);
    const check = () => new Promise<number | null>((resolve) => {
      spawn(process.execPath, [cmd[1]!, script], { cwd: dir, stdio: 'ignore' }).once('exit', (code) => resolve(code));
    });
    try {
      expect(await check()).toBe(0);
      status = 503;
      expect(await check()).toBe(1);
    } finally {
      await new Promise((r) => server.close(r));
    }
    expect(await check()).toBe(1);
  });
});
